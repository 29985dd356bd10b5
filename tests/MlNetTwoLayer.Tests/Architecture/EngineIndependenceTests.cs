using System.Reflection;
using Xunit;

namespace MlNetTwoLayer.Tests.Architecture;

/// <summary>
/// The engine (src/MlNetTwoLayer/Engine/) must not know ML.NET or the adapter (docs/architecture.md).
/// Checked by reflection over signatures: base types, interfaces, fields, properties, events,
/// constructor and method parameters and returns, generic arguments, nested types. Method bodies
/// are not read; a body can only reach a forbidden type through some signature in practice.
/// </summary>
public sealed class EngineIndependenceTests
{
    private const BindingFlags Everything = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    /// <summary>
    /// Public engine types that keep the root namespace, so users need only <c>using MlNetTwoLayer;</c>.
    /// A new public type under Engine/ goes here too.
    /// </summary>
    private static readonly string[] PublicEngineTypes =
    [
        nameof(HiddenActivation), nameof(WeightInitialization), nameof(OptimizerKind), nameof(ClassWeighting),
        nameof(LearningRateSchedule), nameof(StopReason), nameof(TrainingDataMode), nameof(TrainingDivergedException),
        nameof(TrainingHistory), nameof(TrainingProgress),
    ];

    private static readonly Assembly Library = typeof(TwoLayerTrainer).Assembly;

    private static bool IsEngine(Type t)
    {
        Type top = t;
        while (top.DeclaringType != null)
        {
            top = top.DeclaringType;
        }
        return top.Assembly == Library
            && ((top.Namespace?.StartsWith("MlNetTwoLayer.Engine", StringComparison.Ordinal) ?? false)
                || (top.Namespace == "MlNetTwoLayer" && PublicEngineTypes.Contains(top.Name)));
    }

    /// <summary>An ML.NET type, or a type of this library outside the engine (the adapter and the faces).</summary>
    private static bool IsForbidden(Type t)
    {
        string assembly = t.Assembly.GetName().Name ?? "";
        if (assembly.StartsWith("Microsoft.ML", StringComparison.Ordinal))
        {
            return true;
        }
        // Compiler-generated top-level helpers (<PrivateImplementationDetails>) carry no namespace.
        return t.Assembly == Library && !IsEngine(t) && t.Namespace != null;
    }

    /// <summary>Every forbidden type a signature of <paramref name="type"/> mentions, as "member: type".</summary>
    private static List<string> Violations(Type type)
    {
        var found = new List<string>();
        void Check(string where, Type? t)
        {
            if (t == null)
            {
                return;
            }
            if (t.HasElementType)
            {
                Check(where, t.GetElementType());
                return;
            }
            if (t.IsGenericType)
            {
                foreach (Type argument in t.GetGenericArguments())
                {
                    if (!argument.IsGenericParameter)
                    {
                        Check(where, argument);
                    }
                }
                t = t.GetGenericTypeDefinition();
            }
            if (!t.IsGenericParameter && IsForbidden(t))
            {
                found.Add($"{type.FullName}.{where}: {t.FullName}");
            }
        }

        Check("(base type)", type.BaseType);
        foreach (Type i in type.GetInterfaces())
        {
            Check("(interface)", i);
        }
        foreach (FieldInfo f in type.GetFields(Everything))
        {
            Check(f.Name, f.FieldType);
        }
        foreach (PropertyInfo p in type.GetProperties(Everything))
        {
            Check(p.Name, p.PropertyType);
        }
        foreach (EventInfo e in type.GetEvents(Everything))
        {
            Check(e.Name, e.EventHandlerType);
        }
        foreach (MethodBase m in type.GetMethods(Everything).Cast<MethodBase>().Concat(type.GetConstructors(Everything)))
        {
            if (m is MethodInfo mi)
            {
                Check(m.Name + "(return)", mi.ReturnType);
            }
            foreach (ParameterInfo p in m.GetParameters())
            {
                Check($"{m.Name}({p.Name})", p.ParameterType);
            }
        }
        foreach (CustomAttributeData a in type.GetCustomAttributesData())
        {
            Check("(attribute)", a.AttributeType);
        }
        return found;
    }

    private static IEnumerable<Type> EngineTypes() => Library.GetTypes().Where(IsEngine);

    [Fact]
    public void NoEngineTypeMentionsMlNetOrTheAdapter()
    {
        List<string> violations = EngineTypes().SelectMany(Violations).ToList();
        Assert.True(violations.Count == 0, "The engine must not depend on ML.NET or MlNet/ (docs/architecture.md):\n" + string.Join("\n", violations));
    }

    [Fact]
    public void TheCheckSeesTheEngineAndCatchesAnAdapterDependency()
    {
        // The check is real only if it covers the engine and would flag what it forbids.
        Assert.Contains(EngineTypes(), t => t.Name == "NetworkTrainer");
        Assert.Contains(EngineTypes(), t => t.Name == "GemmEngine");
        Assert.Contains(EngineTypes(), t => t.Name == nameof(TrainingHistory));
        Assert.DoesNotContain(EngineTypes(), t => t.Name == nameof(TwoLayerTrainer));
        Assert.Contains(Violations(typeof(TwoLayerTrainer)), v => v.Contains("Microsoft.ML", StringComparison.Ordinal));
        Assert.Contains(Violations(typeof(TwoLayerTransformer)), v => v.Contains(nameof(TwoLayerModelParameters), StringComparison.Ordinal));
    }

    [Fact]
    public void EveryLibraryTypeLivesInTheEngineOrTheAdapter()
    {
        // Namespaces are the architecture: MlNetTwoLayer.Engine.*, MlNetTwoLayer.MlNet.*, or the
        // root namespace for public types (faces, and the public engine types listed above).
        string[] stray = Library.GetTypes()
            .Where(t => t.DeclaringType == null && t.Namespace != null && !t.Namespace.StartsWith("System", StringComparison.Ordinal))
            .Where(t => !(t.Namespace!.StartsWith("MlNetTwoLayer.Engine.", StringComparison.Ordinal)
                || t.Namespace.StartsWith("MlNetTwoLayer.MlNet.", StringComparison.Ordinal)
                || (t.Namespace == "MlNetTwoLayer" && (t.IsPublic || t.Name.StartsWith('<')))))
            .Select(t => t.FullName!)
            .ToArray();
        Assert.True(stray.Length == 0, "Types outside the layout: " + string.Join(", ", stray));
    }
}
