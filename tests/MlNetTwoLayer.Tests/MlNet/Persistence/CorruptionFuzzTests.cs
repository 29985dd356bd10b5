using Microsoft.ML;
using Xunit;
using Xunit.Sdk;
using MlNetTwoLayer.Tests.Helpers;

namespace MlNetTwoLayer.Tests.MlNet.Persistence;

public class CorruptionFuzzTests : IClassFixture<IrisModels>
{
    private readonly IrisModels _models;

    public CorruptionFuzzTests(IrisModels models) => _models = models;

    [Fact]
    public void DamagedModelFilesLoadToFiniteModelsOrThrowInvalidDataException()
    {
        byte[] original = SmallModels.Bytes(_models.Network.Model);
        var random = new Random(20240601);
        int loaded = 0;
        for (int i = 0; i < 2000; i++)
        {
            byte[] damaged = Corruptor.Damage(original, random);
            try
            {
                TwoLayerModelParameters model = TwoLayerModelParameters.Load(new MemoryStream(damaged));
                Assert.All(SmallModels.ScoreProbe(model), p => Assert.True(float.IsFinite(p)));
                loaded++;
            }
            catch (InvalidDataException)
            {
            }
            catch (Exception e)
            {
                throw new XunitException($"Copy {i} ({damaged.Length} bytes) threw {e.GetType().Name}, not InvalidDataException: {e}");
            }
        }
        // Only damage past the model's end (an inserted run after the checksum, say) can still load.
        Assert.InRange(loaded, 0, 100);
    }

    [Fact]
    public void DamagedMlNetZipsLoadToFiniteModelsOrThrowDocumentedErrors()
    {
        using var saved = new MemoryStream();
        _models.Context.Model.Save(_models.Chain, _models.Data.Schema, saved);
        byte[] zip = saved.ToArray();
        var random = new Random(77);
        var ml = new MLContext(seed: 1);
        var outcomes = new Dictionary<string, int>();
        for (int i = 0; i < 300; i++)
        {
            // Half the copies damage our entry from inside the zip, past the zip's own CRC check.
            byte[] damaged = i % 2 == 0 ? Corruptor.Damage(zip, random) : ZipEntries.RewriteOurPayload(zip, entry => Corruptor.Damage(entry, random));
            string outcome = LoadOutcome(ml, damaged, i, payloadOnly: i % 2 == 1);
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        }
        Assert.True(outcomes.Count > 1, "Every damaged copy behaved the same: " + string.Join(", ", outcomes.Select(kv => $"{kv.Key}: {kv.Value}")));
    }

    private static string LoadOutcome(MLContext ml, byte[] damaged, int copy, bool payloadOnly)
    {
        try
        {
            ITransformer model = ml.Model.Load(new MemoryStream(damaged), out _);
            var (bits, _) = IrisModels.Predict(ml, model);
            Assert.All(bits, b => Assert.True(float.IsFinite(BitConverter.Int32BitsToSingle(b))));
            return "loaded";
        }
        catch (Exception e) when (MlNetLoadErrors.IsDocumented(e) && (!payloadOnly || MlNetLoadErrors.NamesTheDamage(e)))
        {
            return MlNetLoadErrors.Describe(e);
        }
        catch (Exception e)
        {
            throw new XunitException($"Zip copy {copy} threw an undocumented error: {e}");
        }
    }
}
