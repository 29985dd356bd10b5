using MlNetTwoLayer.Engine.Numerics;

namespace MlNetTwoLayer.Engine.Network;

/// <summary>
/// The seed's network on sparse inputs (text, one-hot): the same maths with the input side as a
/// sparse x dense product. <c>x·W1</c> sums the W1 rows of a row's non-zeros scaled by their values
/// (an embedding bag); <c>dW1 = xᵀ·dh</c> is computed for the touched W1 rows only. From the hidden
/// layer on, the dense code is reused as is.
/// </summary>
internal sealed partial class TwoLayerNetwork
{
    /// <summary><c>forward(x)</c> for CSR rows: class probabilities in <see cref="BatchWorkspace.Output"/>.</summary>
    public void Forward(in CsrBatch x, BatchWorkspace ws)
    {
        ComputeScores(x, ws);
        Head.Predict(ws.Output, x.Rows, Shape.Classes);
    }

    /// <summary>The forward pass on CSR rows, returning the weighted sum of the rows' loss (class labels).</summary>
    public double ForwardWithLoss(in CsrBatch x, ReadOnlySpan<int> labels, ReadOnlySpan<float> rowWeights, BatchWorkspace ws)
        => ForwardWithLoss(x, labels, default, rowWeights, ws);

    /// <summary>The forward pass on CSR rows, returning the weighted sum of the rows' loss; targets for regression heads.</summary>
    public double ForwardWithLoss(in CsrBatch x, ReadOnlySpan<int> labels, ReadOnlySpan<float> targets, ReadOnlySpan<float> rowWeights, BatchWorkspace ws)
    {
        ComputeScores(x, ws);
        return Head.ForwardLoss(ws.Output, x.Rows, Shape.Classes, labels, targets, rowWeights);
    }

    /// <summary><c>backward(x, y)</c> for CSR rows and class labels; see the overload with targets.</summary>
    public void Backward(in CsrBatch x, ReadOnlySpan<int> labels, ReadOnlySpan<float> rowWeights, float normalizer, BatchWorkspace ws, SparseGradients gradients)
        => Backward(x, labels, default, rowWeights, normalizer, ws, gradients);

    /// <summary>
    /// <c>backward(x, y)</c> for CSR rows after <see cref="ForwardWithLoss(in CsrBatch, ReadOnlySpan{int}, ReadOnlySpan{float}, ReadOnlySpan{float}, BatchWorkspace)"/>
    /// on the same rows: dW1 for the touched rows, db1, dW2 and db2 into <paramref name="gradients"/>.
    /// </summary>
    public void Backward(in CsrBatch x, ReadOnlySpan<int> labels, ReadOnlySpan<float> targets, ReadOnlySpan<float> rowWeights, float normalizer, BatchWorkspace ws, SparseGradients gradients)
    {
        NetworkShape s = Shape;
        BackwardToHidden(x.Rows, labels, targets, rowWeights, normalizer, ws, gradients.W2, gradients.B2);
        ReadOnlySpan<float> dh = ws.HiddenGradient.AsSpan(0, x.Rows * s.Hidden);

        // dW1 = xᵀ·dh, for the rows of W1 whose feature occurs in the batch ; db1 = Σ dh
        gradients.Prepare(x);
        SparseKernels.ScatterProductParallel(x, gradients.Slots, ws.HiddenGradient, s.Hidden, gradients.W1RowsArray, ws.Gemm);
        VectorKernels.ColumnSums(dh, x.Rows, s.Hidden, gradients.B1);
    }

    /// <summary>
    /// Adds λ·W to dW2 (exactly) and, with <paramref name="includeW1Rows"/>, to the touched rows of dW1
    /// (lazily: a W1 row that a batch does not touch gets no decay in that step; every row is decayed
    /// in every step it takes part in). Biases are not penalised. Training folds the W1 part into the
    /// lazy optimiser's pass over the touched rows instead (one pass over scattered memory, not two).
    /// </summary>
    public void AddL2Gradient(SparseGradients gradients, float lambda, bool includeW1Rows = true)
    {
        if (lambda == 0)
        {
            return;
        }
        VectorKernels.AddScaled(gradients.W2, Parameters.W2, lambda);
        if (!includeW1Rows)
        {
            return;
        }
        int hidden = Shape.Hidden;
        ReadOnlySpan<int> rows = gradients.TouchedRows;
        Span<float> g = gradients.W1Rows;
        Span<float> w1 = Parameters.W1;
        for (int c = 0; c < rows.Length; c++)
        {
            VectorKernels.AddScaled(g.Slice(c * hidden, hidden), w1.Slice(rows[c] * hidden, hidden), lambda);
        }
    }

    private void ComputeScores(in CsrBatch x, BatchWorkspace ws)
    {
        NetworkShape s = Shape;
        // h = max(0, x·W1 + b1), x·W1 as an embedding bag over each row's non-zeros
        SparseKernels.EmbeddingBagParallel(x, Parameters.Values, s.Hidden, ws.Hidden, ws.Gemm);
        ScoresFromFirstLayer(x.Rows, ws);
    }
}
