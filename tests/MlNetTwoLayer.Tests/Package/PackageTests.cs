using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using Xunit;

namespace MlNetTwoLayer.Tests.Package;

/// <summary>
/// Packs the library as a user would get it and uses it from a fresh console project that knows the
/// package only through a local source: train, save, load in a new MLContext, predict.
/// </summary>
public sealed class PackageTests
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(5);

    [Fact]
    [Trait("Category", "Package")]
    public void PackedLibraryTrainsSavesLoadsAndPredictsInAFreshConsoleProject()
    {
        string repoRoot = FindRepositoryRoot();
        // A version never used before, so the packages cache can never hand back an older build.
        string version = $"0.0.0-test.{DateTime.UtcNow:yyyyMMddHHmmss}.{Guid.NewGuid().ToString("N")[..8]}";
        string root = Path.Combine(Path.GetTempPath(), $"mlnet-twolayer-package-{Guid.NewGuid():N}");
        string feed = Path.Combine(root, "feed"), build = Path.Combine(root, "build"), app = Path.Combine(root, "app");
        Directory.CreateDirectory(feed);
        Directory.CreateDirectory(app);
        try
        {
            // Build outputs and nuspecs go to the temp folder, and --no-restore (the test project's build
            // restored the library already) keeps the version out of obj/project.assets.json: the
            // repository's bin/obj are left exactly as they were.
            Run(repoRoot, "pack", Path.Combine(repoRoot, "src", "MlNetTwoLayer", "MlNetTwoLayer.csproj"), "--no-restore", "-c", "Release", "-o", feed,
                $"-p:Version={version}", $"-p:OutputPath={build}/bin/", $"-p:IntermediateOutputPath={build}/obj/", $"-p:NuspecOutputPath={build}/nuspec/");
            AssertPackageContents(Path.Combine(feed, $"MlNetTwoLayer.{version}.nupkg"), version);
            Assert.True(File.Exists(Path.Combine(feed, $"MlNetTwoLayer.{version}.snupkg")), "no symbol package (.snupkg) next to the .nupkg");

            WriteConsoleProject(app, feed, Path.Combine(root, "packages"), version);
            string output = Run(app, "run", "-c", "Release");

            Assert.Contains($"package {version}", output);
            Assert.Contains("loaded predictions equal: True", output);
            Assert.Contains("accuracy 1.000", output);
        }
        finally
        {
            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }

    private static void AssertPackageContents(string nupkg, string version)
    {
        Assert.True(File.Exists(nupkg), $"dotnet pack did not make {nupkg}");
        using ZipArchive zip = ZipFile.OpenRead(nupkg);
        var entries = zip.Entries.Select(e => e.FullName).ToHashSet();
        Assert.Contains("README.md", entries);
        Assert.Contains("LICENSE", entries);
        Assert.Contains("lib/net10.0/MlNetTwoLayer.dll", entries);
        Assert.Contains("lib/net10.0/MlNetTwoLayer.xml", entries);
        Assert.Contains("lib/net10.0/MlNetTwoLayer.Loader.dll", entries);

        using var reader = new StreamReader(zip.GetEntry("MlNetTwoLayer.nuspec")!.Open());
        string nuspec = reader.ReadToEnd();
        Assert.Contains($"<version>{version}</version>", nuspec);
        Assert.Contains("<readme>README.md</readme>", nuspec);
        Assert.Contains("<license type=\"expression\">MIT</license>", nuspec);
        Assert.Contains("<repository type=\"git\"", nuspec);
        Assert.Contains("id=\"Microsoft.ML\" version=\"[5.0.1, 5.1.0)\"", nuspec);
    }

    /// <summary>
    /// A console project that knows the package only through <paramref name="feed"/>. The machine's
    /// default sources stay (no &lt;clear/&gt;) for Microsoft.ML; the machine's packages folder is a
    /// read-only fallback, so only the package under test is extracted, into a folder deleted afterwards.
    /// </summary>
    private static void WriteConsoleProject(string app, string feed, string packages, string version)
    {
        string machinePackages = Run(app, "nuget", "locals", "global-packages", "--list").Trim();
        machinePackages = machinePackages[(machinePackages.IndexOf(':') + 1)..].Trim();
        File.WriteAllText(Path.Combine(app, "NuGet.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="mlnet-twolayer-under-test" value="{feed}" />
              </packageSources>
              <config>
                <add key="globalPackagesFolder" value="{packages}" />
              </config>
              <fallbackPackageFolders>
                <add key="machine" value="{machinePackages}" />
              </fallbackPackageFolders>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(app, "PackageUser.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="MlNetTwoLayer" Version="{version}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(app, "Program.cs"), """
            using System.Reflection;
            using Microsoft.ML;
            using Microsoft.ML.Data;
            using MlNetTwoLayer;

            // Three well separated clusters; train, save, load in a context that built nothing, predict.
            var random = new Random(1);
            var rows = Enumerable.Range(0, 150).Select(i => new Row
            {
                Features = [3 * (i % 3) + (float)random.NextDouble(), (float)random.NextDouble()],
                Label = i % 3,
            }).ToArray();
            var ml = new MLContext(seed: 1);
            IDataView data = ml.Data.LoadFromEnumerable(rows);
            ITransformer model = ml.Transforms.NormalizeMinMax("Features")
                .Append(ml.MulticlassClassification.Trainers.TwoLayer(new TwoLayerTrainer.Options { HiddenUnits = 8, NumberOfEpochs = 50, Seed = 1 }))
                .Fit(data);
            string path = Path.Combine(AppContext.BaseDirectory, "model.zip");
            ml.Model.Save(model, data.Schema, path);

            var loadContext = new MLContext();   // builds nothing, registers nothing: plain Model.Load
            ITransformer loaded = loadContext.Model.Load(path, out _);
            float[][] before = model.Transform(data).GetColumn<float[]>("Score").ToArray();
            float[][] after = loaded.Transform(loadContext.Data.LoadFromEnumerable(rows)).GetColumn<float[]>("Score").ToArray();
            uint[] predicted = loaded.Transform(loadContext.Data.LoadFromEnumerable(rows)).GetColumn<uint>("PredictedLabel").ToArray();
            double accuracy = predicted.Zip(rows, (p, r) => p - 1 == r.Label ? 1.0 : 0.0).Average();

            string version = typeof(TwoLayerTrainer).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;
            Console.WriteLine($"package {version.Split('+')[0]}");
            Console.WriteLine($"loaded predictions equal: {before.Zip(after).All(p => p.First.SequenceEqual(p.Second))}");
            Console.WriteLine($"accuracy {accuracy:F3}");

            sealed class Row
            {
                [VectorType(2)]
                public float[] Features { get; set; } = [];

                public float Label { get; set; }
            }
            """);
    }

    /// <summary>Runs the dotnet CLI; fails with the command, exit code, stdout and stderr unless it exits 0 in time.</summary>
    private static string Run(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo(DotnetPath())
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        if (arguments[0] is "pack" or "run")
        {
            // Leave no build servers running after the test.
            start.ArgumentList.Add("-nodeReuse:false");
            start.ArgumentList.Add("-p:UseSharedCompilation=false");
        }
        // The test host inherits MSBuild variables from the `dotnet test` that started it; a child SDK
        // build must find its own.
        foreach (string name in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";

        using var process = new Process { StartInfo = start };
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (stdout) { stdout.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (stderr) { stderr.AppendLine(e.Data); } } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        bool exited = process.WaitForExit(StepTimeout);
        if (!exited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
        else
        {
            process.WaitForExit();   // drains the asynchronous output readers
        }
        string command = $"dotnet {string.Join(' ', arguments)} (in {workingDirectory})";
        string streams;
        lock (stdout)
        {
            lock (stderr)
            {
                streams = $"{Environment.NewLine}--- stdout ---{Environment.NewLine}{stdout}--- stderr ---{Environment.NewLine}{stderr}";
            }
        }
        Assert.True(exited, $"{command} did not finish within {StepTimeout.TotalMinutes} minutes.{streams}");
        Assert.True(process.ExitCode == 0, $"{command} exited with code {process.ExitCode}.{streams}");
        return stdout.ToString();
    }

    private static string DotnetPath()
    {
        // Set by the dotnet CLI for the processes it starts (the test host among them).
        string? host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        return host is not null && File.Exists(host) ? host : "dotnet";
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "MlNetTwoLayer.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"No MlNetTwoLayer.sln in {AppContext.BaseDirectory} or any folder above it.");
    }
}
