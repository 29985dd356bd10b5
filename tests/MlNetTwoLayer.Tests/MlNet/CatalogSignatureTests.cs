using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Trainers;
using MlNetTwoLayer.Tests.Helpers;
using Xunit;

namespace MlNetTwoLayer.Tests.MlNet;

/// <summary>Issue 14: the catalog method takes its column names in ML.NET's order.</summary>
public class CatalogSignatureTests
{
    [Fact]
    public void ColumnParametersComeInLbfgsMaximumEntropysOrder()
    {
        static string[] Columns(MethodInfo m) => m.GetParameters().Skip(1).Take(3).Select(p => $"{p.Name}:{p.ParameterType.Name}").ToArray();
        MethodInfo theirs = typeof(StandardTrainersCatalog).GetMethods()
            .Single(m => m.Name == nameof(StandardTrainersCatalog.LbfgsMaximumEntropy) && m.GetParameters().Length > 2);
        MethodInfo ours = typeof(TwoLayerCatalogExtensions).GetMethods()
            .Single(m => m.Name == nameof(TwoLayerCatalogExtensions.TwoLayer) && m.GetParameters().Length > 2
                && m.GetParameters()[0].ParameterType == typeof(MulticlassClassificationCatalog.MulticlassClassificationTrainers));

        Assert.Equal(Columns(theirs), Columns(ours));
    }

    [Fact]
    public void TheThirdPositionalArgumentIsTheExampleWeightColumn()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = IrisData.Load(ml);
        var pipeline = IrisData.Featurize(ml).Append(ml.MulticlassClassification.Trainers.TwoLayer("Label", "Features", "NoSuchWeight"));

        var error = Assert.ThrowsAny<ArgumentException>(() => pipeline.GetOutputSchema(MlNetTwoLayer.MlNet.Interop.MlNetInternals.ShapeOf(data.Schema)));
        Assert.Contains("NoSuchWeight", error.Message);
    }
}
