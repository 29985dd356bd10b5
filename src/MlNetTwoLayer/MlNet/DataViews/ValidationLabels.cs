namespace MlNetTwoLayer.MlNet.DataViews;

/// <summary>
/// Makes validation labels mean what training labels mean. Two key columns with the same count can
/// still hold their values in another order (a separately fitted <c>MapValueToKey</c>): compared by
/// count alone, validation would score every row against the wrong class.
/// </summary>
internal static class ValidationLabels
{
    /// <summary>
    /// When both label columns carry key values, remaps the validation rows' labels to the training
    /// key's order (in place); refuses, naming the values, when the two keys hold different values.
    /// Without key values on both sides only the class counts can be (and have been) compared.
    /// </summary>
    /// <exception cref="ArgumentException">The validation label's key values are not the training label's.</exception>
    public static void AlignWithTraining(TrainingDataReadResult training, TrainingDataReadResult validation, string labelColumn)
    {
        if (!training.ClassNamesFromData || !validation.ClassNamesFromData || training.ClassNames.SequenceEqual(validation.ClassNames, StringComparer.Ordinal))
        {
            return;
        }
        var trainingIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int c = 0; c < training.ClassNames.Length; c++)
        {
            if (!trainingIndex.TryAdd(training.ClassNames[c], c))
            {
                throw Refuse(labelColumn, $"the training label's key holds '{training.ClassNames[c]}' twice, so the keys cannot be matched by value");
            }
        }
        var map = new int[validation.ClassNames.Length];
        var used = new bool[training.ClassNames.Length];
        for (int v = 0; v < map.Length; v++)
        {
            string name = validation.ClassNames[v];
            if (!trainingIndex.TryGetValue(name, out int t))
            {
                throw Refuse(labelColumn, $"the validation label's key holds '{name}', which the training label's key does not");
            }
            if (used[t])
            {
                throw Refuse(labelColumn, $"the validation label's key holds '{name}' twice");
            }
            used[t] = true;
            map[v] = t;
        }
        int[] labels = validation.Dataset!.Labels;
        for (int r = 0; r < validation.Dataset.Rows; r++)
        {
            labels[r] = map[labels[r]];
        }
    }

    private static ArgumentException Refuse(string labelColumn, string why)
        => new($"Label column '{labelColumn}' of the validation data does not match the training data: {why}. " +
               "Map both with the same fitted MapValueToKey (fit it once, then transform both data sets with it).", "validationData");
}
