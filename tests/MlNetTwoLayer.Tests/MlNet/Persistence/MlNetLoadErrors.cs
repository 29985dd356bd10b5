namespace MlNetTwoLayer.Tests.MlNet.Persistence;

/// <summary>
/// What docs/persistence.md promises for a damaged ML.NET model file: ML.NET's own load errors at the
/// top (<see cref="InvalidOperationException"/>, <see cref="FormatException"/>, an
/// <see cref="IOException"/> such as the zip reader's <see cref="InvalidDataException"/>, or
/// <see cref="System.Reflection.TargetInvocationException"/> around a loader's error), with our
/// decoder's <see cref="InvalidDataException"/> inside when the damage is in our payload; never a
/// crash-type exception anywhere in the chain.
/// </summary>
public static class MlNetLoadErrors
{
    private static readonly Type[] s_forbidden =
        [typeof(OutOfMemoryException), typeof(IndexOutOfRangeException), typeof(NullReferenceException), typeof(AccessViolationException), typeof(StackOverflowException)];

    /// <summary>True when a crash-type exception (out of memory, index out of range, null reference, ...) is anywhere in the chain.</summary>
    public static bool HasCrashType(Exception error) => Chain(error).Any(e => s_forbidden.Contains(e.GetType()));

    public static bool IsDocumented(Exception error)
    {
        var chain = Chain(error).ToList();
        if (chain.Any(e => s_forbidden.Contains(e.GetType())))
        {
            return false;
        }
        return error is InvalidOperationException or FormatException or InvalidDataException or IOException or System.Reflection.TargetInvocationException;
    }

    /// <summary>True when the chain names the damage: our decoder's message, ML.NET's format check, or a garbled loader assembly name it could not load.</summary>
    public static bool NamesTheDamage(Exception error) => Chain(error).Any(e => e is InvalidDataException or IOException or FormatException);

    public static string Describe(Exception error) => string.Join(" > ", Chain(error).Select(e => e.GetType().Name));

    private static IEnumerable<Exception> Chain(Exception? error)
    {
        for (Exception? e = error; e != null; e = e.InnerException)
        {
            yield return e;
        }
    }
}
