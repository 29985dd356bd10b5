using System.Text;

namespace MlNetTwoLayer.TextBenchmark;

/// <summary>
/// A text corpus with realistic word statistics: a Zipf-distributed vocabulary (exponent 1.07, as
/// in English), documents of 100–300 tokens, and for each class a set of topic words (also Zipfian
/// within the set, partly shared with the next class so classes overlap) mixed in at a fixed rate.
/// Words are made of syllables so character n-grams behave like those of real words.
/// </summary>
internal static class CorpusGenerator
{
    private static readonly string[] Syllables =
    [
        "ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "pe", "da", "gu", "ha", "jo", "ki", "le", "ma", "no", "pi", "ra", "se",
        "to", "ve", "wa", "ze", "bi", "co", "fa", "ge", "hu", "ji", "ko", "lu", "mo", "nu", "po", "qui", "ri", "su", "ta", "vi",
    ];

    /// <summary>Writes train.tsv / test.tsv (label, tab, text) and the same documents in fastText's format.</summary>
    public static void Write(string directory, int documents, int vocabulary, int classes, double topicRate, int seed)
    {
        Directory.CreateDirectory(directory);
        var random = new Random(seed);
        string[] words = Enumerable.Range(0, vocabulary).Select(Word).ToArray();
        double[] global = ZipfCumulative(vocabulary, 1.07);
        const int own = 300, shared = 150;
        int[][] topics = new int[classes][];
        int[][] ownWords = new int[classes][];
        for (int c = 0; c < classes; c++)
        {
            // Topic words come from the less frequent part of the vocabulary (ranks 300 and up).
            ownWords[c] = Enumerable.Range(0, own).Select(_ => 300 + random.Next(vocabulary - 300)).ToArray();
        }
        for (int c = 0; c < classes; c++)
        {
            topics[c] = ownWords[c].Concat(ownWords[(c + 1) % classes].Take(shared)).ToArray();
        }
        double[] topic = ZipfCumulative(own + shared, 1.0);
        int testFrom = documents * 4 / 5;
        using var trainTsv = new StreamWriter(Path.Combine(directory, "train.tsv"));
        using var testTsv = new StreamWriter(Path.Combine(directory, "test.tsv"));
        using var trainFt = new StreamWriter(Path.Combine(directory, "train.ft"));
        using var testFt = new StreamWriter(Path.Combine(directory, "test.ft"));
        var text = new StringBuilder();
        for (int d = 0; d < documents; d++)
        {
            int label = random.Next(classes);
            int length = 100 + random.Next(201);
            text.Clear();
            for (int i = 0; i < length; i++)
            {
                int w = random.NextDouble() < topicRate ? topics[label][Draw(topic, random)] : Draw(global, random);
                if (i > 0)
                {
                    text.Append(' ');
                }
                text.Append(words[w]);
            }
            string name = $"class{label}";
            (d < testFrom ? trainTsv : testTsv).WriteLine($"{name}\t{text}");
            (d < testFrom ? trainFt : testFt).WriteLine($"__label__{name} {text}");
        }
    }

    private static string Word(int index)
    {
        // The index's base-40 digits as syllables: distinct for every index.
        var sb = new StringBuilder();
        int n = index;
        do
        {
            sb.Append(Syllables[n % Syllables.Length]);
            n /= Syllables.Length;
        }
        while (n > 0);
        if (index < Syllables.Length)
        {
            // Every syllable ends in a vowel, so a trailing consonant marks the one-syllable words uniquely.
            sb.Append('n');
        }
        return sb.ToString();
    }

    private static double[] ZipfCumulative(int n, double exponent)
    {
        var cumulative = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            sum += 1 / Math.Pow(i + 1, exponent);
            cumulative[i] = sum;
        }
        for (int i = 0; i < n; i++)
        {
            cumulative[i] /= sum;
        }
        return cumulative;
    }

    private static int Draw(double[] cumulative, Random random)
    {
        int i = Array.BinarySearch(cumulative, random.NextDouble());
        return Math.Min(i < 0 ? ~i : i, cumulative.Length - 1);
    }
}
