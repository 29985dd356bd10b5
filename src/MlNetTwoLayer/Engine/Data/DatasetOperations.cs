using MlNetTwoLayer.Engine.Network;



namespace MlNetTwoLayer.Engine.Data;

/// <summary>Stratified hold-out and class weighting over a <see cref="Dataset"/>, dense or sparse.</summary>
internal static class DatasetOperations
{
    /// <summary>
    /// Holds out about <paramref name="fraction"/> of each class's rows (at least one row of every
    /// class with two or more rows) as validation data; the rest is the training data.
    /// </summary>
    public static (Dataset Train, Dataset Validation) StratifiedSplit(Dataset data, double fraction, SeededRandom random)
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
        return (data.Select(train), data.Select(validation));
    }

    /// <summary>Row weights with each row's class weight folded in; null when nothing is weighted.</summary>
    public static Dataset WithClassWeights(Dataset data, float[]? classWeights)
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
        return data.WithWeights(weights);
    }

    /// <summary>scikit-learn's balanced weights, <c>n / (classes · n_c)</c>; absent classes get 1.</summary>
    public static float[] BalancedClassWeights(Dataset data) => BalancedClassWeights(ClassCounts(data));

    /// <summary>Rows of each class.</summary>
    public static long[] ClassCounts(Dataset data)
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
    public static TargetScaling StandardizeTargets(Dataset data)
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
}
