using MlNetTwoLayer.Engine.Network;

namespace MlNetTwoLayer.Tests.Helpers;

/// <summary>A small generated text corpus: shared filler words plus a few topic words per class.</summary>
public static class TextCorpus
{
    public sealed class Document
    {
        public string Text { get; set; } = "";

        public string Topic { get; set; } = "";
    }

    private static readonly string[] Topics = ["sport", "music", "cooking", "travel"];

    public static List<Document> Generate(int count, int seed)
    {
        var random = new SeededRandom(seed);
        string[] filler = Enumerable.Range(0, 300).Select(i => $"w{i}").ToArray();
        var documents = new List<Document>();
        for (int d = 0; d < count; d++)
        {
            int topic = random.NextInt(Topics.Length);
            int length = 12 + random.NextInt(20);
            var words = new List<string>();
            for (int i = 0; i < length; i++)
            {
                // One word in four is one of the class's eight topic words; the rest are shared filler.
                words.Add(random.NextInt(4) == 0 ? $"{Topics[topic]}{random.NextInt(8)}" : filler[(int)(filler.Length * Math.Pow(random.NextDouble(), 2))]);
            }
            documents.Add(new Document { Text = string.Join(' ', words), Topic = Topics[topic] });
        }
        return documents;
    }
}
