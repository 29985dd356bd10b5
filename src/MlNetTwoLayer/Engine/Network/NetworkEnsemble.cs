namespace MlNetTwoLayer.Engine.Network;

/// <summary>
/// Averaging the scores of k two-layer networks is itself one two-layer network: the hidden layers
/// side by side (W1 = [W1_1 … W1_k], b1 = [b1_1 … b1_k]) and the output layer stacked and scaled
/// (W2 = [W2_1; …; W2_k] / k, b2 = the mean of the b2_i), because
/// <c>mean_i(h_i·W2_i + b2_i) = [h_1 … h_k]·([W2_1; …; W2_k] / k) + mean_i b2_i</c>. So a seed
/// ensemble trains k members and ships one network of k·H hidden units: the model file, ONNX
/// export, scoring and permutation importance need nothing new.
/// </summary>
/// <remarks>
/// Softmax heads average logits (not probabilities); sigmoid heads average the margin; regression
/// heads average the prediction in the label's units, the members' label scalings folded into the
/// output layer (<see cref="Merge(IReadOnlyList{NetworkParameters}, IReadOnlyList{TargetScaling}, TargetScaling)"/>).
/// </remarks>
internal static class NetworkEnsemble
{
    /// <summary>One network whose scores are the mean of the members' scores (members of one label scaling, or classifiers).</summary>
    /// <exception cref="ArgumentException">No member, or members of different input or output counts.</exception>
    public static NetworkParameters Merge(IReadOnlyList<NetworkParameters> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        var identity = new TargetScaling[members.Count];
        Array.Fill(identity, TargetScaling.Identity);
        return Merge(members, identity, TargetScaling.Identity);
    }

    /// <summary>
    /// One network that, read with <paramref name="merged"/>'s label scaling, predicts the mean of the
    /// members' predictions, each read with its own scaling: member i predicts
    /// <c>y_i = s_i·S_i + O_i</c>, so the merged output layer is <c>W2_i·S_i / (k·S)</c> and
    /// <c>b2 = (mean_i(b2_i·S_i + O_i) − O) / S</c> (in double, then rounded once).
    /// </summary>
    /// <exception cref="ArgumentException">No member, scalings not one per member, members of different input or output counts, or too many hidden units in all.</exception>
    public static NetworkParameters Merge(IReadOnlyList<NetworkParameters> members, IReadOnlyList<TargetScaling> scalings, TargetScaling merged) =>
        Merge(members, scalings, merged, int.MaxValue);

    /// <summary>As <see cref="Merge(IReadOnlyList{NetworkParameters}, IReadOnlyList{TargetScaling}, TargetScaling)"/>, refusing more than <paramref name="maxHidden"/> hidden units in all.</summary>
    /// <remarks>Tests lower <paramref name="maxHidden"/> to reach the limit and its message with a few units instead of 2^31.</remarks>
    internal static NetworkParameters Merge(IReadOnlyList<NetworkParameters> members, IReadOnlyList<TargetScaling> scalings, TargetScaling merged, int maxHidden)
    {
        ArgumentNullException.ThrowIfNull(members);
        ArgumentNullException.ThrowIfNull(scalings);
        if (members.Count == 0)
        {
            throw new ArgumentException("An ensemble needs at least one member.", nameof(members));
        }
        if (scalings.Count != members.Count)
        {
            throw new ArgumentException($"{members.Count} members but {scalings.Count} label scalings.", nameof(scalings));
        }
        NetworkShape first = members[0].Shape;
        long hidden = 0;
        foreach (NetworkParameters member in members)
        {
            if (member.Shape.Inputs != first.Inputs || member.Shape.Classes != first.Classes)
            {
                throw new ArgumentException($"Members of shape {first} and {member.Shape} cannot be merged: inputs and outputs must match.", nameof(members));
            }
            hidden += member.Shape.Hidden;
        }
        if (hidden > maxHidden)
        {
            throw new ArgumentException($"The members have {hidden} hidden units in all, too many for one network.", nameof(members));
        }
        int inputs = first.Inputs, outputs = first.Classes, k = members.Count;
        var result = new NetworkParameters(new NetworkShape(inputs, (int)hidden, outputs));
        Span<float> w1 = result.W1, b1 = result.B1, w2 = result.W2;
        var b2 = new double[outputs];
        int column = 0; // the first merged hidden unit of the current member
        for (int m = 0; m < k; m++)
        {
            NetworkParameters member = members[m];
            int h = member.Shape.Hidden;
            ReadOnlySpan<float> mw1 = member.W1, mw2 = member.W2, mb2 = member.B2;
            for (int i = 0; i < inputs; i++)
            {
                mw1.Slice(i * h, h).CopyTo(w1.Slice(i * (int)hidden + column, h));
            }
            member.B1.CopyTo(b1.Slice(column, h));
            double factor = scalings[m].Scale / (k * merged.Scale);
            for (int j = 0; j < h; j++)
            {
                for (int c = 0; c < outputs; c++)
                {
                    w2[(column + j) * outputs + c] = (float)(mw2[j * outputs + c] * factor);
                }
            }
            for (int c = 0; c < outputs; c++)
            {
                b2[c] += (mb2[c] * scalings[m].Scale + scalings[m].Offset) / k;
            }
            column += h;
        }
        for (int c = 0; c < outputs; c++)
        {
            result.B2[c] = (float)((b2[c] - merged.Offset) / merged.Scale);
        }
        return result;
    }

    /// <summary>
    /// The inverse for warm starts: splits a network of k·H hidden units into k members of H whose
    /// mean score is the network's (member i: its H hidden units, W2 rows times k, the network's b2),
    /// so continuing an ensemble's training starts each member where the ensemble left off.
    /// </summary>
    /// <exception cref="ArgumentException">The hidden count is not a multiple of <paramref name="members"/>.</exception>
    public static NetworkParameters[] Split(NetworkParameters network, int members)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentOutOfRangeException.ThrowIfLessThan(members, 1);
        NetworkShape shape = network.Shape;
        if (shape.Hidden % members != 0)
        {
            throw new ArgumentException($"A network of {shape.Hidden} hidden units does not split into {members} equal members.", nameof(members));
        }
        int h = shape.Hidden / members, inputs = shape.Inputs, outputs = shape.Classes;
        var result = new NetworkParameters[members];
        ReadOnlySpan<float> w1 = network.W1, w2 = network.W2;
        for (int m = 0; m < members; m++)
        {
            var member = new NetworkParameters(new NetworkShape(inputs, h, outputs));
            Span<float> mw1 = member.W1, mw2 = member.W2;
            for (int i = 0; i < inputs; i++)
            {
                w1.Slice(i * shape.Hidden + m * h, h).CopyTo(mw1.Slice(i * h, h));
            }
            network.B1.Slice(m * h, h).CopyTo(member.B1);
            for (int j = 0; j < h * outputs; j++)
            {
                mw2[j] = w2[m * h * outputs + j] * members;
            }
            network.B2.CopyTo(member.B2);
            result[m] = member;
        }
        return result;
    }
}
