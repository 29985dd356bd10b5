namespace MlNetTwoLayer;

/// <summary>What a <see cref="TwoLayerModelParameters"/> predicts, decided by the trainer that made it.</summary>
public enum TwoLayerTask
{
    /// <summary>One of several classes: softmax over one output per class (<c>MulticlassClassification.Trainers.TwoLayer</c>).</summary>
    MulticlassClassification = 0,

    /// <summary>True or false: one output, its logistic function the probability of true (<c>BinaryClassification.Trainers.TwoLayer</c>).</summary>
    BinaryClassification = 1,

    /// <summary>A real value: one output in the label's units (<c>Regression.Trainers.TwoLayer</c>).</summary>
    Regression = 2,
}
