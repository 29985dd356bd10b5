using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetTwoLayer.Tests.Helpers;

namespace MlNetTwoLayer.Tests.MlNet.Trainer;

/// <summary>
/// The small data set and fixed starting weights the option-effect tests train on: 30 rows, 4
/// features, 3 unbalanced classes (15/9/6) and varied example weights, so every option has
/// something to act on.
/// </summary>
public static class OptionEffectData
{
    public const int Inputs = 4, Hidden = 5, Classes = 3, Rows = 30;

    public sealed class Row
    {
        [VectorType(Inputs)]
        public float[] Features { get; set; } = [];

        public float Label { get; set; }

        public float Weight { get; set; } = 1;
    }

    public static List<Row> Make(int rows = Rows, int seed = 7)
    {
        var random = new Random(seed);
        var list = new List<Row>();
        for (int r = 0; r < rows; r++)
        {
            int label = r % 10 < 5 ? 0 : r % 10 < 8 ? 1 : 2;
            float[] x = Enumerable.Range(0, Inputs).Select(i => (float)(0.6 * random.NextDouble() + (i == label ? 0.5 : 0) - 0.2)).ToArray();
            list.Add(new Row { Features = x, Label = label, Weight = (float)(0.25 + 2 * random.NextDouble()) });
        }
        return list;
    }

    public static ReferenceTrainer.Data ToReference(IEnumerable<Row> rows)
    {
        Row[] all = rows.ToArray();
        return new ReferenceTrainer.Data(all.Select(r => r.Features.Select(v => (double)v).ToArray()).ToArray(),
            all.Select(r => (int)r.Label).ToArray(), all.Select(r => (double)r.Weight).ToArray(), Classes);
    }

    /// <summary>Starting weights drawn here, not by the library, with both signs so ReLU units start alive and dead.</summary>
    public static TwoLayerModelParameters InitialModel(HiddenActivation activation = HiddenActivation.Relu, int seed = 3)
    {
        var random = new Random(seed);
        float Draw() => (float)(random.NextDouble() - 0.5);
        var w1 = new float[Inputs, Hidden];
        var w2 = new float[Hidden, Classes];
        for (int i = 0; i < Inputs; i++)
        {
            for (int j = 0; j < Hidden; j++)
            {
                w1[i, j] = 2 * Draw();
            }
        }
        for (int j = 0; j < Hidden; j++)
        {
            for (int k = 0; k < Classes; k++)
            {
                w2[j, k] = 2 * Draw();
            }
        }
        float[] b1 = Enumerable.Range(0, Hidden).Select(_ => 0.2f * Draw()).ToArray();
        float[] b2 = Enumerable.Range(0, Classes).Select(_ => 0.2f * Draw()).ToArray();
        return new TwoLayerModelParameters(w1, b1, w2, b2, classNames: null, activation);
    }

    public static IDataView Load(MLContext ml, IEnumerable<Row> rows) => ml.Data.LoadFromEnumerable(rows);
}
