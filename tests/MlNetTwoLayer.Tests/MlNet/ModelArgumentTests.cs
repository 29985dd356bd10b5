using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetTwoLayer.Tests.Helpers;
using Xunit;

namespace MlNetTwoLayer.Tests.MlNet;

/// <summary>
/// The public members of <see cref="TwoLayerModelParameters"/>, <see cref="TwoLayerTransformer"/> and
/// <c>SaveAtomically</c>: bad arguments fail by name with a message saying what is wrong, a stream export
/// reaches the stream (flushed), and scoring a hidden layer too wide for the stack gives the same
/// probabilities as a plain double-precision forward pass.
/// </summary>
public class ModelArgumentTests
{
    private sealed class Row
    {
        [VectorType(3)]
        public float[] Features { get; set; } = [0, 0, 0];
    }

    [Fact]
    public void ScoringChecksBothSpansAndNamesThem()
    {
        TwoLayerModelParameters model = SmallModels.Create();
        var features = new float[model.InputCount + 1];
        var tooLong = Assert.Throws<ArgumentException>(() => model.Score(features, new float[model.ClassCount]));
        Assert.Equal("features", tooLong.ParamName);
        Assert.StartsWith($"The model takes {model.InputCount} features, but {model.InputCount + 1} were given.", tooLong.Message);

        var tooShort = Assert.Throws<ArgumentException>(() => model.Score(new float[model.InputCount], new float[model.ClassCount - 1]));
        Assert.Equal("probabilities", tooShort.ParamName);
        Assert.StartsWith($"The model writes {model.ClassCount} probabilities, but the destination holds {model.ClassCount - 1}.", tooShort.Message);

        // A longer destination is fine: only the first ClassCount values are written.
        var wide = Enumerable.Repeat(-1f, model.ClassCount + 2).ToArray();
        model.Score(new float[model.InputCount], wide);
        Assert.Equal(1, wide.Take(model.ClassCount).Sum(), 5);
        Assert.Equal([-1f, -1f], wide.Skip(model.ClassCount));
    }

    [Fact]
    public void AHiddenLayerOnAndPastTheStackLimitScoresLikeAPlainForwardPass()
    {
        ScoresLikeAPlainForwardPass(4096);
        ScoresLikeAPlainForwardPass(5000);
    }

    private static void ScoresLikeAPlainForwardPass(int hidden)
    {
        var random = new Random(hidden);
        var w1 = new float[3, hidden];
        var w2 = new float[hidden, 2];
        for (int j = 0; j < hidden; j++)
        {
            for (int i = 0; i < 3; i++)
            {
                w1[i, j] = (float)(random.NextDouble() - 0.5);
            }
            w2[j, 0] = (float)(random.NextDouble() - 0.5) / 10;
            w2[j, 1] = (float)(random.NextDouble() - 0.5) / 10;
        }
        float[] b1 = Enumerable.Range(0, hidden).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        var model = new TwoLayerModelParameters(w1, b1, w2, [0.1f, -0.1f]);
        float[] x = [0.5f, -1, 2];

        double[] logits = new double[2];
        for (int j = 0; j < hidden; j++)
        {
            double h = Math.Max(0, b1[j] + x[0] * (double)w1[0, j] + x[1] * (double)w1[1, j] + x[2] * (double)w1[2, j]);
            logits[0] += h * w2[j, 0];
            logits[1] += h * w2[j, 1];
        }
        logits[0] += 0.1f;
        logits[1] += -0.1f;
        double p0 = 1 / (1 + Math.Exp(logits[1] - logits[0]));

        // Twice: a rented buffer goes back to the pool and is reused.
        for (int round = 0; round < 2; round++)
        {
            var p = new float[2];
            model.Score(x, p);
            Assert.Equal(p0, p[0], 4);
            Assert.Equal(1 - p0, p[1], 4);
        }
    }

    [Fact]
    public void SavingAndExportingRefuseNullOrReadOnlyTargetsByName()
    {
        TwoLayerModelParameters model = SmallModels.Create();
        using var readOnly = new MemoryStream(new byte[16], writable: false);
        Assert.Equal("stream", Assert.Throws<ArgumentNullException>(() => model.Save(null!)).ParamName);
        Assert.Equal("stream", Assert.Throws<ArgumentNullException>(() => model.ExportToOnnx((Stream)null!)).ParamName);
        var onnxReadOnly = Assert.Throws<ArgumentException>(() => model.ExportToOnnx(readOnly));
        Assert.Equal("stream", onnxReadOnly.ParamName);
        Assert.StartsWith("The stream cannot be written (it is read-only or closed).", onnxReadOnly.Message);
        Assert.StartsWith("The stream cannot be written (it is read-only or closed).", Assert.Throws<ArgumentException>(() => model.Save(readOnly)).Message);
        Assert.Equal("path", Assert.Throws<ArgumentException>(() => model.ExportToOnnx(" ")).ParamName);
        Assert.Equal("path", Assert.Throws<ArgumentNullException>(() => model.ExportToOnnx((string)null!)).ParamName);

        var ml = new MLContext(seed: 1);
        var transformer = new TwoLayerTransformer(ml, model);
        Assert.Equal("catalog", Assert.Throws<ArgumentNullException>(() => TwoLayerModelOperationsExtensions.SaveAtomically(null!, transformer, null, "x.zip")).ParamName);
        Assert.Equal("model", Assert.Throws<ArgumentNullException>(() => ml.Model.SaveAtomically(null!, null, "x.zip")).ParamName);
        Assert.Equal("filePath", Assert.Throws<ArgumentException>(() => ml.Model.SaveAtomically(transformer, null, " ")).ParamName);
    }

    [Fact]
    public void AStreamExportIsFlushedToTheStreamBeneath()
    {
        TwoLayerModelParameters model = SmallModels.Create();
        using var target = new MemoryStream();
        using var buffered = new BufferedStream(target, 1 << 20);
        model.ExportToOnnx(buffered);
        var direct = new MemoryStream();
        model.ExportToOnnx(direct);
        Assert.True(direct.Length > 0);
        Assert.Equal(direct.ToArray(), target.ToArray());
    }

    [Fact]
    public void TheTransformerRefusesBadArgumentsByNameAndWorkAfterDisposal()
    {
        var ml = new MLContext(seed: 1);
        TwoLayerModelParameters model = SmallModels.Create();
        Assert.Equal("model", Assert.Throws<ArgumentNullException>(() => new TwoLayerTransformer(ml, null!)).ParamName);
        Assert.Equal("mlContext", Assert.Throws<ArgumentNullException>(() => TwoLayerTransformer.Create(null!, model)).ParamName);
        foreach (string empty in new[] { "", "  " })
        {
            var error = Assert.Throws<ArgumentOutOfRangeException>(() => new TwoLayerTransformer(ml, model, empty));
            Assert.Equal("featureColumnName", error.ParamName);
            Assert.StartsWith("The feature column name must not be empty.", error.Message);
        }

        var surrogate = Assert.Throws<ArgumentOutOfRangeException>(() => new TwoLayerTransformer(ml, model, "F\udc00x"));
        Assert.StartsWith("The feature column name 'F\udc00x' is not valid Unicode text: it has a lone surrogate (U+DC00) at index 1", surrogate.Message);
        Assert.Contains("Use a name made of whole characters. Rename the column (mlContext.Transforms.CopyColumns).", surrogate.Message);
        string longest = new string('n', (1 << 16) - 2) + "é";
        Assert.Equal(longest, new TwoLayerTransformer(ml, model, longest).FeatureColumnName);
        var tooLong = Assert.Throws<ArgumentOutOfRangeException>(() => new TwoLayerTransformer(ml, model, longest + "n"));
        Assert.Equal("featureColumnName", tooLong.ParamName);
        Assert.Equal($"'{longest[..40]}...'", tooLong.ActualValue);
        Assert.StartsWith("The feature column name takes 65537 UTF-8 bytes; a saved model holds at most 65536. Rename the column (mlContext.Transforms.CopyColumns).", tooLong.Message);

        var transformer = new TwoLayerTransformer(ml, model);
        Assert.True(transformer.IsRowToRowMapper);
        Assert.Equal("Features", transformer.FeatureColumnName);
        Assert.Null(transformer.LabelColumnName);
        Assert.Null(transformer.History);
        Assert.Equal("input", Assert.Throws<ArgumentNullException>(() => transformer.Transform(null!)).ParamName);
        Assert.Equal("inputSchema", Assert.Throws<ArgumentNullException>(() => transformer.GetOutputSchema(null!)).ParamName);

        transformer.Dispose();
        IDataView data = ml.Data.LoadFromEnumerable(new[] { new Row() });
        Assert.Throws<ObjectDisposedException>(() => transformer.Transform(data));
        Assert.Throws<ObjectDisposedException>(() => transformer.GetOutputSchema(data.Schema));
        Assert.Throws<ObjectDisposedException>(() => transformer.GetRowToRowMapper(data.Schema));
    }
}
