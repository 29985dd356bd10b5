using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using MlNetTwoLayer.MlNet.DataViews;
using MlNetTwoLayer.MlNet.Onnx;
using MlNetTwoLayer.MlNet.Persistence;

namespace MlNetTwoLayer.MlNet.Interop;

/// <summary>
/// The only place that touches ML.NET internals. Each member is looked up once, on first use; when
/// the installed ML.NET lacks it, the error names the supported version range instead of failing
/// deep inside a call.
/// </summary>
internal static class MlNetInternals
{
    /// <summary>The Microsoft.ML versions whose internals this file was written against.</summary>
    public const string SupportedVersionRange = "[5.0.1, 5.1)";

    private static readonly Lazy<ConstructorInfo> s_columnConstructor = new(() => Require(
        typeof(SchemaShape.Column).GetConstructor(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public, null,
            [typeof(string), typeof(SchemaShape.Column.VectorKind), typeof(DataViewType), typeof(bool), typeof(SchemaShape)], null),
        "SchemaShape.Column(string, VectorKind, DataViewType, bool, SchemaShape)"));

    private static readonly Lazy<PropertyInfo> s_catalogEnvironment = new(() =>
    {
        Type? catalogInterface = typeof(TrainCatalogBase).Assembly.GetType("Microsoft.ML.Data.IInternalCatalog");
        return Require(catalogInterface?.GetProperty("Environment", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic),
            "IInternalCatalog.Environment");
    });

    private static readonly Lazy<PersistenceMembers> s_persistence = new(PersistenceMembers.Resolve);

    private static readonly Lazy<MethodInfo> s_shapeFromSchema = new(() => Require(
        typeof(SchemaShape).GetMethod("Create", BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic, [typeof(DataViewSchema)]),
        "SchemaShape.Create(DataViewSchema)"));

    private static readonly Lazy<GeneratedTypes> s_generated = new(GeneratedTypes.Build);

    private static readonly Lazy<OnnxMembers> s_onnx = new(OnnxMembers.Resolve);

    private static readonly Lazy<SeekerMembers> s_seeker = new(SeekerMembers.Resolve);

    /// <summary>
    /// Random access to the rows of an ML.NET cache (<c>AppendCacheCheckpoint</c>, <c>mlContext.Data.Cache</c>):
    /// a row positioned by <c>MoveTo(position)</c> through ML.NET's internal <c>IRowSeekable</c>, or null when
    /// <paramref name="data"/> is not ML.NET's <c>CacheDataView</c> (other seekable views may recompute
    /// their transforms for every row, so only the cache counts as cheap to read again).
    /// </summary>
    /// <param name="data">The training view.</param>
    /// <param name="columns">The columns the returned row reads.</param>
    public static (DataViewRow Row, Func<long, bool> MoveTo)? TryCreateCacheSeeker(IDataView data, IReadOnlyList<DataViewSchema.Column> columns)
    {
        ArgumentNullException.ThrowIfNull(data);
        SeekerMembers members = s_seeker.Value;
        if (data.GetType() != members.CacheType)
        {
            return null;
        }
        var wanted = new HashSet<int>(columns.Select(c => c.Index));
        var row = (DataViewRow?)members.GetSeeker.Invoke(data, BindingFlags.DoNotWrapExceptions, null, [new Func<int, bool>(wanted.Contains)], null)
            ?? throw Mismatch("IRowSeekable.GetSeeker (it returned null)");
        return (row, members.MoveTo.CreateDelegate<Func<long, bool>>(row));
    }

    /// <summary>
    /// A <see cref="TwoLayerTransformer"/> of the generated subclass that also implements ML.NET's
    /// internal non-generic <c>ISingleFeaturePredictionTransformer</c> (what the whole-model
    /// permutation feature importance overload looks for on a chain's last transformer).
    /// </summary>
    public static TwoLayerTransformer CreatePredictionTransformer(IHostEnvironment environment, TwoLayerModelParameters model, string featureColumnName,
        string? labelColumnName, DataViewSchema? trainingSchema, TrainingHistory? history)
        => (TwoLayerTransformer)s_generated.Value.TransformerConstructor.Invoke(BindingFlags.DoNotWrapExceptions, null,
            [environment, model, featureColumnName, labelColumnName, trainingSchema, history], null);

    /// <summary>
    /// A <see cref="TransformedDataView"/> of the generated subclass that is also ML.NET's internal
    /// <c>ITransformCanSaveOnnx</c>, so <c>ConvertToOnnx</c> includes the network instead of silently
    /// stopping the walk back through the pipeline at it.
    /// </summary>
    public static TransformedDataView CreateTransformedDataView(IDataView input, TransformerRowMapper mapper)
        => (TransformedDataView)s_generated.Value.ScoredViewConstructor.Invoke(BindingFlags.DoNotWrapExceptions, null, [input, mapper], null);

    /// <summary>The graph writer over ML.NET's internal <c>OnnxContext</c> that the converter passes to <c>SaveAsOnnx</c>.</summary>
    public static IOnnxGraphWriter OnnxGraphWriter(object onnxContext) => new OnnxContextWriter(s_onnx.Value, onnxContext);

    /// <summary>Builds a <see cref="SchemaShape.Column"/>, whose constructor ML.NET keeps internal.</summary>
    public static SchemaShape.Column CreateColumn(string name, SchemaShape.Column.VectorKind kind, DataViewType itemType, bool isKey, SchemaShape? annotations = null)
        => (SchemaShape.Column)s_columnConstructor.Value.Invoke(BindingFlags.DoNotWrapExceptions, null, [name, kind, itemType, isKey, annotations], null);

    /// <summary>The shape of a schema, as ML.NET's estimators see it (<c>SchemaShape.Create</c> is internal); the conformance tests use it.</summary>
    public static SchemaShape ShapeOf(DataViewSchema schema)
        => (SchemaShape)s_shapeFromSchema.Value.Invoke(null, BindingFlags.DoNotWrapExceptions, null, [schema ?? throw new ArgumentNullException(nameof(schema))], null)!;

    /// <summary>The environment (the MLContext's host) behind a trainers catalog such as <c>mlContext.MulticlassClassification.Trainers</c>.</summary>
    public static IHostEnvironment GetEnvironment(TrainCatalogBase.CatalogInstantiatorBase catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return (IHostEnvironment?)s_catalogEnvironment.Value.GetValue(catalog)
            ?? throw Mismatch("a catalog's environment (it was null)");
    }

    /// <summary>
    /// Starts writing a model inside <c>ICanSaveModel.Save</c>: checks the context sits at a model,
    /// stamps ML.NET's version header (which names the loader to use) and returns the payload writer.
    /// </summary>
    public static BinaryWriter BeginSave(ModelSaveContext ctx, LoaderIdentity loader)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        PersistenceMembers members = s_persistence.Value;
        // DoNotWrapExceptions: ML.NET's own errors reach the caller as ML.NET threw them.
        members.SaveCheckAtModel.Invoke(ctx, BindingFlags.DoNotWrapExceptions, null, null, null);
        members.SetVersionInfo.Invoke(ctx, BindingFlags.DoNotWrapExceptions, null, [members.CreateVersionInfo(loader)], null);
        return (BinaryWriter?)members.SaveWriter.GetValue(ctx) ?? throw Mismatch("ModelSaveContext.Writer (it was null)");
    }

    /// <summary>
    /// Starts reading a model inside a loader: <paramref name="ctx"/> is ML.NET's internal
    /// <c>ModelLoadContext</c>; checks the version header against <paramref name="loader"/> and returns the payload reader.
    /// </summary>
    public static BinaryReader BeginLoad(object ctx, LoaderIdentity loader)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        PersistenceMembers members = s_persistence.Value;
        if (!members.LoadContextType.IsInstanceOfType(ctx))
        {
            throw new ArgumentException($"Expected ML.NET's ModelLoadContext, got {ctx.GetType().FullName}.", nameof(ctx));
        }
        members.LoadCheckAtModel.Invoke(ctx, BindingFlags.DoNotWrapExceptions, null, [members.CreateVersionInfo(loader)], null);
        return (BinaryReader?)members.LoadReader.GetValue(ctx) ?? throw Mismatch("ModelLoadContext.Reader (it was null)");
    }

    /// <summary>Checks now that every persistence member exists, so a mismatch surfaces at the first use.</summary>
    public static void EnsurePersistenceAvailable() => _ = s_persistence.Value;

    private static T Require<T>(T? member, string description) where T : class
        => member ?? throw Mismatch(description);

    internal static InvalidOperationException Mismatch(string description)
    {
        string installed = typeof(MLContext).Assembly.GetName().Version?.ToString() ?? "unknown";
        string informational = typeof(MLContext).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? installed;
        return new InvalidOperationException(
            $"MlNetTwoLayer needs Microsoft.ML {SupportedVersionRange}, but the loaded Microsoft.ML ({informational}) does not have {description}. " +
            $"Reference a Microsoft.ML version in {SupportedVersionRange}.");
    }

    /// <summary>The ML.NET internals behind Model.Save/Load, looked up together so one check covers them all.</summary>
    private sealed class SeekerMembers
    {
        public required Type CacheType { get; init; }
        public required MethodInfo GetSeeker { get; init; }
        public required MethodInfo MoveTo { get; init; }

        public static SeekerMembers Resolve()
        {
            Assembly data = typeof(MLContext).Assembly;
            Type seekable = Require(data.GetType("Microsoft.ML.Data.IRowSeekable"), "the type Microsoft.ML.Data.IRowSeekable");
            Type seeker = Require(data.GetType("Microsoft.ML.Data.RowSeeker"), "the type Microsoft.ML.Data.RowSeeker");
            return new SeekerMembers
            {
                CacheType = Require(data.GetType("Microsoft.ML.Data.CacheDataView"), "the type Microsoft.ML.Data.CacheDataView"),
                GetSeeker = Require(seekable.GetMethod("GetSeeker", [typeof(Func<int, bool>)]), "IRowSeekable.GetSeeker(Func<int, bool>)"),
                MoveTo = Require(seeker.GetMethod("MoveTo", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic, [typeof(long)]), "RowSeeker.MoveTo(long)"),
            };
        }
    }

    private sealed class PersistenceMembers
    {
        private const BindingFlags Instance = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;

        public required MethodInfo SaveCheckAtModel { get; init; }
        public required MethodInfo SetVersionInfo { get; init; }
        public required FieldInfo SaveWriter { get; init; }
        public required Type LoadContextType { get; init; }
        public required MethodInfo LoadCheckAtModel { get; init; }
        public required FieldInfo LoadReader { get; init; }
        public required ConstructorInfo VersionInfoConstructor { get; init; }

        public object CreateVersionInfo(LoaderIdentity loader)
            => VersionInfoConstructor.Invoke([loader.ModelSignature, loader.Version, loader.Version, loader.Version,
                loader.LoaderAssemblyName, loader.LoaderSignature, null]);

        public static PersistenceMembers Resolve()
        {
            Assembly core = typeof(ModelSaveContext).Assembly;
            Type versionInfo = Require(core.GetType("Microsoft.ML.VersionInfo"), "the type Microsoft.ML.VersionInfo");
            Type loadContext = Require(core.GetType("Microsoft.ML.ModelLoadContext"), "the type Microsoft.ML.ModelLoadContext");
            return new PersistenceMembers
            {
                SaveCheckAtModel = Require(typeof(ModelSaveContext).GetMethod("CheckAtModel", Instance, Type.EmptyTypes), "ModelSaveContext.CheckAtModel()"),
                SetVersionInfo = Require(typeof(ModelSaveContext).GetMethod("SetVersionInfo", Instance, [versionInfo]), "ModelSaveContext.SetVersionInfo(VersionInfo)"),
                SaveWriter = RequireType(typeof(ModelSaveContext).GetField("Writer", Instance), typeof(BinaryWriter), "ModelSaveContext.Writer"),
                LoadContextType = loadContext,
                LoadCheckAtModel = Require(loadContext.GetMethod("CheckAtModel", Instance, [versionInfo]), "ModelLoadContext.CheckAtModel(VersionInfo)"),
                LoadReader = RequireType(loadContext.GetField("Reader", Instance), typeof(BinaryReader), "ModelLoadContext.Reader"),
                VersionInfoConstructor = Require(versionInfo.GetConstructor(Instance, [typeof(string), typeof(uint), typeof(uint), typeof(uint), typeof(string), typeof(string), typeof(string)]),
                    "VersionInfo(string, uint, uint, uint, string, string, string)"),
            };
        }

        private static FieldInfo RequireType(FieldInfo? field, Type fieldType, string description)
            => field != null && field.FieldType == fieldType ? field : throw Mismatch($"{description} of type {fieldType.Name}");
    }

    /// <summary>
    /// Types generated once per process, in a run-time assembly that may use ML.NET's internals
    /// (<see cref="IgnoresAccessChecksToAttribute"/>, which the runtime honours for it): subclasses of
    /// this library's types that add ML.NET's internal interfaces. C# cannot name those interfaces;
    /// each added interface method forwards to a method of the base class that C# can write.
    /// </summary>
    private sealed class GeneratedTypes
    {
        private const BindingFlags Instance = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;

        public required ConstructorInfo TransformerConstructor { get; init; }

        public required ConstructorInfo ScoredViewConstructor { get; init; }

        public static GeneratedTypes Build()
        {
            Assembly data = typeof(IPredictionTransformer<>).Assembly;
            Type singleFeature = Require(data.GetType("Microsoft.ML.ISingleFeaturePredictionTransformer"), "the interface Microsoft.ML.ISingleFeaturePredictionTransformer");
            Type onnxTransform = Require(data.GetType("Microsoft.ML.Model.OnnxConverter.ITransformCanSaveOnnx"), "the interface Microsoft.ML.Model.OnnxConverter.ITransformCanSaveOnnx");
            Type[] viewParameters = [typeof(IDataView), typeof(TransformerRowMapper)];
            Type[] transformerParameters = [typeof(IHostEnvironment), typeof(TwoLayerModelParameters), typeof(string), typeof(string), typeof(DataViewSchema), typeof(TrainingHistory)];

            var name = new AssemblyName("MlNetTwoLayer.MlNetInterop.Generated");
            AssemblyBuilder assembly = AssemblyBuilder.DefineDynamicAssembly(name, AssemblyBuilderAccess.Run);
            ConstructorInfo ignoresAccessChecks = typeof(IgnoresAccessChecksToAttribute).GetConstructor([typeof(string)])!;
            foreach (string target in new[] { data.GetName().Name!, typeof(IHostEnvironment).Assembly.GetName().Name!, typeof(MlNetInternals).Assembly.GetName().Name! }.Distinct())
            {
                assembly.SetCustomAttribute(new CustomAttributeBuilder(ignoresAccessChecks, [target]));
            }
            ModuleBuilder module = assembly.DefineDynamicModule(name.Name!);
            try
            {
                Type transformer = DefineSubclass(module, "MlNetTwoLayer.Generated.TwoLayerPredictionTransformer", typeof(TwoLayerTransformer),
                    transformerParameters, singleFeature, new Dictionary<string, string> { ["get_FeatureColumnName"] = "get_FeatureColumnName" });
                Type view = DefineSubclass(module, "MlNetTwoLayer.Generated.ScoredDataTransform", typeof(TransformedDataView), viewParameters, onnxTransform,
                    new Dictionary<string, string> { ["get_Source"] = "get_Source", ["CanSaveOnnx"] = "CanSaveOnnx", ["SaveAsOnnx"] = "SaveAsOnnx" });
                return new GeneratedTypes
                {
                    TransformerConstructor = transformer.GetConstructor(Instance, transformerParameters)!,
                    ScoredViewConstructor = view.GetConstructor(Instance, viewParameters)!,
                };
            }
            catch (Exception e) when (e is TypeLoadException or MissingMethodException or InvalidOperationException or ArgumentException)
            {
                throw new InvalidOperationException(Mismatch($"the internal interfaces MlNetTwoLayer implements in the shape it expects ({e.Message})").Message, e);
            }
        }

        /// <summary>
        /// <c>class name : baseType, iface</c> with one constructor forwarding to the base constructor of
        /// <paramref name="constructorParameters"/>, and each method of <paramref name="iface"/> (and of
        /// its base interfaces that <paramref name="baseType"/> lacks) implemented explicitly by calling the
        /// base method named in <paramref name="forwards"/>, whose parameters may be <see cref="object"/>
        /// where the interface's are internal types.
        /// </summary>
        private static Type DefineSubclass(ModuleBuilder module, string name, Type baseType, Type[] constructorParameters, Type iface, IReadOnlyDictionary<string, string> forwards)
        {
            ConstructorInfo baseConstructor = baseType.GetConstructor(Instance, constructorParameters)
                ?? throw new MissingMethodException(baseType.FullName, ".ctor");
            TypeBuilder type = module.DefineType(name, TypeAttributes.NotPublic | TypeAttributes.Sealed | TypeAttributes.Class, baseType);
            ConstructorBuilder constructor = type.DefineConstructor(MethodAttributes.Public, CallingConventions.HasThis, constructorParameters);
            ILGenerator il = constructor.GetILGenerator();
            for (int i = 0; i <= constructorParameters.Length; i++)
            {
                il.Emit(OpCodes.Ldarg, (short)i);
            }
            il.Emit(OpCodes.Call, baseConstructor);
            il.Emit(OpCodes.Ret);

            foreach (Type added in new[] { iface }.Concat(iface.GetInterfaces()).Where(i => !i.IsAssignableFrom(baseType)))
            {
                type.AddInterfaceImplementation(added);
                foreach (MethodInfo method in added.GetMethods())
                {
                    string targetName = forwards.TryGetValue(method.Name, out string? mapped) ? mapped
                        : throw new MissingMethodException($"No forward for {added.Name}.{method.Name}.");
                    Type[] parameters = method.GetParameters().Select(p => p.ParameterType).ToArray();
                    MethodInfo target = baseType.GetMethods(Instance).SingleOrDefault(m => m.Name == targetName && m.GetParameters().Length == parameters.Length)
                        ?? throw new MissingMethodException(baseType.FullName, targetName);
                    MethodBuilder implementation = type.DefineMethod($"{added.FullName}.{method.Name}",
                        MethodAttributes.Private | MethodAttributes.Virtual | MethodAttributes.Final | MethodAttributes.HideBySig | MethodAttributes.NewSlot,
                        method.ReturnType, parameters);
                    ILGenerator body = implementation.GetILGenerator();
                    for (int i = 0; i <= parameters.Length; i++)
                    {
                        body.Emit(OpCodes.Ldarg, (short)i);
                    }
                    body.Emit(OpCodes.Call, target);
                    body.Emit(OpCodes.Ret);
                    type.DefineMethodOverride(implementation, method);
                }
            }
            return type.CreateType();
        }
    }

    /// <summary>The members of ML.NET's internal <c>OnnxContext</c> and <c>OnnxNode</c> a scorer uses, looked up together.</summary>
    private sealed class OnnxMembers
    {
        private const BindingFlags Instance = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;

        public required Type ContextType { get; init; }
        public required MethodInfo CheckOpSetVersion { get; init; }
        public required MethodInfo GetVariableName { get; init; }
        public required MethodInfo AddIntermediateVariable { get; init; }
        public required MethodInfo GetNodeName { get; init; }
        public required MethodInfo AddFloatInitializer { get; init; }
        public required MethodInfo AddLongInitializer { get; init; }
        public required MethodInfo CreateNode { get; init; }
        public required MethodInfo AddLongAttribute { get; init; }
        public required MethodInfo AddDoubleAttribute { get; init; }
        public required MethodInfo AddTypeAttribute { get; init; }

        public static OnnxMembers Resolve()
        {
            Assembly data = typeof(IPredictionTransformer<>).Assembly;
            Type context = Require(data.GetType("Microsoft.ML.Model.OnnxConverter.OnnxContext"), "the type Microsoft.ML.Model.OnnxConverter.OnnxContext");
            Type node = Require(data.GetType("Microsoft.ML.Model.OnnxConverter.OnnxNode"), "the type Microsoft.ML.Model.OnnxConverter.OnnxNode");
            MethodInfo Method(Type type, string name, params Type[] parameters)
                => Require(type.GetMethod(name, Instance, parameters), $"{type.Name}.{name}({string.Join(", ", parameters.Select(p => p.Name))})");
            return new OnnxMembers
            {
                ContextType = context,
                CheckOpSetVersion = Method(context, "CheckOpSetVersion", typeof(int), typeof(string)),
                GetVariableName = Method(context, "GetVariableName", typeof(string)),
                AddIntermediateVariable = Method(context, "AddIntermediateVariable", typeof(DataViewType), typeof(string), typeof(bool)),
                GetNodeName = Method(context, "GetNodeName", typeof(string)),
                AddFloatInitializer = Method(context, "AddInitializer", typeof(IEnumerable<float>), typeof(IEnumerable<long>), typeof(string), typeof(bool)),
                AddLongInitializer = Method(context, "AddInitializer", typeof(IEnumerable<long>), typeof(IEnumerable<long>), typeof(string), typeof(bool)),
                CreateNode = Method(context, "CreateNode", typeof(string), typeof(IEnumerable<string>), typeof(IEnumerable<string>), typeof(string), typeof(string)),
                AddLongAttribute = Method(node, "AddAttribute", typeof(string), typeof(long)),
                AddDoubleAttribute = Method(node, "AddAttribute", typeof(string), typeof(double)),
                AddTypeAttribute = Method(node, "AddAttribute", typeof(string), typeof(Type)),
            };
        }
    }

    /// <summary><see cref="IOnnxGraphWriter"/> over one of ML.NET's <c>OnnxContext</c> objects.</summary>
    private sealed class OnnxContextWriter : IOnnxGraphWriter
    {
        private readonly OnnxMembers _members;
        private readonly object _context;

        public OnnxContextWriter(OnnxMembers members, object context)
        {
            ArgumentNullException.ThrowIfNull(context);
            if (!members.ContextType.IsInstanceOfType(context))
            {
                throw new ArgumentException($"Expected ML.NET's OnnxContext, got {context.GetType().FullName}.", nameof(context));
            }
            _members = members;
            _context = context;
        }

        public void RequireOpset(int version, string component) => Call(_members.CheckOpSetVersion, version, component);

        public string ColumnVariable(string columnName)
            => (string?)Call(_members.GetVariableName, columnName)
                ?? throw new InvalidOperationException($"The ONNX graph has no variable for column '{columnName}': a transform before the TwoLayerTransformer cannot be converted to ONNX.");

        public string AddColumnVariable(DataViewType type, string columnName) => (string)Call(_members.AddIntermediateVariable, type, columnName, false)!;

        public string AddTemporary(DataViewType type, string name) => (string)Call(_members.AddIntermediateVariable, type, name, true)!;

        public string AddInitializer(IReadOnlyList<float> values, long[] dimensions, string name)
            => (string)Call(_members.AddFloatInitializer, values, dimensions, name, true)!;

        public string AddInitializer(IReadOnlyList<long> values, long[] dimensions, string name)
            => (string)Call(_members.AddLongInitializer, values, dimensions, name, true)!;

        public void AddNode(string opType, string[] inputs, string[] outputs, params (string Name, object Value)[] attributes)
        {
            string nodeName = (string)Call(_members.GetNodeName, opType)!;
            object node = Call(_members.CreateNode, opType, inputs, outputs, nodeName, "")!;
            foreach ((string name, object value) in attributes)
            {
                MethodInfo add = value switch
                {
                    long => _members.AddLongAttribute,
                    double => _members.AddDoubleAttribute,
                    Type => _members.AddTypeAttribute,
                    _ => throw new ArgumentException($"Unsupported ONNX attribute value {value.GetType().Name} for '{name}'.", nameof(attributes)),
                };
                add.Invoke(node, BindingFlags.DoNotWrapExceptions, null, [name, value], null);
            }
        }

        private object? Call(MethodInfo method, params object?[] arguments) => method.Invoke(_context, BindingFlags.DoNotWrapExceptions, null, arguments, null);
    }
}
