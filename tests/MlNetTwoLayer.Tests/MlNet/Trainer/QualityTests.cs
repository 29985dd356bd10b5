using Microsoft.ML;
using MlNetTwoLayer.Tests.Helpers;
using Xunit;

namespace MlNetTwoLayer.Tests.MlNet.Trainer;

/// <summary>
/// 5-fold CrossValidate micro-accuracy with the default options on normalised features, the
/// protocol under which scikit-learn's MLPClassifier scores 0.947 (Iris) and 0.972 (digits).
/// </summary>
public class QualityTests
{
    [Fact]
    public void IrisCrossValidationWithDefaults()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = IrisData.Featurize(ml).Fit(IrisData.Load(ml)).Transform(IrisData.Load(ml));
        var results = ml.MulticlassClassification.CrossValidate(data, ml.MulticlassClassification.Trainers.TwoLayer(), numberOfFolds: 5);
        // 0.947 since the defaults were re-chosen on the 21-set accuracy suite (issue 15,
        // docs/defaults.md; it was 0.962 with the Iris-tuned defaults): scikit-learn's MLP scores 0.947 here.
        Assert.InRange(results.Average(r => r.Metrics.MicroAccuracy), 0.94, 1.0);
    }

    [Fact]
    public void DigitsCrossValidationWithDefaults()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = DigitsData.LoadFeaturized(ml);
        var results = ml.MulticlassClassification.CrossValidate(data, ml.MulticlassClassification.Trainers.TwoLayer(), numberOfFolds: 5);
        Assert.InRange(results.Average(r => r.Metrics.MicroAccuracy), 0.975, 1.0);
    }
}
