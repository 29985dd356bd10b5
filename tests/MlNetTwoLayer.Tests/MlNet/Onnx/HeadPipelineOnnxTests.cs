using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using MlNetTwoLayer.Tests.Helpers;
using Xunit;
using Xunit.Abstractions;

namespace MlNetTwoLayer.Tests.MlNet.Onnx;

/// <summary>
/// Issue 18: <c>mlContext.Model.ConvertToOnnx</c> on a whole pipeline (a normaliser, then the binary or
/// regression TwoLayer trainer) includes the network and its head, with ML.NET's output names: binary
/// <c>Score</c> (margin), <c>Probability</c>, <c>PredictedLabel</c> (bool), as a calibrated binary
/// trainer; regression <c>Score</c> in the label's units. Scored by ONNX Runtime and by ML.NET's
/// ApplyOnnxModel on rows the model never saw, against Transform's values, so a graph without the
/// sigmoid, the threshold or the label de-standardisation fails.
/// </summary>
public class HeadPipelineOnnxTests(ITestOutputHelper output)
{
    /// <summary>Float graph vs Transform: the same float network, summed in another order (measured ≤ 2.4e-7 on the margins).</summary>
    private const double ClassifierTolerance = 1e-5;

    /// <summary>
    /// Regression scores near 5000, where one float step is 4.9e-4: Transform undoes the scaling in
    /// double, the graph in float, so a few steps apart is float rounding, not a difference.
    /// </summary>
    private const double RegressionRelativeTolerance = 1e-6;

    private const double RegressionAbsoluteTolerance = 1e-3;

    private static ITransformer TrainBinary(MLContext ml, IDataView data)
        => ml.Transforms.NormalizeMeanVariance("Features", "Measurements")
            .Append(ml.BinaryClassification.Trainers.TwoLayer(new TwoLayerBinaryTrainer.Options { HiddenUnits = 8, NumberOfEpochs = 30, LearningRate = 0.01f, Seed = 1, NumberOfThreads = 1 }))
            .Fit(data);

    private static ITransformer TrainRegression(MLContext ml, IDataView data, TwoLayerRegressionLoss loss = TwoLayerRegressionLoss.SquaredError, bool standardizeLabel = true)
        => ml.Transforms.NormalizeMinMax("Features", "Measurements")
            .Append(ml.Regression.Trainers.TwoLayer(new TwoLayerRegressionTrainer.Options
            {
                HiddenUnits = 8, NumberOfEpochs = 30, LearningRate = 0.01f, Seed = 1, NumberOfThreads = 1, LossFunction = loss, StandardizeLabel = standardizeLabel,
            }))
            .Fit(data);

    private static byte[] Convert(MLContext ml, ITransformer model, IDataView data)
    {
        using var stream = new MemoryStream();
        ml.Model.ConvertToOnnx(model, data, stream);
        return stream.ToArray();
    }

    /// <summary>The graph's inputs from the rows: the converter makes every input column a graph input.</summary>
    private static List<NamedOnnxValue> Inputs(InferenceSession session, IReadOnlyList<float[]> measurements, IReadOnlyList<bool>? binaryLabels, IReadOnlyList<float>? labels)
    {
        int n = measurements.Count;
        var inputs = new List<NamedOnnxValue>();
        foreach (string name in session.InputMetadata.Keys)
        {
            inputs.Add(name switch
            {
                "Measurements" => NamedOnnxValue.CreateFromTensor(name, new DenseTensor<float>(measurements.SelectMany(m => m).ToArray(), [n, 4])),
                "Label" when binaryLabels != null => NamedOnnxValue.CreateFromTensor(name, new DenseTensor<bool>(binaryLabels.ToArray(), [n, 1])),
                "Label" when labels != null => NamedOnnxValue.CreateFromTensor(name, new DenseTensor<float>(labels.ToArray(), [n, 1])),
                "Weight" => NamedOnnxValue.CreateFromTensor(name, new DenseTensor<float>(Enumerable.Repeat(1f, n).ToArray(), [n, 1])),
                _ => throw new InvalidOperationException($"Unexpected graph input '{name}'."),
            });
        }
        return inputs;
    }

    private static double MaxDifference(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        return expected.Zip(actual, (e, a) => Math.Abs((double)e - a)).Max();
    }

    [Fact]
    public void BinaryPipelineInOnnxRuntimeMatchesTransformOnHeldOutRows()
    {
        var ml = new MLContext(seed: 1);
        IDataView training = ml.Data.LoadFromEnumerable(TaskData.Binary(300, 41));
        List<TaskData.BinaryRow> heldOut = TaskData.Binary(200, 42);
        IDataView test = ml.Data.LoadFromEnumerable(heldOut);
        ITransformer model = TrainBinary(ml, training);
        IDataView scored = model.Transform(test);
        float[] score = scored.GetColumn<float>("Score").ToArray();
        float[] probability = scored.GetColumn<float>("Probability").ToArray();
        bool[] predicted = scored.GetColumn<bool>("PredictedLabel").ToArray();

        using var session = new InferenceSession(Convert(ml, model, training));
        Assert.DoesNotContain("Features", session.InputMetadata.Keys);
        Assert.Subset(session.OutputMetadata.Keys.ToHashSet(), new HashSet<string> { "Score.output", "Probability.output", "PredictedLabel.output" });
        using var results = session.Run(Inputs(session, heldOut.Select(r => r.Measurements).ToList(), heldOut.Select(r => r.Label).ToList(), null));
        float[] onnxScore = results.Single(r => r.Name == "Score.output").AsEnumerable<float>().ToArray();
        float[] onnxProbability = results.Single(r => r.Name == "Probability.output").AsEnumerable<float>().ToArray();
        bool[] onnxPredicted = results.Single(r => r.Name == "PredictedLabel.output").AsEnumerable<bool>().ToArray();

        double scoreDifference = MaxDifference(score, onnxScore), probabilityDifference = MaxDifference(probability, onnxProbability);
        output.WriteLine($"binary, {heldOut.Count} held-out rows: max |Transform - ONNX Runtime| Score {scoreDifference:E2}, Probability {probabilityDifference:E2}");
        Assert.InRange(scoreDifference, 0, ClassifierTolerance);
        // Without the sigmoid, Probability would be the margin (|margin| up to several units here).
        Assert.InRange(probabilityDifference, 0, ClassifierTolerance);
        Assert.Equal(predicted, onnxPredicted);
        // The threshold is the margin's sign: both answers occur, and they are mostly right.
        Assert.Contains(true, onnxPredicted);
        Assert.Contains(false, onnxPredicted);
        double accuracy = heldOut.Zip(onnxPredicted, (r, p) => r.Label == p ? 1.0 : 0.0).Average();
        output.WriteLine($"held-out accuracy of the ONNX PredictedLabel: {accuracy:F3}");
        Assert.InRange(accuracy, 0.8, 1);
        Assert.Contains(onnxScore, s => Math.Abs(s) > 1);
    }

    [Theory]
    [InlineData(TwoLayerRegressionLoss.SquaredError, true)]
    [InlineData(TwoLayerRegressionLoss.Huber, true)]
    [InlineData(TwoLayerRegressionLoss.SquaredError, false)]
    public void RegressionPipelineInOnnxRuntimeMatchesTransformOnHeldOutRowsInTheLabelsUnits(TwoLayerRegressionLoss loss, bool standardizeLabel)
    {
        var ml = new MLContext(seed: 1);
        // Labels near 5000 with spread 300: a graph that forgot LabelScale or LabelOffset is far off.
        IDataView training = ml.Data.LoadFromEnumerable(TaskData.Regression(300, 43, offset: 5000, scale: 300));
        List<TaskData.RegressionRow> heldOut = TaskData.Regression(200, 44, offset: 5000, scale: 300);
        ITransformer model = TrainRegression(ml, training, loss, standardizeLabel);
        float[] score = model.Transform(ml.Data.LoadFromEnumerable(heldOut)).GetColumn<float>("Score").ToArray();

        using var session = new InferenceSession(Convert(ml, model, training));
        Assert.Contains("Score.output", session.OutputMetadata.Keys);
        Assert.DoesNotContain("Features", session.InputMetadata.Keys);
        using var results = session.Run(Inputs(session, heldOut.Select(r => r.Measurements).ToList(), null, heldOut.Select(r => r.Label).ToList()));
        float[] onnxScore = results.Single(r => r.Name == "Score.output").AsEnumerable<float>().ToArray();

        output.WriteLine($"regression ({loss}, StandardizeLabel {standardizeLabel}), {heldOut.Count} held-out rows: max |Transform - ONNX Runtime| Score {MaxDifference(score, onnxScore):E2} (scores {onnxScore.Min():F1} to {onnxScore.Max():F1})");
        Tolerance.AllClose(score, onnxScore, RegressionRelativeTolerance, RegressionAbsoluteTolerance, "Score");
        double mean = heldOut.Average(r => r.Label);
        double r2 = 1 - heldOut.Zip(onnxScore, (r, s) => Math.Pow(r.Label - s, 2)).Sum() / heldOut.Sum(r => Math.Pow(r.Label - mean, 2));
        output.WriteLine($"held-out R² of the ONNX Score: {r2:F3}");
        if (standardizeLabel)
        {
            // Unstandardised, the network learns raw labels in the thousands poorly (RegressionTrainerTests); parity still holds.
            Assert.InRange(r2, 0.8, 1);
        }
    }

    public sealed class BinaryScored
    {
        // ApplyOnnxModel names its columns after the graph outputs without the converter's ".output".
        [VectorType(1, 1)]
        public float[] Score { get; set; } = [];

        [VectorType(1, 1)]
        public float[] Probability { get; set; } = [];

        [VectorType(1, 1)]
        public bool[] PredictedLabel { get; set; } = [];
    }

    public sealed class RegressionScored
    {
        [VectorType(1, 1)]
        public float[] Score { get; set; } = [];
    }

    private static T[] ApplyOnnx<T>(MLContext ml, byte[] onnx, string[] outputs, IDataView data) where T : class, new()
    {
        string path = Path.Combine(Path.GetTempPath(), $"tlnn-head-pipeline-{Guid.NewGuid():N}.onnx");
        File.WriteAllBytes(path, onnx);
        try
        {
            string[] inputs;
            using (var session = new InferenceSession(onnx))
            {
                inputs = session.InputMetadata.Keys.ToArray();
            }
            using var transformer = ml.Transforms.ApplyOnnxModel(outputs, inputs, path).Fit(data);
            return ml.Data.CreateEnumerable<T>(transformer.Transform(data), reuseRowObject: false).ToArray();
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ApplyOnnxModelOnTheBinaryPipelineMatchesTransform()
    {
        var ml = new MLContext(seed: 1);
        IDataView training = ml.Data.LoadFromEnumerable(TaskData.Binary(300, 45));
        IDataView test = ml.Data.LoadFromEnumerable(TaskData.Binary(150, 46));
        ITransformer model = TrainBinary(ml, training);
        IDataView scored = model.Transform(test);
        float[] score = scored.GetColumn<float>("Score").ToArray();
        float[] probability = scored.GetColumn<float>("Probability").ToArray();
        bool[] predicted = scored.GetColumn<bool>("PredictedLabel").ToArray();

        BinaryScored[] viaOnnx = ApplyOnnx<BinaryScored>(ml, Convert(ml, model, training), ["Score.output", "Probability.output", "PredictedLabel.output"], test);

        Assert.InRange(MaxDifference(score, viaOnnx.Select(r => r.Score.Single()).ToArray()), 0, ClassifierTolerance);
        Assert.InRange(MaxDifference(probability, viaOnnx.Select(r => r.Probability.Single()).ToArray()), 0, ClassifierTolerance);
        Assert.Equal(predicted, viaOnnx.Select(r => r.PredictedLabel.Single()).ToArray());
    }

    [Fact]
    public void ApplyOnnxModelOnTheRegressionPipelineMatchesTransform()
    {
        var ml = new MLContext(seed: 1);
        IDataView training = ml.Data.LoadFromEnumerable(TaskData.Regression(300, 47, offset: 5000, scale: 300));
        IDataView test = ml.Data.LoadFromEnumerable(TaskData.Regression(150, 48, offset: 5000, scale: 300));
        ITransformer model = TrainRegression(ml, training);
        float[] score = model.Transform(test).GetColumn<float>("Score").ToArray();

        RegressionScored[] viaOnnx = ApplyOnnx<RegressionScored>(ml, Convert(ml, model, training), ["Score.output"], test);

        Tolerance.AllClose(score, viaOnnx.Select(r => r.Score.Single()).ToArray(), RegressionRelativeTolerance, RegressionAbsoluteTolerance, "Score");
    }

    [Fact]
    public void BinaryAndRegressionGraphsHoldTheNetworkNotJustItsOutputsAsInputs()
    {
        var ml = new MLContext(seed: 1);
        IDataView binary = ml.Data.LoadFromEnumerable(TaskData.Binary(100, 49));
        IDataView regression = ml.Data.LoadFromEnumerable(TaskData.Regression(100, 50));

        using var binarySession = new InferenceSession(Convert(ml, TrainBinary(ml, binary), binary));
        using var regressionSession = new InferenceSession(Convert(ml, TrainRegression(ml, regression), regression));

        // The converter stops its walk at a transform it cannot save, and its outputs become graph inputs.
        Assert.Equal(["Label", "Measurements", "Weight"], binarySession.InputMetadata.Keys.Order());
        Assert.Equal(["Label", "Measurements"], regressionSession.InputMetadata.Keys.Order());
        Assert.Equal(TensorElementType.Bool, binarySession.OutputMetadata["PredictedLabel.output"].ElementDataType);
        Assert.Equal(TensorElementType.Float, binarySession.OutputMetadata["Probability.output"].ElementDataType);
        Assert.Equal(TensorElementType.Float, regressionSession.OutputMetadata["Score.output"].ElementDataType);
    }

    private static string Outputs(InferenceSession session)
        => string.Join(", ", session.OutputMetadata.Select(o => $"{o.Key}:{o.Value.ElementDataType}[{string.Join(",", o.Value.Dimensions)}]"));

    [Fact]
    public void OutputsAreNamedAndTypedAsMlNetsOwnCalibratedBinaryAndRegressionTrainersExportThem()
    {
        var ml = new MLContext(seed: 1);
        IDataView binary = ml.Data.LoadFromEnumerable(TaskData.Binary(100, 51));
        IDataView regression = ml.Data.LoadFromEnumerable(TaskData.Regression(100, 52));
        var normalize = ml.Transforms.NormalizeMeanVariance("Features", "Measurements");
        ITransformer logistic = normalize.Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression()).Fit(binary);
        ITransformer sdca = normalize.Append(ml.Regression.Trainers.Sdca()).Fit(regression);

        using var ours = new InferenceSession(Convert(ml, TrainBinary(ml, binary), binary));
        using var theirs = new InferenceSession(Convert(ml, logistic, binary));
        using var oursRegression = new InferenceSession(Convert(ml, TrainRegression(ml, regression), regression));
        using var theirsRegression = new InferenceSession(Convert(ml, sdca, regression));

        output.WriteLine($"LbfgsLogisticRegression: {Outputs(theirs)}");
        output.WriteLine($"TwoLayer binary:         {Outputs(ours)}");
        output.WriteLine($"Sdca:                    {Outputs(theirsRegression)}");
        output.WriteLine($"TwoLayer regression:     {Outputs(oursRegression)}");
        // The graph's outputs follow Transform's schema: ML.NET's binary scorer puts PredictedLabel first.
        Assert.Equal(logistic.Transform(binary).Schema.Select(c => c.Name), TrainBinary(ml, binary).Transform(binary).Schema.Select(c => c.Name));
        Assert.Equal(Outputs(theirs), Outputs(ours));
        Assert.Equal(Outputs(theirsRegression), Outputs(oursRegression));
        Assert.Equal(theirs.InputMetadata.Keys.Order(), ours.InputMetadata.Keys.Order());
    }

    [Fact]
    public void MulticlassOutputsAreNamedAndTypedAsLbfgsMaximumEntropyExportsThem()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = IrisData.Load(ml);
        var featurize = IrisData.Featurize(ml);
        ITransformer maxent = featurize.Append(ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy()).Fit(data);
        ITransformer twoLayer = featurize.Append(ml.MulticlassClassification.Trainers.TwoLayer(new TwoLayerTrainer.Options { HiddenUnits = 4, NumberOfEpochs = 5, Seed = 1 })).Fit(data);

        using var theirs = new InferenceSession(Convert(ml, maxent, data));
        using var ours = new InferenceSession(Convert(ml, twoLayer, data));

        output.WriteLine($"LbfgsMaximumEntropy: {Outputs(theirs)}");
        output.WriteLine($"TwoLayer:            {Outputs(ours)}");
        Assert.Equal(Outputs(theirs), Outputs(ours));
    }

    [Fact]
    public void BinaryRowWithAMissingFeatureIsNaNAndPredictsFalseInOnnxAsInTransform()
    {
        var ml = new MLContext(seed: 1);
        IDataView training = ml.Data.LoadFromEnumerable(TaskData.Binary(100, 53));
        ITransformer model = TrainBinary(ml, training);
        List<TaskData.BinaryRow> rows = [new() { Measurements = [float.NaN, 0.5f, -0.5f, 1f] }, new() { Measurements = [0.5f, 0.5f, -0.5f, 1f] }];
        IDataView scored = model.Transform(ml.Data.LoadFromEnumerable(rows));

        using var session = new InferenceSession(Convert(ml, model, training));
        using var results = session.Run(Inputs(session, rows.Select(r => r.Measurements).ToList(), rows.Select(r => r.Label).ToList(), null));

        // ML.NET's binary scorer tests score > threshold, false for NaN; Greater does the same.
        Assert.Equal([false, scored.GetColumn<bool>("PredictedLabel").Last()], results.Single(r => r.Name == "PredictedLabel.output").AsEnumerable<bool>().ToArray());
        Assert.False(scored.GetColumn<bool>("PredictedLabel").First());
        Assert.True(float.IsNaN(scored.GetColumn<float>("Score").First()));
        Assert.True(float.IsNaN(results.Single(r => r.Name == "Score.output").AsEnumerable<float>().First()));
        Assert.True(float.IsNaN(results.Single(r => r.Name == "Probability.output").AsEnumerable<float>().First()));
        Assert.True(float.IsNaN(scored.GetColumn<float>("Probability").First()));
    }
}
