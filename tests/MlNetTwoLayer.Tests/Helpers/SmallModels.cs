using System.Buffers.Binary;
using MlNetTwoLayer.Engine.Persistence;

namespace MlNetTwoLayer.Tests.Helpers;

/// <summary>Hand-built models and helpers to rewrite a model file's header with a valid checksum.</summary>
public static class SmallModels
{
    /// <summary>A 3-5-4 tanh network with non-trivial weights and a non-ASCII class name.</summary>
    public static TwoLayerModelParameters Create(int inputs = 3, int hidden = 5, int classes = 4)
    {
        var random = new Random(11);
        float[,] w1 = Matrix(random, inputs, hidden), w2 = Matrix(random, hidden, classes);
        float[] b1 = Enumerable.Range(0, hidden).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
        float[] b2 = Enumerable.Range(0, classes).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
        string[] names = Enumerable.Range(0, classes).Select(c => c == 1 ? "Iris-sétosa 🌸" : $"class {c}").ToArray();
        return new TwoLayerModelParameters(w1, b1, w2, b2, names, HiddenActivation.Tanh);
    }

    public static byte[] Bytes(TwoLayerModelParameters model)
    {
        using var stream = new MemoryStream();
        model.Save(stream);
        return stream.ToArray();
    }

    /// <summary>Writes <paramref name="value"/> at <paramref name="offset"/> and recomputes the checksum, so only the intended check can fail.</summary>
    public static byte[] PatchInt32(byte[] file, int offset, int value)
    {
        byte[] copy = file.ToArray();
        BinaryPrimitives.WriteInt32LittleEndian(copy.AsSpan(offset), value);
        return Reseal(copy);
    }

    public static byte[] Reseal(byte[] file)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(file.Length - 4), System.IO.Hashing.Crc32.HashToUInt32(file.AsSpan(0, file.Length - 4)));
        return file;
    }

    /// <summary>The class probabilities for one fixed probe input of the model's width.</summary>
    public static float[] ScoreProbe(TwoLayerModelParameters model)
    {
        float[] features = Enumerable.Range(0, model.InputCount).Select(i => 0.25f * i - 0.3f).ToArray();
        var probabilities = new float[model.ClassCount];
        model.Score(features, probabilities);
        return probabilities;
    }

    private static float[,] Matrix(Random random, int rows, int cols)
    {
        var m = new float[rows, cols];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < cols; c++)
            {
                m[r, c] = (float)(random.NextDouble() * 2 - 1);
            }
        }
        return m;
    }
}
