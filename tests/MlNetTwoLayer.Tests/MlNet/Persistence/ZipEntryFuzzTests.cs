using System.IO.Compression;
using Microsoft.ML;
using Xunit;
using Xunit.Sdk;

namespace MlNetTwoLayer.Tests.MlNet.Persistence;

/// <summary>
/// Damage to an ML.NET model zip's structure rather than its bytes (issue 17): every entry removed,
/// emptied, truncated, replaced by random bytes or by another entry, renamed, duplicated, and
/// neighbouring entries swapped. Each damaged zip either loads to a pipeline that predicts finite
/// scores or fails with the errors docs/persistence.md documents; never a crash-type exception.
/// </summary>
public class ZipEntryFuzzTests : IClassFixture<IrisModels>
{
    private readonly IrisModels _models;
    private readonly Xunit.Abstractions.ITestOutputHelper _output;

    public ZipEntryFuzzTests(IrisModels models, Xunit.Abstractions.ITestOutputHelper output)
    {
        _models = models;
        _output = output;
    }

    private static List<(string Name, byte[] Bytes)> Entries(byte[] zip)
    {
        using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        return archive.Entries.Select(e =>
        {
            using Stream stream = e.Open();
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return (e.FullName, copy.ToArray());
        }).ToList();
    }

    private static byte[] Zip(IEnumerable<(string Name, byte[] Bytes)> entries)
    {
        using var output = new MemoryStream();
        using (var archive = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach ((string name, byte[] bytes) in entries)
            {
                using Stream stream = archive.CreateEntry(name).Open();
                stream.Write(bytes);
            }
        }
        return output.ToArray();
    }

    /// <summary>Every structural damage of the zip, named.</summary>
    private static IEnumerable<(string What, byte[] Zip)> Damaged(byte[] zip)
    {
        List<(string Name, byte[] Bytes)> entries = Entries(zip);
        var random = new Random(17);
        for (int i = 0; i < entries.Count; i++)
        {
            string name = entries[i].Name;
            byte[] bytes = entries[i].Bytes;
            IEnumerable<(string, byte[])> With(byte[] replacement) => entries.Select((e, j) => j == i ? (e.Name, replacement) : e);
            yield return ($"{name} removed", Zip(entries.Where((_, j) => j != i)));
            yield return ($"{name} emptied", Zip(With([])));
            yield return ($"{name} truncated to half", Zip(With(bytes[..(bytes.Length / 2)])));
            var noise = new byte[bytes.Length];
            random.NextBytes(noise);
            yield return ($"{name} replaced by random bytes", Zip(With(noise)));
            int other = (i + 1) % entries.Count;
            yield return ($"{name} replaced by {entries[other].Name}", Zip(With(entries[other].Bytes)));
            yield return ($"{name} renamed", Zip(entries.Select((e, j) => j == i ? (e.Name + ".moved", e.Bytes) : e)));
            yield return ($"{name} duplicated", Zip(entries.Concat([entries[i]])));
            if (i + 1 < entries.Count)
            {
                yield return ($"{name} swapped with {entries[i + 1].Name}",
                    Zip(entries.Select((e, j) => j == i ? (e.Name, entries[i + 1].Bytes) : j == i + 1 ? (e.Name, entries[i].Bytes) : e)));
            }
        }
        yield return ("entries in reverse order", Zip(Enumerable.Reverse(entries)));
    }

    [Fact]
    public void ZipsWithDamagedEntriesLoadToFiniteModelsOrThrowDocumentedErrors()
    {
        using var saved = new MemoryStream();
        _models.Context.Model.Save(_models.Chain, _models.Data.Schema, saved);
        var ml = new MLContext(seed: 1);
        var outcomes = new Dictionary<string, int>();
        int cases = 0;
        foreach ((string what, byte[] damaged) in Damaged(saved.ToArray()))
        {
            cases++;
            string outcome;
            try
            {
                ITransformer model = ml.Model.Load(new MemoryStream(damaged), out _);
                outcome = Predict(ml, model, what);
            }
            catch (Exception e) when (MlNetLoadErrors.IsDocumented(e))
            {
                outcome = "load: " + MlNetLoadErrors.Describe(e);
            }
            catch (Exception e)
            {
                throw new XunitException($"{what}: Model.Load threw an undocumented error: {e}");
            }
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        }
        foreach (KeyValuePair<string, int> kv in outcomes)
        {
            _output.WriteLine($"{kv.Value,4}  {kv.Key}");
        }
        Assert.InRange(cases, 40, 400);
        Assert.True(outcomes.Count > 2, "Every damaged zip behaved alike: " + string.Join(", ", outcomes.Select(kv => $"{kv.Key}: {kv.Value}")));
    }

    /// <summary>A zip that still loads may hold another pipeline (entries swapped): predicting then either gives finite scores or fails at once, naming what does not fit.</summary>
    private static string Predict(MLContext ml, ITransformer model, string what)
    {
        try
        {
            var (bits, _) = IrisModels.Predict(ml, model);
            Assert.All(bits, b => Assert.True(float.IsFinite(BitConverter.Int32BitsToSingle(b)), $"{what}: a loaded model scored a non-finite value"));
            return "loaded and predicted";
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException && !MlNetLoadErrors.HasCrashType(e))
        {
            return "loaded, predict: " + e.GetType().Name;
        }
    }
}
