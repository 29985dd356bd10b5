using MlNetTwoLayer.Engine.Network;

namespace MlNetTwoLayer.Engine.Persistence;

/// <summary>
/// What a model file holds (docs/model-format.md): the weights, the class names and the hidden
/// activation. The engine's view of a trained model, so the format needs no ML.NET-facing type.
/// </summary>
/// <param name="Parameters">W1, b1, W2, b2 in one flat array; the shape gives the dimensions.</param>
/// <param name="ClassNames">One name per class, in class-index order.</param>
/// <param name="Activation">The hidden layer's non-linearity.</param>
/// <param name="Head">The output head with its label scaling; null is the seed's softmax (what version 1 files hold).</param>
/// <param name="ClassLabelKind">The type of the class labels; each class name is then a value's canonical text (<see cref="ClassLabelText"/>).</param>
internal sealed record ModelContents(NetworkParameters Parameters, string[] ClassNames, HiddenActivation Activation, IOutputHead? Head = null, ClassLabelKind ClassLabelKind = ClassLabelKind.Text)
{
    /// <summary>The head, the seed's softmax when none was given.</summary>
    public IOutputHead OutputHead => Head ?? SoftmaxCrossEntropyHead.Instance;
}
