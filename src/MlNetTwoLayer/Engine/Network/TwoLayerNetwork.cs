using MlNetTwoLayer.Engine.Numerics;


namespace MlNetTwoLayer.Engine.Network;

/// <summary>
/// The seed's network: <c>h = f(x·W1 + b1)</c>, <c>s = h·W2 + b2</c>, then an output head — the
/// seed's softmax and mean cross-entropy by default (<see cref="IOutputHead"/>) — and the
/// hand-derived backward pass. Methods are named after the notebook's cells. The input side
/// (<c>x·W1</c>, <c>dW1 = xᵀ·dh</c>) is dense here and sparse in <c>TwoLayerNetwork.Sparse.cs</c>;
/// everything from the hidden layer on is shared.
/// </summary>
internal sealed partial class TwoLayerNetwork
{
    /// <summary>Wraps <paramref name="parameters"/> (not copied: training updates them in place).</summary>
    public TwoLayerNetwork(NetworkParameters parameters, HiddenActivation activation = HiddenActivation.Relu, IOutputHead? head = null)
    {
        Parameters = parameters;
        Activation = activation;
        Head = head ?? SoftmaxCrossEntropyHead.Instance;
    }

    /// <summary>The output activation and loss.</summary>
    public IOutputHead Head { get; }

    /// <summary>W1, b1, W2, b2.</summary>
    public NetworkParameters Parameters { get; }

    /// <summary>The hidden non-linearity.</summary>
    public HiddenActivation Activation { get; }

    /// <summary>The network's sizes.</summary>
    public NetworkShape Shape => Parameters.Shape;

    /// <summary>
    /// <c>forward(x)</c>: fills <see cref="BatchWorkspace.Hidden"/> with h and
    /// <see cref="BatchWorkspace.Output"/> with the head's predictions (the class probabilities o for
    /// the seed's head) for <paramref name="rows"/> rows.
    /// </summary>
    public void Forward(ReadOnlySpan<float> x, int rows, BatchWorkspace ws)
    {
        ComputeScores(x, rows, ws);
        Head.Predict(ws.Output, rows, Shape.Classes);
    }

    /// <summary>
    /// Forward pass that also returns the weighted sum of the rows' loss (divide by the weight sum
    /// for the seed's <c>loss(x, y)</c>), for heads that learn class labels.
    /// </summary>
    public double ForwardWithLoss(ReadOnlySpan<float> x, int rows, ReadOnlySpan<int> labels, ReadOnlySpan<float> rowWeights, BatchWorkspace ws)
        => ForwardWithLoss(x, rows, labels, default, rowWeights, ws);

    /// <summary>
    /// Forward pass that also returns the weighted sum of the rows' loss; <paramref name="labels"/>
    /// are read by classifier heads, <paramref name="targets"/> by regression heads.
    /// </summary>
    public double ForwardWithLoss(ReadOnlySpan<float> x, int rows, ReadOnlySpan<int> labels, ReadOnlySpan<float> targets, ReadOnlySpan<float> rowWeights, BatchWorkspace ws)
    {
        ComputeScores(x, rows, ws);
        return Head.ForwardLoss(ws.Output, rows, Shape.Classes, labels, targets, rowWeights);
    }

    /// <summary><c>backward(x, y)</c> for heads that learn class labels; see the overload with targets.</summary>
    public void Backward(ReadOnlySpan<float> x, int rows, ReadOnlySpan<int> labels, ReadOnlySpan<float> rowWeights, float normalizer, BatchWorkspace ws, NetworkParameters gradients)
        => Backward(x, rows, labels, default, rowWeights, normalizer, ws, gradients);

    /// <summary>
    /// <c>backward(x, y)</c> after a forward pass on the same rows: writes dW1, db1, dW2, db2 into
    /// <paramref name="gradients"/>. <paramref name="normalizer"/> is the seed's <c>n_samples</c>
    /// (the batch's weight sum when rows are weighted).
    /// </summary>
    public void Backward(ReadOnlySpan<float> x, int rows, ReadOnlySpan<int> labels, ReadOnlySpan<float> targets, ReadOnlySpan<float> rowWeights, float normalizer,
        BatchWorkspace ws, NetworkParameters gradients)
    {
        NetworkShape s = Shape;
        BackwardToHidden(rows, labels, targets, rowWeights, normalizer, ws, gradients.W2, gradients.B2);
        ReadOnlySpan<float> dh = ws.HiddenGradient.AsSpan(0, rows * s.Hidden);

        // dW1 = xᵀ·dh ; db1 = Σ dh
        ws.Gemm.Multiply(transposeA: true, transposeB: false, s.Inputs, s.Hidden, rows, x, s.Inputs, dh, s.Hidden, gradients.W1, s.Hidden, accumulate: false);
        VectorKernels.ColumnSums(dh, rows, s.Hidden, gradients.B1);
    }

    /// <summary>
    /// The backward pass from the loss down to the hidden layer, shared by dense and sparse inputs:
    /// writes dW2 and db2, and leaves dh (through the activation) in <see cref="BatchWorkspace.HiddenGradient"/>.
    /// </summary>
    private void BackwardToHidden(int rows, ReadOnlySpan<int> labels, ReadOnlySpan<float> targets, ReadOnlySpan<float> rowWeights, float normalizer,
        BatchWorkspace ws, Span<float> dW2, Span<float> dB2)
    {
        NetworkShape s = Shape;
        Span<float> dscore = ws.Output.AsSpan(0, rows * s.Classes);
        ReadOnlySpan<float> h = ws.Hidden.AsSpan(0, rows * s.Hidden);
        Span<float> dh = ws.HiddenGradient.AsSpan(0, rows * s.Hidden);

        // dscore = ∂loss/∂s: (o - onehot(y)) / n for the seed's head
        Head.Gradient(dscore, rows, s.Classes, labels, targets, rowWeights, normalizer);

        // dW2 = hᵀ·dscore ; db2 = Σ dscore
        ws.Gemm.Multiply(transposeA: true, transposeB: false, s.Hidden, s.Classes, rows, h, s.Hidden, dscore, s.Classes, dW2, s.Classes, accumulate: false);
        VectorKernels.ColumnSums(dscore, rows, s.Classes, dB2);

        // dh = dscore·W2ᵀ, then through the activation (ReLU: dh[h <= 0] = 0)
        ws.Gemm.Multiply(transposeA: false, transposeB: true, rows, s.Hidden, s.Classes, dscore, s.Classes, Parameters.W2, s.Classes, dh, s.Hidden, accumulate: false);
        Activations.Backward(Activation, dh, h);
    }

    /// <summary>
    /// Adds the L2 penalty's gradient λ·W to dW1 and dW2 (biases are not penalised). Training folds
    /// the same term into the optimiser's pass instead (<c>WeightDecay</c>); this stays as the
    /// reference the gradient check holds <see cref="L2Penalty"/> to.
    /// </summary>
    public void AddL2Gradient(NetworkParameters gradients, float lambda)
    {
        if (lambda == 0)
        {
            return;
        }
        VectorKernels.AddScaled(gradients.W1, Parameters.W1, lambda);
        VectorKernels.AddScaled(gradients.W2, Parameters.W2, lambda);
    }

    /// <summary>The L2 penalty (λ/2)·(‖W1‖² + ‖W2‖²).</summary>
    public double L2Penalty(float lambda)
    {
        if (lambda == 0)
        {
            return 0;
        }
        return 0.5 * lambda * (VectorKernels.SumOfSquares(Parameters.W1) + VectorKernels.SumOfSquares(Parameters.W2));
    }

    private void ComputeScores(ReadOnlySpan<float> x, int rows, BatchWorkspace ws)
    {
        NetworkShape s = Shape;
        Span<float> h = ws.Hidden.AsSpan(0, rows * s.Hidden);

        // h = max(0, x·W1 + b1)
        ws.Gemm.Multiply(transposeA: false, transposeB: false, rows, s.Hidden, s.Inputs, x, s.Inputs, Parameters.W1, s.Hidden, h, s.Hidden, accumulate: false);
        ScoresFromFirstLayer(rows, ws);
    }

    /// <summary>
    /// From <c>x·W1</c> (in <see cref="BatchWorkspace.Hidden"/>) to the scores, shared by dense and sparse
    /// inputs: <c>h = f(x·W1 + b1)</c>, <c>score = h·W2 + b2</c>.
    /// </summary>
    private void ScoresFromFirstLayer(int rows, BatchWorkspace ws)
    {
        NetworkShape s = Shape;
        Span<float> h = ws.Hidden.AsSpan(0, rows * s.Hidden);
        Span<float> score = ws.Output.AsSpan(0, rows * s.Classes);
        Activations.BiasForward(Activation, h, rows, s.Hidden, Parameters.B1);

        // score = h·W2 + b2
        ws.Gemm.Multiply(transposeA: false, transposeB: false, rows, s.Classes, s.Hidden, h, s.Hidden, Parameters.W2, s.Classes, score, s.Classes, accumulate: false);
        VectorKernels.AddBias(score, rows, s.Classes, Parameters.B2);
    }
}
