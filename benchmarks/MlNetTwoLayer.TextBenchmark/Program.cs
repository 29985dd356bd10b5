using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Text;

namespace MlNetTwoLayer.TextBenchmark;

/// <summary>
/// The text benchmark of issue 13. <c>generate DIR</c> writes the corpus; <c>fit DIR TRAINER [--words]</c>
/// fits one pipeline (FeaturizeText with its defaults, or word 1–2-grams and no character n-grams
/// with <c>--words</c>) and prints one line of figures; run.sh runs each in its own process under
/// <c>/usr/bin/time -v</c>, beside fastText on the same documents.
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
        if (args.Length >= 2 && args[0] == "generate")
        {
            int docs = Option(args, "--docs", 50_000);
            CorpusGenerator.Write(args[1], docs, Option(args, "--vocabulary", 60_000), Option(args, "--classes", 10), topicRate: 0.04, seed: Option(args, "--seed", 1));
            Console.WriteLine($"wrote {docs} documents to {args[1]}");
            return 0;
        }
        if (args.Length >= 3 && args[0] == "fit")
        {
            Fit(args[1], args[2], args.Contains("--words"), Option(args, "--epochs", 0), Option(args, "--hidden", 0), Option(args, "--threads", 2), args);
            return 0;
        }
        if (args.Length >= 2 && args[0] == "train")
        {
            CsrDump.Train(args[1], args);
            return 0;
        }
        if (args.Length >= 1 && args[0] == "kernels")
        {
            EngineBenchmarks.Kernels(Option(args, "--inputs", 500_000), Option(args, "--nnz", 700), Option(args, "--hidden", 100), Option(args, "--batch", 32), Option(args, "--threads", 2));
            return 0;
        }
        if (args.Length >= 1 && args[0] == "crossover")
        {
            EngineBenchmarks.Crossover(Option(args, "--rows", 4000), Option(args, "--hidden", 100), Option(args, "--threads", 2));
            return 0;
        }
        Console.Error.WriteLine("usage: kernels [--inputs N --nnz N --hidden N --batch N] | crossover [--rows N --hidden N --threads N] |  generate DIR [--docs N] | fit DIR (twolayer|twolayer-sgd|sdca|lbfgs|twolayer-binary|sdca-binary|dump --out FILE) [--words] [--epochs N] [--hidden N] [--threads N] | train DUMP [--threads N --optimizer K --lr X --l2 X --batch N --epochs N --patience N --hidden N --holdout F --init K --repeat N --min-work N]");
        return 2;
    }

    private static void Fit(string directory, string trainer, bool wordsOnly, int epochs, int hidden, int threads, string[] args)
    {
        var ml = new MLContext(seed: 1);
        var loader = ml.Data.CreateTextLoader(new TextLoader.Options
        {
            Separators = ['\t'],
            Columns = [new TextLoader.Column("Topic", DataKind.String, 0), new TextLoader.Column("Text", DataKind.String, 1)],
        });
        IDataView train = loader.Load(Path.Combine(directory, "train.tsv"));
        IDataView test = loader.Load(Path.Combine(directory, "test.tsv"));
        var featurizer = wordsOnly
            ? ml.Transforms.Text.FeaturizeText("Features", new TextFeaturizingEstimator.Options
            {
                WordFeatureExtractor = new WordBagEstimator.Options { NgramLength = 2, UseAllLengths = true },
                CharFeatureExtractor = null,
            }, "Text")
            : ml.Transforms.Text.FeaturizeText("Features", "Text");
        var clock = Stopwatch.StartNew();
        bool binary = trainer.EndsWith("-binary", StringComparison.Ordinal);
        // Binary modes: the first topic against the rest (a Boolean label, as ML.NET's binary trainers take it).
        IEstimator<ITransformer> label = binary
            ? ml.Transforms.CustomMapping<TopicRow, BinaryLabelRow>((row, output) => output.Label = row.Topic == "class0", contractName: null)
            : ml.Transforms.Conversion.MapValueToKey("Label", "Topic");
        var prepare = label.Append(featurizer);
        ITransformer prepared = prepare.Fit(train);
        IDataView featurized = ml.Data.Cache(prepared.Transform(train), "Label", "Features");
        (long rows, long nonZeros, int slots) = Count(featurized);
        double featurizeSeconds = clock.Elapsed.TotalSeconds;
        if (trainer == "dump")
        {
            string output = args[Array.IndexOf(args, "--out") + 1];
            CsrDump.Dump(ml, featurized, prepared.Transform(test), output);
            Console.WriteLine($"dumped rows={rows} slots={slots} nnz={nonZeros} to {output}");
            return;
        }

        clock.Restart();
        TimeSpan cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        ITransformer model;
        int epochsRun = 0;
        string best = "";
        switch (trainer)
        {
            case "twolayer":
            case "twolayer-sgd":
                var options = new TwoLayerTrainer.Options { NumberOfThreads = threads, Seed = 1 };
                if (trainer == "twolayer-sgd")
                {
                    // Its wide-input learning rate (0.2) comes with the defaults.
                    options.Optimizer = OptimizerKind.GradientDescent;
                }
                if (epochs > 0)
                {
                    options.NumberOfEpochs = epochs;
                    options.Patience = 0;
                }
                if (hidden > 0)
                {
                    options.HiddenUnits = hidden;
                }
                // Tuning knobs (every one optional; the defaults are what a user gets).
                options.LearningRate = FloatOption(args, "--lr", options.LearningRate);
                options.L2Regularization = FloatOption(args, "--l2", options.L2Regularization);
                options.BatchSize = Option(args, "--batch", options.BatchSize);
                options.Patience = Option(args, "--patience", options.Patience);
                if (Array.IndexOf(args, "--optimizer") is int o and >= 0)
                {
                    options.Optimizer = Enum.Parse<OptimizerKind>(args[o + 1], ignoreCase: true);
                }
                if (Array.IndexOf(args, "--init") is int ini and >= 0)
                {
                    options.WeightInitialization = Enum.Parse<WeightInitialization>(args[ini + 1], ignoreCase: true);
                }
                if (Array.IndexOf(args, "--schedule") is int sc and >= 0)
                {
                    options.LearningRateSchedule = Enum.Parse<LearningRateSchedule>(args[sc + 1], ignoreCase: true);
                }
                TwoLayerTransformer fitted = ml.MulticlassClassification.Trainers.TwoLayer(options).Fit(featurized);
                epochsRun = fitted.History!.EpochsRun;
                best = $" best_epoch={fitted.History.BestEpoch} training_loss={string.Join(',', fitted.History.TrainingLoss.Select(l => l.ToString("G3", CultureInfo.InvariantCulture)))}" +
                    $" validation_loss={string.Join(',', fitted.History.ValidationLoss.Select(l => l.ToString("G3", CultureInfo.InvariantCulture)))}";
                hidden = fitted.Model.HiddenCount;
                model = fitted;
                break;
            case "twolayer-binary":
                var binaryOptions = new TwoLayerBinaryTrainer.Options { NumberOfThreads = threads, Seed = 1 };
                binaryOptions.L2Regularization = FloatOption(args, "--l2", binaryOptions.L2Regularization);
                binaryOptions.LearningRate = FloatOption(args, "--lr", binaryOptions.LearningRate);
                model = ml.BinaryClassification.Trainers.TwoLayer(binaryOptions).Fit(featurized);
                break;
            case "sdca-binary":
                model = ml.BinaryClassification.Trainers.SdcaLogisticRegression(new Microsoft.ML.Trainers.SdcaLogisticRegressionBinaryTrainer.Options { NumberOfThreads = threads }).Fit(featurized);
                break;
            case "sdca":
                model = ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(new Microsoft.ML.Trainers.SdcaMaximumEntropyMulticlassTrainer.Options { NumberOfThreads = threads }).Fit(featurized);
                break;
            case "lbfgs":
                model = ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(new Microsoft.ML.Trainers.LbfgsMaximumEntropyMulticlassTrainer.Options { NumberOfThreads = threads }).Fit(featurized);
                break;
            default:
                throw new ArgumentException($"Unknown trainer '{trainer}'.");
        }
        double fitSeconds = clock.Elapsed.TotalSeconds;
        // CPU seconds of the fit, every thread of the process: less disturbed by a busy machine than wall seconds.
        double fitCpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
        IDataView scoredTest = model.Transform(prepared.Transform(test));
        double accuracy = binary ? ml.BinaryClassification.EvaluateNonCalibrated(scoredTest).Accuracy : ml.MulticlassClassification.Evaluate(scoredTest).MicroAccuracy;
        string throughput = epochsRun > 0 ? $" epochs={epochsRun} hidden={hidden} nnz_epochs_per_s={nonZeros * (double)epochsRun / fitSeconds:E3}" : "";
        Console.WriteLine($"text trainer={trainer} features={(wordsOnly ? "words1-2" : "defaults")} rows={rows} slots={slots} nnz={nonZeros} " +
            $"featurize_s={featurizeSeconds:F1} fit_s={fitSeconds:F1} fit_cpu_s={fitCpuSeconds:F1} test_accuracy={accuracy:F4}{throughput}{best}");
    }

    /// <summary>The topic column a binary mode reads.</summary>
    private sealed class TopicRow
    {
        /// <summary>The document's topic.</summary>
        public string Topic { get; set; } = "";
    }

    /// <summary>The Boolean label a binary mode trains on.</summary>
    private sealed class BinaryLabelRow
    {
        /// <summary>True for the first topic.</summary>
        public bool Label { get; set; }
    }

    private static (long Rows, long NonZeros, int Slots) Count(IDataView data)
    {
        DataViewSchema.Column column = data.Schema["Features"];
        long rows = 0, nonZeros = 0;
        using DataViewRowCursor cursor = data.GetRowCursor([column]);
        ValueGetter<VBuffer<float>> get = cursor.GetGetter<VBuffer<float>>(column);
        VBuffer<float> value = default;
        while (cursor.MoveNext())
        {
            get(ref value);
            rows++;
            foreach (float v in value.GetValues())
            {
                if (v != 0)
                {
                    nonZeros++;
                }
            }
        }
        return (rows, nonZeros, ((VectorDataViewType)column.Type).Size);
    }

    /// <summary>The float after <paramref name="name"/> in the arguments, or <paramref name="fallback"/> (shared with <see cref="CsrDump"/>).</summary>
    internal static float FloatOption(string[] args, string name, float fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? float.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    /// <summary>The integer after <paramref name="name"/> in the arguments, or <paramref name="fallback"/> (shared with <see cref="CsrDump"/>).</summary>
    internal static int Option(string[] args, string name, int fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
