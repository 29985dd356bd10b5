using MlNetTwoLayer.Engine.Numerics;
using MlNetTwoLayer.Engine.Data;
using MlNetTwoLayer.Engine.Network;

namespace MlNetTwoLayer.Engine.Training;

/// <summary>
/// Standardises the inputs the network trains on, <c>z = (x − μ)·s</c> with each feature's mean μ
/// and <c>s = 1/σ</c> (1 for a constant feature), taken from the training rows only, and folds that
/// affine map into W1 and b1 at the end (<c>W1 ← s·W1</c>, <c>b1 ← b1 − Σ μ·s·W1</c>), so the model
/// scores raw inputs and its format does not change.
/// </summary>
/// <remarks>
/// Why: ML.NET's default <c>NormalizeMeanVariance</c> (<c>fixZero: true</c>) scales but does not
/// centre, and <c>NormalizeMinMax</c> puts every feature in [0, 1]; on such inputs every ReLU unit
/// starts with a large shared offset and training underfits (issue 15's measurements, docs/defaults.md).
/// </remarks>
internal sealed class InputStandardizer
{
    private readonly double[] _mean;
    private readonly double[] _scale;

    private InputStandardizer(double[] mean, double[] scale)
    {
        _mean = mean;
        _scale = scale;
    }

    /// <summary>The per-feature mean μ.</summary>
    public ReadOnlySpan<double> Mean => _mean;

    /// <summary>The per-feature factor s = 1/σ (population σ; 1 where σ is 0).</summary>
    public ReadOnlySpan<double> Scale => _scale;

    /// <summary>
    /// Accumulates the weighted mean and variance one row at a time (West's weighted Welford, in
    /// double, so a large mean does not swamp the variance). Weighted by the example weights, so that
    /// a row of weight 2 counts as the row twice, as it does in the loss.
    /// </summary>
    internal sealed class Accumulator
    {
        private readonly double[] _mean, _m2;
        private double _count;

        /// <summary>For rows of <paramref name="inputs"/> features.</summary>
        public Accumulator(int inputs)
        {
            _mean = new double[inputs];
            _m2 = new double[inputs];
        }

        /// <summary>Adds one row of weight <paramref name="weight"/> (positive).</summary>
        public void Add(ReadOnlySpan<float> row, double weight = 1)
        {
            _count += weight;
            double share = weight / _count;
            for (int i = 0; i < _mean.Length; i++)
            {
                double delta = row[i] - _mean[i];
                _mean[i] += share * delta;
                _m2[i] += weight * delta * (row[i] - _mean[i]);
            }
        }

        /// <summary>The standardiser of the rows added.</summary>
        public InputStandardizer Build()
        {
            var scale = new double[_mean.Length];
            for (int i = 0; i < scale.Length; i++)
            {
                double sd = _count == 0 ? 0 : Math.Sqrt(_m2[i] / _count);
                // A constant (or nearly constant) feature is only centred: dividing by ~0 would blow it up.
                scale[i] = sd > 1e-12 * Math.Max(1, Math.Abs(_mean[i])) && double.IsFinite(sd) ? 1 / sd : 1;
            }
            return new InputStandardizer((double[])_mean.Clone(), scale);
        }
    }

    /// <summary>The standardiser of <paramref name="data"/>'s rows, weighted by their row weights.</summary>
    public static InputStandardizer Fit(DenseDataset data)
    {
        var accumulator = new Accumulator(data.Inputs);
        for (int r = 0; r < data.Rows; r++)
        {
            accumulator.Add(data.Features.AsSpan(r * data.Inputs, data.Inputs), data.Weights?[r] ?? 1);
        }
        return accumulator.Build();
    }

    /// <summary>Standardises <paramref name="row"/> in place.</summary>
    public void Apply(Span<float> row)
    {
        for (int i = 0; i < row.Length; i++)
        {
            row[i] = (float)((row[i] - _mean[i]) * _scale[i]);
        }
    }

    /// <summary>A standardised copy of <paramref name="data"/> (the caller's rows are left as they are).</summary>
    public DenseDataset Apply(DenseDataset data)
    {
        float[] features = HugePages.NewFloats((long)data.Rows * data.Inputs); // the shuffled gather reads its rows at random
        data.Features.AsSpan(0, features.Length).CopyTo(features);
        for (int r = 0; r < data.Rows; r++)
        {
            Apply(features.AsSpan(r * data.Inputs, data.Inputs));
        }
        return new DenseDataset(features, data.Labels, data.Weights, data.Rows, data.Inputs, data.Classes, data.Targets);
    }

    /// <summary>Turns weights for standardised inputs into weights for raw inputs (the end of a fit).</summary>
    public void FoldInto(NetworkParameters parameters)
    {
        NetworkShape shape = parameters.Shape;
        Span<float> w1 = parameters.W1, b1 = parameters.B1;
        var shift = new double[shape.Hidden];
        for (int i = 0; i < shape.Inputs; i++)
        {
            Span<float> row = w1.Slice(i * shape.Hidden, shape.Hidden);
            for (int j = 0; j < shape.Hidden; j++)
            {
                double w = row[j] * _scale[i];
                shift[j] += _mean[i] * w;
                row[j] = (float)w;
            }
        }
        for (int j = 0; j < shape.Hidden; j++)
        {
            b1[j] = (float)(b1[j] - shift[j]);
        }
    }

    /// <summary>The inverse of <see cref="FoldInto"/>: weights for raw inputs (an initial model) become weights for standardised ones.</summary>
    public void UnfoldFrom(NetworkParameters parameters)
    {
        NetworkShape shape = parameters.Shape;
        Span<float> w1 = parameters.W1, b1 = parameters.B1;
        var shift = new double[shape.Hidden];
        for (int i = 0; i < shape.Inputs; i++)
        {
            Span<float> row = w1.Slice(i * shape.Hidden, shape.Hidden);
            for (int j = 0; j < shape.Hidden; j++)
            {
                shift[j] += _mean[i] * row[j];
                row[j] = (float)(row[j] / _scale[i]);
            }
        }
        for (int j = 0; j < shape.Hidden; j++)
        {
            b1[j] = (float)(b1[j] + shift[j]);
        }
    }
}
