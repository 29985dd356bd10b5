namespace MlNetTwoLayer;

/// <summary>The non-linearity of the hidden layer. The seed uses <see cref="Relu"/>.</summary>
public enum HiddenActivation
{
    /// <summary><c>h = max(0, z)</c>, the seed's choice and the default.</summary>
    Relu = 0,

    /// <summary><c>h = z</c> for z &gt; 0, else <c>0.01·z</c>.</summary>
    LeakyRelu = 1,

    /// <summary><c>h = tanh(z)</c>.</summary>
    Tanh = 2,

    /// <summary><c>h = 1 / (1 + e^-z)</c>.</summary>
    Sigmoid = 3,
}
