using MlNetTwoLayer.Tests.MlNet.Persistence;

// Usage: dotnet run --project tools/GoldenFixtureWriter -c Release -- [--model-and-zip] [--loader-zip]
// --model-and-zip trains the tests' Iris pipeline and writes iris-v1.tlnn, iris-pipeline-v1.zip and
// iris-v1.expected.json; --loader-zip rebuilds iris-pipeline-v1-loader.zip from the golden network.
// Then review the diff: a changed golden file of a released format version is a compatibility break.
if (args.Length == 0 || args.Any(a => a is not ("--model-and-zip" or "--loader-zip")))
{
    Console.Error.WriteLine("usage: GoldenFixtureWriter [--model-and-zip] [--loader-zip]");
    return 2;
}
if (args.Contains("--model-and-zip"))
{
    GoldenFixtures.Write(new IrisModels());
    Console.WriteLine($"wrote {GoldenFixtures.ModelFile}, {GoldenFixtures.ZipFile} and {GoldenFixtures.ExpectedFile}");
}
if (args.Contains("--loader-zip"))
{
    GoldenFixtures.WriteLoaderZip();
    Console.WriteLine($"wrote {GoldenFixtures.LoaderZipFile}");
}
return 0;
