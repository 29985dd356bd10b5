
namespace Quickstart;

/// <summary>
/// The seed notebook's toy problem: a small <c>make_classification</c>-like generator of ours —
/// one Gaussian cluster per class around a vertex of a square, seeded so every run is the same.
/// </summary>
public static class SeedProblem
{
    /// <summary>One point of the toy problem.</summary>
    public sealed class Point
    {
        [Microsoft.ML.Data.VectorType(2)]
        public float[] Features { get; set; } = [];

        public float Label { get; set; }
    }

    /// <summary><paramref name="count"/> points in <paramref name="classes"/> clusters.</summary>
    public static List<Point> Generate(int count, int classes, int seed)
    {
        var random = new Random(seed);
        (float X, float Y)[] centres = [(-1.5f, 1.2f), (1.4f, 0.2f), (-1.0f, -1.2f), (1.2f, -1.5f)];
        var points = new List<Point>();
        for (int i = 0; i < count; i++)
        {
            int label = i % classes;
            points.Add(new Point
            {
                Features = [centres[label].X + 0.5f * Gaussian(random), centres[label].Y + 0.5f * Gaussian(random)],
                Label = label,
            });
        }
        return points;
    }

    private static float Gaussian(Random random)
    {
        double u1 = 1.0 - random.NextDouble(), u2 = random.NextDouble();
        return (float)(Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
    }
}
