namespace MlNetTwoLayer.Engine.Network;

/// <summary>
/// The output layer's activation and loss; the code is written into model files (docs/model-format.md),
/// so values never change meaning.
/// </summary>
internal enum OutputHeadKind
{
    /// <summary>Softmax over one output per class, cross-entropy: the seed's head, for multiclass classification.</summary>
    SoftmaxCrossEntropy = 0,

    /// <summary>One output, the logistic function, binary cross-entropy: binary classification.</summary>
    SigmoidBinaryCrossEntropy = 1,

    /// <summary>One output, no activation, half the squared error: regression.</summary>
    IdentitySquaredError = 2,

    /// <summary>One output, no activation, the Huber loss: regression that is robust to outlying labels.</summary>
    IdentityHuber = 3,
}
