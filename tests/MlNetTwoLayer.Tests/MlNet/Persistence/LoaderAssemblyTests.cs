using System.Reflection;
using Xunit;

namespace MlNetTwoLayer.Tests.MlNet.Persistence;

/// <summary>The build-time emitted MlNetTwoLayer.Loader.dll (tools/LoaderEmitter, docs/persistence.md).</summary>
public class LoaderAssemblyTests
{
    [Fact]
    public void LoaderAssemblyIsBesideTheTestsAndInTheirDepsFile()
    {
        Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, "MlNetTwoLayer.Loader.dll")));
        string deps = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "MlNetTwoLayer.Tests.deps.json"));
        Assert.Contains("\"MlNetTwoLayer.Loader.dll\"", deps);
    }

    [Fact]
    public void LoaderAssemblyDeclaresTheLoaderForTheCurrentAndTheLegacyNames()
    {
        Assembly loader = Assembly.Load(new AssemblyName(TwoLayerModelLoader.LoaderAssemblyName));

        CustomAttributeData loadable = Assert.Single(loader.GetCustomAttributesData(), a => a.AttributeType.FullName == "Microsoft.ML.LoadableClassAttribute");
        Assert.Equal(typeof(TwoLayerTransformer), loadable.ConstructorArguments[0].Value);
        Assert.Equal(TwoLayerModelLoader.LoaderTypeName, ((Type)loadable.ConstructorArguments[1].Value!).FullName);
        Assert.Equal("Microsoft.ML.SignatureLoadModel", ((Type)loadable.ConstructorArguments[3].Value!).FullName);
        string[] loadNames = ((IEnumerable<CustomAttributeTypedArgument>)loadable.ConstructorArguments[5].Value!).Select(a => (string)a.Value!).ToArray();
        Assert.Equal(["TwoLayerTransformerB", "TwoLayerTransformer"], loadNames);
        CustomAttributeData ignores = Assert.Single(loader.GetCustomAttributesData(), a => a.AttributeType.Name == "IgnoresAccessChecksToAttribute");
        Assert.Equal("Microsoft.ML.Core", ignores.ConstructorArguments[0].Value);
    }

    [Fact]
    public void SavedModelsNameTheLoaderAssemblyAndLegacyFilesKeepTheirNames()
    {
        Assert.Equal("MlNetTwoLayer.Loader", TwoLayerModelLoader.Identity.LoaderAssemblyName);
        Assert.Equal(("MlNetTwoLayer", "TwoLayerTransformer"), (TwoLayerModelLoader.LegacyIdentity.LoaderAssemblyName, TwoLayerModelLoader.LegacyIdentity.LoaderSignature));
        Assert.NotEqual(TwoLayerModelLoader.Identity.LoaderSignature, TwoLayerModelLoader.LegacyIdentity.LoaderSignature);
        Assert.Equal(TwoLayerModelLoader.Identity with { LoaderAssemblyName = "", LoaderSignature = "" },
            TwoLayerModelLoader.LegacyIdentity with { LoaderAssemblyName = "", LoaderSignature = "" });
    }
}
