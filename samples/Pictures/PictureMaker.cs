using Microsoft.ML;
using MlNetTwoLayer;
using Quickstart;
using ScottPlot;

namespace Pictures;

/// <summary>Trains on the seed's toy problem and draws what happened: loss curves and decision regions.</summary>
public static class PictureMaker
{
    private static readonly Color[] ClassColors = [Color.FromHex("#1f77b4"), Color.FromHex("#ff7f0e"), Color.FromHex("#2ca02c")];

    /// <summary>The files <see cref="Write"/> made.</summary>
    public sealed record Result(string LossPath, string RegionsPath, TrainingHistory History, double TrainingAccuracy);

    /// <summary>
    /// Trains a network on 300 points of the seed's 2-feature, 3-class problem (20% held out for early
    /// stopping) and writes <c>loss.png</c> (training and validation loss per epoch) and
    /// <c>regions.png</c> (the predicted class over a grid, the points on top) into <paramref name="outputFolder"/>.
    /// </summary>
    public static Result Write(string outputFolder)
    {
        Directory.CreateDirectory(outputFolder);
        var mlContext = new MLContext(seed: 1);
        List<SeedProblem.Point> points = SeedProblem.Generate(count: 300, classes: 3, seed: 1);
        IDataView data = mlContext.Data.LoadFromEnumerable(points);
        var options = new TwoLayerTrainer.Options
        {
            HiddenUnits = 16,
            LearningRate = 0.003f,   // slower than the default, so the curves show the descent
            NumberOfEpochs = 200,
            ValidationFraction = 0.2f,
            Patience = 10,
            Seed = 1,
        };
        TwoLayerTransformer trained = mlContext.MulticlassClassification.Trainers.TwoLayer(options).Fit(data);
        TwoLayerModelParameters model = trained.Model;

        string lossPath = Path.Combine(outputFolder, "loss.png");
        DrawLoss(trained.History!, lossPath);
        string regionsPath = Path.Combine(outputFolder, "regions.png");
        DrawRegions(model, points, regionsPath);

        double accuracy = points.Count(p => Predict(model, p.Features[0], p.Features[1]) == (int)p.Label) / (double)points.Count;
        return new Result(lossPath, regionsPath, trained.History!, accuracy);
    }

    private static void DrawLoss(TrainingHistory history, string path)
    {
        var plot = new Plot();
        double[] epochs = Enumerable.Range(1, history.EpochsRun).Select(e => (double)e).ToArray();
        var training = plot.Add.ScatterLine(epochs, history.TrainingLoss.ToArray());
        training.LegendText = "training loss";
        training.LineWidth = 2;
        var validation = plot.Add.ScatterLine(epochs, history.ValidationLoss.ToArray());
        validation.LegendText = "validation loss";
        validation.LineWidth = 2;
        var best = plot.Add.VerticalLine(history.BestEpoch);
        best.LegendText = $"best epoch ({history.BestEpoch}), weights kept";
        best.LinePattern = LinePattern.Dashed;
        best.Color = Colors.Gray;
        plot.Title($"Loss per epoch ({history.StopReason} after {history.EpochsRun} epochs)");
        plot.XLabel("epoch");
        plot.YLabel("mean cross-entropy");
        plot.ShowLegend(Alignment.UpperRight);
        plot.SavePng(path, 800, 500);
    }

    private static void DrawRegions(TwoLayerModelParameters model, List<SeedProblem.Point> points, string path)
    {
        const int Cells = 200;
        double xMin = points.Min(p => p.Features[0]) - 0.5, xMax = points.Max(p => p.Features[0]) + 0.5;
        double yMin = points.Min(p => p.Features[1]) - 0.5, yMax = points.Max(p => p.Features[1]) + 0.5;

        // Row 0 is the top of a heatmap, so rows run from yMax down.
        var predicted = new double[Cells, Cells];
        for (int row = 0; row < Cells; row++)
        {
            double y = yMax - (row + 0.5) * (yMax - yMin) / Cells;
            for (int column = 0; column < Cells; column++)
            {
                double x = xMin + (column + 0.5) * (xMax - xMin) / Cells;
                predicted[row, column] = Predict(model, (float)x, (float)y);
            }
        }

        var plot = new Plot();
        var regions = plot.Add.Heatmap(predicted);
        regions.Colormap = new ClassColormap(ClassColors.Select(c => c.WithAlpha(0.3)).ToArray());
        regions.ManualRange = new ScottPlot.Range(0, ClassColors.Length - 1);
        regions.Rectangle = new CoordinateRect(xMin, xMax, yMin, yMax);
        for (int label = 0; label < ClassColors.Length; label++)
        {
            var cls = points.Where(p => (int)p.Label == label).ToArray();
            var markers = plot.Add.ScatterPoints(cls.Select(p => (double)p.Features[0]).ToArray(), cls.Select(p => (double)p.Features[1]).ToArray());
            markers.Color = ClassColors[label];
            markers.MarkerSize = 7;
            markers.LegendText = $"class {label}";
        }
        plot.Axes.SetLimits(xMin, xMax, yMin, yMax);
        plot.Title("Decision regions: predicted class (background) and the points (true class)");
        plot.XLabel("feature 1");
        plot.YLabel("feature 2");
        plot.ShowLegend(Alignment.UpperRight);
        plot.SavePng(path, 700, 600);
    }

    private static int Predict(TwoLayerModelParameters model, float x, float y)
    {
        Span<float> probabilities = stackalloc float[model.ClassCount];
        model.Score([x, y], probabilities);
        int best = 0;
        for (int k = 1; k < probabilities.Length; k++)
        {
            if (probabilities[k] > probabilities[best])
            {
                best = k;
            }
        }
        return best;
    }

    /// <summary>One flat colour per class: the heatmap's intensities are class indexes scaled to [0, 1].</summary>
    private sealed class ClassColormap(Color[] colors) : IColormap
    {
        public string Name => "classes";

        public Color GetColor(double normalizedIntensity) =>
            colors[Math.Clamp((int)Math.Round(normalizedIntensity * (colors.Length - 1)), 0, colors.Length - 1)];
    }
}
