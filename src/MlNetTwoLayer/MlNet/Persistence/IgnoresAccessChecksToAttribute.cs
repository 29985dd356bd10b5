namespace System.Runtime.CompilerServices;

/// <summary>
/// Lets the assembly that carries it use the internals of the named assembly. The runtime honours it
/// by name; C# has no such attribute, so it is defined here for the build-time emitted
/// <c>MlNetTwoLayer.Loader.dll</c>, which declares <c>[assembly: IgnoresAccessChecksTo("Microsoft.ML.Core")]</c>
/// so ML.NET's internal <c>LoadableClassAttribute</c> on it is not silently dropped (docs/persistence.md).
/// Nothing in this library uses it.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
internal sealed class IgnoresAccessChecksToAttribute : Attribute
{
    /// <summary>Names the assembly whose internals may be used.</summary>
    /// <param name="assemblyName">The simple name of that assembly.</param>
    public IgnoresAccessChecksToAttribute(string assemblyName) => AssemblyName = assemblyName;

    /// <summary>The simple name of the assembly whose internals may be used.</summary>
    public string AssemblyName { get; }
}
