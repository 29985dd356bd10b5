using MlNetTwoLayer.Tests.MlNet.Persistence;

// Usage: dotnet run --project tools/GoldenFixtureWriter -c Release -- [--out <folder>] [--model-and-zip] [--loader-zip]
// --model-and-zip trains the tests' Iris pipeline and writes iris-v1.tlnn, iris-pipeline-v1.zip and
// iris-v1.expected.json; --loader-zip builds iris-pipeline-v1-loader.zip from the golden network in
// the tests' fixture folder. Without --out the files go to tests/MlNetTwoLayer.Tests/Fixtures/Persistence,
// replacing the golden ones: review the diff, since a changed golden file of a released format
// version is a compatibility break. Use --out to a scratch folder to compare instead.
string? output = null;
bool modelAndZip = false, loaderZip = false;
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--out" when i + 1 < args.Length:
            output = args[++i];
            break;
        case "--model-and-zip":
            modelAndZip = true;
            break;
        case "--loader-zip":
            loaderZip = true;
            break;
        default:
            Console.Error.WriteLine("usage: GoldenFixtureWriter [--out <folder>] [--model-and-zip] [--loader-zip]");
            return 2;
    }
}
if (!modelAndZip && !loaderZip)
{
    Console.Error.WriteLine("nothing to write: pass --model-and-zip and/or --loader-zip");
    return 2;
}
output ??= Path.Combine(RepositoryRoot(), "tests", "MlNetTwoLayer.Tests", "Fixtures", "Persistence");
Directory.CreateDirectory(output);
if (modelAndZip)
{
    GoldenFixtures.Write(new IrisModels(), output);
    Console.WriteLine($"wrote {GoldenFixtures.ModelFile}, {GoldenFixtures.ZipFile} and {GoldenFixtures.ExpectedFile} to {output}");
}
if (loaderZip)
{
    GoldenFixtures.WriteLoaderZip(output);
    Console.WriteLine($"wrote {GoldenFixtures.LoaderZipFile} to {output}");
}
return 0;

// The folder holding MlNetTwoLayer.sln, above the tool's own output folder.
static string RepositoryRoot()
{
    for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "MlNetTwoLayer.sln")))
        {
            return dir.FullName;
        }
    }
    throw new DirectoryNotFoundException($"No MlNetTwoLayer.sln above {AppContext.BaseDirectory}; pass --out <folder>.");
}
