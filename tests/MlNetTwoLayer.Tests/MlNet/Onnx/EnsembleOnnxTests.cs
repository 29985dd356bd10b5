using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using MlNetTwoLayer.Tests.Helpers;
using Xunit;

namespace MlNetTwoLayer.Tests.MlNet.Onnx;

/// <summary>
/// A seed ensemble (<see cref="TwoLayerOptionsBase.EnsembleSize"/>) exports as the one network it is:
/// a regression pipeline whose members standardised the label differently (each has its own hold-out)
/// scores the same in ONNX Runtime as in Transform, in the label's units.
/// </summary>
public class EnsembleOnnxTests
{
    [Fact]
    public void RegressionEnsembleInOnnxRuntimeMatchesTransform()
    {
        var ml = new MLContext(seed: 1);
        List<TaskData.RegressionRow> rows = TaskData.Regression(150, 8, offset: 300, scale: 25);
        IDataView training = ml.Data.LoadFromEnumerable(rows);
        ITransformer model = ml.Transforms.NormalizeMinMax("Features", "Measurements")
            .Append(ml.Regression.Trainers.TwoLayer(new TwoLayerRegressionTrainer.Options
            {
                HiddenUnits = 6, NumberOfEpochs = 10, Seed = 1, NumberOfThreads = 1, EnsembleSize = 3, ValidationFraction = 0.25,
            }))
            .Fit(training);
        var network = (TransformerChain<TwoLayerTransformer>)model;
        Assert.Equal(18, network.LastTransformer.Model.HiddenCount);
        List<TaskData.RegressionRow> heldOut = TaskData.Regression(40, 9, offset: 300, scale: 25);
        float[] score = model.Transform(ml.Data.LoadFromEnumerable(heldOut)).GetColumn<float>("Score").ToArray();

        using var stream = new MemoryStream();
        ml.Model.ConvertToOnnx(model, training, stream);
        using var session = new InferenceSession(stream.ToArray());
        int n = heldOut.Count;
        var inputs = session.InputMetadata.Keys.Select(name => name switch
        {
            "Measurements" => NamedOnnxValue.CreateFromTensor(name, new DenseTensor<float>(heldOut.SelectMany(r => r.Measurements).ToArray(), [n, 4])),
            "Label" => NamedOnnxValue.CreateFromTensor(name, new DenseTensor<float>(heldOut.Select(r => r.Label).ToArray(), [n, 1])),
            _ => throw new InvalidOperationException($"Unexpected graph input '{name}'."),
        }).ToList();
        using var results = session.Run(inputs);
        float[] onnxScore = results.Single(r => r.Name == "Score.output").AsEnumerable<float>().ToArray();

        Tolerance.AllClose(score, onnxScore, 1e-6, 1e-3, "Score");
        Assert.True(onnxScore.Max() - onnxScore.Min() > 10, "the scores must vary in the label's units");
    }
}
