using Xunit;

namespace MlNetTwoLayer.Tests.Helpers;

/// <summary>
/// Tests that measure process-wide memory or threads run alone: xunit runs a collection with
/// parallelisation disabled after all others, so no other test allocates meanwhile.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryCollection
{
    public const string Name = "Process-wide measurements";
}
