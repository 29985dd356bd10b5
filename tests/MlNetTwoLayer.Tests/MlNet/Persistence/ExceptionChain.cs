using Xunit.Sdk;

namespace MlNetTwoLayer.Tests.MlNet.Persistence;

/// <summary>Finds an exception of a given type in an exception's inner chain (ML.NET wraps loader errors twice).</summary>
public static class ExceptionChain
{
    public static T Find<T>(Exception? error) where T : Exception
        => TryFind<T>(error) ?? throw new XunitException($"Expected a {typeof(T).Name} in the chain, got: {error}");

    public static T? TryFind<T>(Exception? error) where T : Exception
    {
        for (Exception? e = error; e != null; e = e.InnerException)
        {
            if (e is T match)
            {
                return match;
            }
        }
        return null;
    }
}
