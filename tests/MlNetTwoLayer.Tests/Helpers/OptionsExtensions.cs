namespace MlNetTwoLayer.Tests.Helpers;

/// <summary>Option objects are classes, not records: this copies one and changes the copy.</summary>
public static class OptionsExtensions
{
    /// <summary>A copy of <paramref name="options"/> (the trainers copy them the same way) with <paramref name="change"/> applied.</summary>
    public static T With<T>(this T options, Action<T> change)
        where T : TwoLayerOptionsBase
    {
        var copy = (T)options.Clone();
        change(copy);
        return copy;
    }
}
