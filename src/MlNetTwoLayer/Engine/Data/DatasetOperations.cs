using MlNetTwoLayer.Engine.Network;



namespace MlNetTwoLayer.Engine.Data;

/// <summary>Stratified hold-out and class weighting over a <see cref="DenseDataset"/>.</summary>
internal static class DatasetOperations
{
    /// <summary>
    /// Holds out about <paramref name="fraction"/> of each class's rows (at least one row of every
    /// class with two or more rows) as validation data; the rest is the training data.
    /// </summary>
    public static (DenseDataset Train, DenseDataset Validation) StratifiedSplit(DenseDataset data, double fraction, SeededRandom random)
    {
        var byClass = new List<int>[data.Classes];
        for (int c = 0; c < byClass.Length; c++)
        {
            byClass[c] = [];
        }
        for (int r = 0; r < data.Rows; r++)
        {
            byClass[data.Labels[r]].Add(r);
        }
        var validation = new List<int>();
        var train = new List<int>();
        foreach (List<int> rows in byClass)
        {
            int[] shuffled = rows.ToArray();
            random.Shuffle(shuffled);
            int held = rows.Count < 2 ? 0 : Math.Clamp((int)Math.Round(rows.Count * fraction), 1, rows.Count - 1);
            validation.AddRange(shuffled.Take(held));
            train.AddRange(shuffled.Skip(held));
        }
        if (validation.Count == 0 || train.Count == 0)
        {
            throw new ArgumentException($"ValidationFraction {fraction} leaves no validation or no training rows out of {data.Rows}; use more data or a Fit(train, validation) call.");
        }
        // Keep the original row order within each part so the split alone decides, not the shuffle.
        train.Sort();
        validation.Sort();
        return (Select(data, train), Select(data, validation));
    }

    /// <summary>Row weights with each row's class weight folded in; null when nothing is weighted.</summary>
    public static DenseDataset WithClassWeights(DenseDataset data, float[]? classWeights)
    {
        if (classWeights == null)
        {
            return data;
        }
        var weights = new float[data.Rows];
        for (int r = 0; r < data.Rows; r++)
        {
            weights[r] = (data.Weights?[r] ?? 1f) * classWeights[data.Labels[r]];
        }
        return new DenseDataset(data.Features, data.Labels, weights, data.Rows, data.Inputs, data.Classes, data.Targets);
    }

    /// <summary>scikit-learn's balanced weights, <c>n / (classes · n_c)</c>; absent classes get 1.</summary>
    public static float[] BalancedClassWeights(DenseDataset data) => BalancedClassWeights(ClassCounts(data));

    /// <summary>Rows of each class.</summary>
    public static long[] ClassCounts(DenseDataset data)
    {
        var counts = new long[data.Classes];
        for (int r = 0; r < data.Rows; r++)
        {
            counts[data.Labels[r]]++;
        }
        return counts;
    }

    /// <summary>The per-class weights to train with: the user's, else balanced ones when asked for, else none.</summary>
    public static float[]? ResolveClassWeights(float[]? given, ClassWeighting weighting, long[] classCounts)
        => given ?? (weighting == ClassWeighting.Balanced ? BalancedClassWeights(classCounts) : null);

    /// <summary>
    /// The standardisation of <paramref name="data"/>'s regression targets (weighted mean and standard
    /// deviation), the class weights already folded into the row weights.
    /// </summary>
    public static TargetScaling StandardizeTargets(DenseDataset data)
    {
        float[] targets = data.Targets ?? throw new ArgumentException("The data set has no regression targets.", nameof(data));
        var statistics = new TargetStatistics();
        for (int r = 0; r < data.Rows; r++)
        {
            statistics.Add(targets[r], data.Weights?[r] ?? 1f);
        }
        return statistics.ToScaling();
    }

    /// <summary>"0", "1", … for classes that carry no names.</summary>
    public static string[] DefaultClassNames(int classes)
        => Enumerable.Range(0, classes).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    /// <summary>scikit-learn's balanced weights from class counts.</summary>
    public static float[] BalancedClassWeights(long[] counts)
    {
        double total = counts.Sum();
        return counts.Select(n => n == 0 ? 1f : (float)(total / (counts.Length * (double)n))).ToArray();
    }

    private static DenseDataset Select(DenseDataset data, List<int> rows)
    {
        int inputs = data.Inputs;
        var features = new float[(long)rows.Count * inputs];
        var labels = new int[rows.Count];
        float[]? weights = data.Weights == null ? null : new float[rows.Count];
        float[]? targets = data.Targets == null ? null : new float[rows.Count];
        for (int i = 0; i < rows.Count; i++)
        {
            data.Features.AsSpan(rows[i] * inputs, inputs).CopyTo(features.AsSpan(i * inputs, inputs));
            labels[i] = data.Labels[rows[i]];
            if (weights != null)
            {
                weights[i] = data.Weights![rows[i]];
            }
            if (targets != null)
            {
                targets[i] = data.Targets![rows[i]];
            }
        }
        return new DenseDataset(features, labels, weights, rows.Count, inputs, data.Classes, targets);
    }
}
