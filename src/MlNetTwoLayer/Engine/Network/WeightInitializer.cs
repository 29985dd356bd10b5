namespace MlNetTwoLayer.Engine.Network;

/// <summary>Fills a network's parameters according to a <see cref="WeightInitialization"/>.</summary>
internal static class WeightInitializer
{
    /// <summary>The seed notebook's <c>sig</c>.</summary>
    public const float SeedSigma = 0.01f;

    /// <summary>Draws W1 then W2 from <paramref name="random"/>; sets b1 and b2 to zero.</summary>
    public static void Initialize(NetworkParameters parameters, WeightInitialization kind, SeededRandom random)
    {
        NetworkShape s = parameters.Shape;
        Fill(parameters.W1, kind, s.Inputs, s.Hidden, random);
        parameters.B1.Clear();
        Fill(parameters.W2, kind, s.Hidden, s.Classes, random);
        parameters.B2.Clear();
    }

    private static void Fill(Span<float> weights, WeightInitialization kind, int fanIn, int fanOut, SeededRandom random)
    {
        switch (kind)
        {
            case WeightInitialization.ScaledUniform:
                for (int i = 0; i < weights.Length; i++)
                {
                    weights[i] = SeedSigma * random.NextSingle();
                }
                break;
            case WeightInitialization.He:
                FillSymmetric(weights, MathF.Sqrt(6f / fanIn), random);
                break;
            case WeightInitialization.Glorot:
                FillSymmetric(weights, MathF.Sqrt(6f / (fanIn + fanOut)), random);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown weight initialisation.");
        }
    }

    private static void FillSymmetric(Span<float> weights, float bound, SeededRandom random)
    {
        for (int i = 0; i < weights.Length; i++)
        {
            weights[i] = bound * (2f * random.NextSingle() - 1f);
        }
    }
}
