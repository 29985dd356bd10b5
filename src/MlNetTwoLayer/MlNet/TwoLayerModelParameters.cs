using System.Buffers;
using MlNetTwoLayer.Engine.Data;
using MlNetTwoLayer.Engine.Network;
using MlNetTwoLayer.Engine.Persistence;

namespace MlNetTwoLayer;

/// <summary>
/// A trained two-layer network: <c>o = head(f(x·W1 + b1)·W2 + b2)</c>, where the head is the
/// seed's softmax (multiclass), a sigmoid (binary classification) or the identity (regression, with
/// the label scaling it was trained with). Immutable; every getter returns a copy.
/// </summary>
/// <remarks>
/// Shapes follow the seed notebook: W1 is inputs x hidden, b1 has one value per hidden unit, W2 is
/// hidden x classes, b2 has one value per class.
/// </remarks>
/// <example>
/// The seed's four arrays in, probabilities out (runnable: <c>samples/Quickstart</c>):
/// <code>
/// var model = new TwoLayerModelParameters(w1, b1, w2, b2);
/// Span&lt;float&gt; probabilities = stackalloc float[model.ClassCount];
/// model.Score(features, probabilities);
/// model.SaveToFile("model.tlnn");
/// </code>
/// </example>
public sealed partial class TwoLayerModelParameters
{
    private readonly NetworkParameters _parameters;
    private readonly string[] _classNames;

    /// <summary>
    /// Creates a model from the seed's four arrays, with ReLU hidden units and classes named
    /// "0", "1", ....
    /// </summary>
    /// <param name="hiddenWeights">W1, inputs x hidden.</param>
    /// <param name="hiddenBiases">b1, one per hidden unit.</param>
    /// <param name="outputWeights">W2, hidden x classes.</param>
    /// <param name="outputBiases">b2, one per class.</param>
    public TwoLayerModelParameters(float[,] hiddenWeights, float[] hiddenBiases, float[,] outputWeights, float[] outputBiases)
        : this(hiddenWeights, hiddenBiases, outputWeights, outputBiases, classNames: null, HiddenActivation.Relu)
    {
    }

    /// <summary>Creates a model from the seed's four arrays, with class names and a hidden activation.</summary>
    /// <param name="hiddenWeights">W1, inputs x hidden.</param>
    /// <param name="hiddenBiases">b1, one per hidden unit.</param>
    /// <param name="outputWeights">W2, hidden x classes.</param>
    /// <param name="outputBiases">b2, one per class.</param>
    /// <param name="classNames">One name per class, or null for "0", "1", ....</param>
    /// <param name="activation">The hidden layer's non-linearity.</param>
    public TwoLayerModelParameters(float[,] hiddenWeights, float[] hiddenBiases, float[,] outputWeights, float[] outputBiases,
        IReadOnlyList<string>? classNames, HiddenActivation activation)
        : this(FromArrays(hiddenWeights, hiddenBiases, outputWeights, outputBiases), classNames, activation)
    {
    }

    /// <summary>
    /// Wraps trained parameters; they must not be changed afterwards. <paramref name="head"/> null is the
    /// seed's softmax. For a typed <paramref name="labelKind"/>, each class name is its label value's
    /// canonical text (<see cref="ClassLabelText"/>).
    /// </summary>
    internal TwoLayerModelParameters(NetworkParameters parameters, IReadOnlyList<string>? classNames, HiddenActivation activation, IOutputHead? head = null,
        ClassLabelKind labelKind = ClassLabelKind.Text)
    {
        if (!Enum.IsDefined(labelKind))
        {
            throw new ArgumentOutOfRangeException(nameof(labelKind), labelKind, "Unknown class label kind.");
        }
        if (labelKind != ClassLabelKind.Text && classNames == null)
        {
            throw new ArgumentException($"{labelKind} class labels need their values.", nameof(classNames));
        }
        head ??= SoftmaxCrossEntropyHead.Instance;
        bool namedClasses = head.Kind == OutputHeadKind.SoftmaxCrossEntropy;
        if (!namedClasses && (parameters.Shape.Classes != 1 || classNames is { Count: > 0 }))
        {
            throw new ArgumentException($"A {head.Kind} head has one output and no class names; got {parameters.Shape.Classes} outputs and {classNames?.Count ?? 0} names.", nameof(parameters));
        }
        if (!Enum.IsDefined(activation))
        {
            throw new ArgumentOutOfRangeException(nameof(activation), activation, "Unknown hidden activation.");
        }
        if (classNames != null && classNames.Count != parameters.Shape.Classes)
        {
            throw new ArgumentException($"There are {classNames.Count} class names for {parameters.Shape.Classes} classes.", nameof(classNames));
        }
        if (parameters.Shape.Classes > ModelFormat.MaxClasses)
        {
            throw new ArgumentException($"The model has {parameters.Shape.Classes} classes; at most {ModelFormat.MaxClasses} are supported (a model must stay savable).", nameof(parameters));
        }
        if (classNames != null)
        {
            CheckClassNames(classNames, labelKind);
        }
        _parameters = parameters;
        ClassLabelKind = labelKind;
        Activation = activation;
        Head = head;
        _classNames = !namedClasses ? []
            : classNames?.Select(n => n ?? throw new ArgumentException("Class names must not be null.", nameof(classNames))).ToArray()
            ?? DatasetOperations.DefaultClassNames(parameters.Shape.Classes);
    }

    /// <summary>Number of input features.</summary>
    public int InputCount => _parameters.Shape.Inputs;

    /// <summary>Number of hidden units.</summary>
    public int HiddenCount => _parameters.Shape.Hidden;

    /// <summary>
    /// Number of network outputs, the length of what <see cref="Score"/> writes: one per class for
    /// multiclass classification, 1 for binary classification (the probability of <c>true</c>) and regression.
    /// </summary>
    public int ClassCount => _parameters.Shape.Classes;

    /// <summary>What the model predicts: which trainer made it.</summary>
    public TwoLayerTask Task => Head.Kind switch
    {
        OutputHeadKind.SoftmaxCrossEntropy => TwoLayerTask.MulticlassClassification,
        OutputHeadKind.SigmoidBinaryCrossEntropy => TwoLayerTask.BinaryClassification,
        _ => TwoLayerTask.Regression,
    };

    /// <summary>
    /// For regression, the value subtracted from labels before training (the training labels' mean
    /// when they were standardised); predictions add it back. 0 for classifiers.
    /// </summary>
    public double LabelOffset => Head.Scaling.Offset;

    /// <summary>
    /// For regression, the value labels were divided by before training (their standard deviation
    /// when standardised); predictions are multiplied by it. 1 for classifiers.
    /// </summary>
    public double LabelScale => Head.Scaling.Scale;

    /// <summary>The output activation and loss, with the label scaling of regression heads.</summary>
    internal IOutputHead Head { get; }

    /// <summary>The hidden layer's non-linearity.</summary>
    public HiddenActivation Activation { get; }

    /// <summary>
    /// One name per class, in score-slot order: the label's key values when it had them, as text
    /// (culture-independent, round-trip text for numbers, Booleans and dates; see <see cref="ClassLabelType"/>).
    /// </summary>
    public IReadOnlyList<string> ClassNames => _classNames;

    /// <summary>
    /// The .NET type of the training label's key values, which the scored <c>PredictedLabel</c> keeps
    /// (so <c>MapKeyToValue</c> gives that type back): <see cref="string"/> for text, or for a model
    /// whose label had no key values; <see cref="float"/> for a <c>Single</c> label mapped by
    /// <c>MapValueToKey</c>; likewise <see cref="double"/>, <see cref="bool"/>, the integer types,
    /// <see cref="DateTime"/>, <see cref="TimeSpan"/> and <see cref="DateTimeOffset"/>.
    /// </summary>
    public Type ClassLabelType => ClassLabelText.ClrType(ClassLabelKind);

    /// <summary>What <see cref="ClassLabelType"/> is, as the model file stores it.</summary>
    internal ClassLabelKind ClassLabelKind { get; }

    /// <summary>The class labels as values of <see cref="ClassLabelType"/>, in score-slot order.</summary>
    internal object[] GetClassLabelValues() => _classNames.Select(n => ClassLabelText.Parse(ClassLabelKind, n)).ToArray();

    /// <summary>The parameters, shared with the scoring code; never to be written.</summary>
    internal NetworkParameters Parameters => _parameters;

    /// <summary>A copy of W1, inputs x hidden.</summary>
    public float[,] GetHiddenWeights() => ToMatrix(_parameters.W1, InputCount, HiddenCount);

    /// <summary>A copy of b1.</summary>
    public float[] GetHiddenBiases() => _parameters.B1.ToArray();

    /// <summary>A copy of W2, hidden x classes.</summary>
    public float[,] GetOutputWeights() => ToMatrix(_parameters.W2, HiddenCount, ClassCount);

    /// <summary>A copy of b2.</summary>
    public float[] GetOutputBiases() => _parameters.B2.ToArray();

    /// <summary>
    /// Writes the prediction for one feature vector into <paramref name="probabilities"/>: the class
    /// probabilities (multiclass), the probability of <c>true</c> (binary) or the predicted value in the
    /// label's units (regression). Allocates nothing for networks of up to 4096 hidden units. NaN
    /// features give NaN.
    /// </summary>
    /// <param name="features">Exactly <see cref="InputCount"/> values.</param>
    /// <param name="probabilities">At least <see cref="ClassCount"/> values; the first <see cref="ClassCount"/> are written.</param>
    public void Score(ReadOnlySpan<float> features, Span<float> probabilities)
    {
        if (features.Length != InputCount)
        {
            throw new ArgumentException($"The model takes {InputCount} features, but {features.Length} were given.", nameof(features));
        }
        if (probabilities.Length < ClassCount)
        {
            throw new ArgumentException($"The model writes {ClassCount} probabilities, but the destination holds {probabilities.Length}.", nameof(probabilities));
        }
        // Only the hidden layer's size is taken from the stack (a fixed 16 KiB block would be zeroed on
        // every call); very wide layers rent instead.
        const int StackLimit = 4096;
        float[]? rented = HiddenCount > StackLimit ? ArrayPool<float>.Shared.Rent(HiddenCount) : null;
        Span<float> hidden = rented ?? stackalloc float[HiddenCount];
        try
        {
            SingleRowScorer.Score(_parameters, Activation, Head, features, hidden.Slice(0, HiddenCount), probabilities.Slice(0, ClassCount));
        }
        finally
        {
            if (rented != null)
            {
                ArrayPool<float>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Names must save and load back unchanged: valid UTF-16, at most the format's length in UTF-8.</summary>
    private static void CheckClassNames(IReadOnlyList<string> classNames, ClassLabelKind labelKind)
    {
        for (int i = 0; i < classNames.Count; i++)
        {
            string name = classNames[i] ?? throw new ArgumentException($"Class name {i} is null.", nameof(classNames));
            if (StrictUtf8.Problem(name, $"Class name {i}") is string problem)
            {
                throw new ArgumentException(problem, nameof(classNames));
            }
            int bytes = StrictUtf8.GetByteCount(name, $"Class name {i}");
            if (bytes > ModelFormat.MaxClassNameBytes)
            {
                throw new ArgumentException($"Class name {i} takes {bytes} UTF-8 bytes; at most {ModelFormat.MaxClassNameBytes} are supported.", nameof(classNames));
            }
            if (!ClassLabelText.IsCanonical(labelKind, name))
            {
                throw new ArgumentException($"Class name {i} ('{name}') is not the canonical text of a {labelKind} label.", nameof(classNames));
            }
        }
    }

    private static NetworkParameters FromArrays(float[,] w1, float[] b1, float[,] w2, float[] b2)
    {
        ArgumentNullException.ThrowIfNull(w1, "hiddenWeights");
        ArgumentNullException.ThrowIfNull(b1, "hiddenBiases");
        ArgumentNullException.ThrowIfNull(w2, "outputWeights");
        ArgumentNullException.ThrowIfNull(b2, "outputBiases");
        int inputs = w1.GetLength(0), hidden = w1.GetLength(1), classes = w2.GetLength(1);
        if (inputs == 0 || hidden == 0 || classes == 0)
        {
            throw new ArgumentException($"hiddenWeights is {inputs} x {hidden} and outputWeights has {classes} columns; every dimension must be at least 1.", "hiddenWeights");
        }
        if (b1.Length != hidden)
        {
            throw new ArgumentException($"hiddenBiases has {b1.Length} values but hiddenWeights has {hidden} columns (hidden units).", "hiddenBiases");
        }
        if (w2.GetLength(0) != hidden)
        {
            throw new ArgumentException($"outputWeights has {w2.GetLength(0)} rows but there are {hidden} hidden units.", "outputWeights");
        }
        if (b2.Length != classes)
        {
            throw new ArgumentException($"outputBiases has {b2.Length} values but outputWeights has {classes} columns (classes).", "outputBiases");
        }
        var parameters = new NetworkParameters(new NetworkShape(inputs, hidden, classes));
        CopyMatrix(w1, parameters.W1);
        b1.CopyTo(parameters.B1);
        CopyMatrix(w2, parameters.W2);
        b2.CopyTo(parameters.B2);
        if (!parameters.AllFinite())
        {
            throw new ArgumentException("Every weight and bias must be a finite number.", "hiddenWeights");
        }
        return parameters;
    }

    private static void CopyMatrix(float[,] source, Span<float> destination)
    {
        int cols = source.GetLength(1);
        for (int r = 0; r < source.GetLength(0); r++)
        {
            for (int c = 0; c < cols; c++)
            {
                destination[r * cols + c] = source[r, c];
            }
        }
    }

    private static float[,] ToMatrix(ReadOnlySpan<float> flat, int rows, int cols)
    {
        var matrix = new float[rows, cols];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < cols; c++)
            {
                matrix[r, c] = flat[r * cols + c];
            }
        }
        return matrix;
    }
}
