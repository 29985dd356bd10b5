using System.Reflection;
using System.Reflection.Emit;
using Microsoft.ML;
using Microsoft.ML.Runtime;

// Usage: dotnet LoaderEmitter.dll <MlNetTwoLayer.dll> <output MlNetTwoLayer.Loader.dll>
//
// Writes the small assembly that lets plain mlContext.Model.Load find the TwoLayerTransformer loader
// ("route B", docs/persistence.md). C# cannot write it because ML.NET's LoadableClassAttribute is
// internal; the emitted assembly is the equivalent of:
//
//   [assembly: IgnoresAccessChecksTo("Microsoft.ML.Core")]
//   [assembly: LoadableClass(typeof(TwoLayerTransformer), typeof(TwoLayerTransformerLoader), null,
//       typeof(SignatureLoadModel), "<user name>", "<load name>", "<legacy load name>")]
//   namespace MlNetTwoLayer.Loader;
//   internal static class TwoLayerTransformerLoader
//   {
//       public static TwoLayerTransformer Create(IHostEnvironment env, ModelLoadContext ctx)
//           => TwoLayerModelLoader.Create(env, ctx);
//   }
//
// Every name comes from the library itself (TwoLayerModelLoader's internal members), so the library
// stays the one place that defines what is written into saved models.
//
// The one exception to "ML.NET internals only through MlNet/Interop/MlNetInternals.cs"
// (docs/architecture.md): this is a separate build-time program that must name ML.NET's internal
// LoadableClassAttribute, SignatureLoadModel and ModelLoadContext to emit an assembly, so it cannot
// go through the library's interop file (which resolves members for the running library, and
// which this tool loads only as metadata). Like that file, it resolves everything once, up front,
// and fails the build with a message naming what is missing if ML.NET changes.
if (args.Length != 2)
{
    Console.Error.WriteLine("usage: LoaderEmitter <MlNetTwoLayer.dll> <output MlNetTwoLayer.Loader.dll>");
    return 2;
}
try
{
    MlNetTwoLayer.LoaderEmitter.Emitter.Emit(Path.GetFullPath(args[0]), Path.GetFullPath(args[1]));
    return 0;
}
catch (Exception e)
{
    // MSBuild shows this as a build error on the library.
    Console.Error.WriteLine($"LoaderEmitter : error TLNN001: cannot emit the loader assembly: {e}");
    return 1;
}

namespace MlNetTwoLayer.LoaderEmitter
{
    internal static class Emitter
    {
        private const BindingFlags AnyStatic = BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic;
        private const BindingFlags AnyInstance = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;

        public static void Emit(string libraryPath, string outputPath)
        {
            Assembly library = Assembly.LoadFrom(libraryPath);
            Assembly mlCore = typeof(IHostEnvironment).Assembly;

            Type loaderApi = Require(library.GetType("MlNetTwoLayer.TwoLayerModelLoader"), "MlNetTwoLayer.TwoLayerModelLoader");
            Type transformer = Require(library.GetType("MlNetTwoLayer.TwoLayerTransformer"), "MlNetTwoLayer.TwoLayerTransformer");
            Type ignoresAccessChecks = Require(library.GetType("System.Runtime.CompilerServices.IgnoresAccessChecksToAttribute"), "IgnoresAccessChecksToAttribute in the library");
            string assemblyName = (string)Require(loaderApi.GetField("LoaderAssemblyName", AnyStatic), "TwoLayerModelLoader.LoaderAssemblyName").GetValue(null)!;
            string typeName = (string)Require(loaderApi.GetField("LoaderTypeName", AnyStatic), "TwoLayerModelLoader.LoaderTypeName").GetValue(null)!;
            string[] loadNames = (string[])Require(loaderApi.GetProperty("LoadNames", AnyStatic), "TwoLayerModelLoader.LoadNames").GetValue(null)!;
            object identity = Require(loaderApi.GetField("Identity", AnyStatic), "TwoLayerModelLoader.Identity").GetValue(null)!;
            string userName = (string)Require(identity.GetType().GetProperty("UserName"), "LoaderIdentity.UserName").GetValue(identity)!;
            MethodInfo forwardTo = Require(loaderApi.GetMethod("Create", AnyStatic, [typeof(IHostEnvironment), typeof(object)]),
                "TwoLayerModelLoader.Create(IHostEnvironment, object)");

            Type loadContext = Require(mlCore.GetType("Microsoft.ML.ModelLoadContext"), "Microsoft.ML.ModelLoadContext");
            Type signatureLoadModel = Require(mlCore.GetType("Microsoft.ML.SignatureLoadModel"), "Microsoft.ML.SignatureLoadModel");
            Type loadableClass = Require(mlCore.GetType("Microsoft.ML.LoadableClassAttribute"), "Microsoft.ML.LoadableClassAttribute");
            ConstructorInfo loadableClassCtor = Require(
                loadableClass.GetConstructor(AnyInstance, [typeof(Type), typeof(Type), typeof(Type), typeof(Type), typeof(string), typeof(string[])]),
                "LoadableClassAttribute(Type, Type, Type, Type, string, string[])");

            var name = new AssemblyName(assemblyName) { Version = library.GetName().Version };
            var assembly = new PersistedAssemblyBuilder(name, typeof(object).Assembly);
            ModuleBuilder module = assembly.DefineDynamicModule(assemblyName);

            TypeBuilder loader = module.DefineType(typeName, TypeAttributes.NotPublic | TypeAttributes.Abstract | TypeAttributes.Sealed | TypeAttributes.Class);
            MethodBuilder create = loader.DefineMethod("Create", MethodAttributes.Public | MethodAttributes.Static | MethodAttributes.HideBySig,
                transformer, [typeof(IHostEnvironment), loadContext]);
            create.DefineParameter(1, ParameterAttributes.None, "env");
            create.DefineParameter(2, ParameterAttributes.None, "ctx");
            ILGenerator il = create.GetILGenerator();
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Ldarg_1);
            il.Emit(OpCodes.Call, forwardTo);
            il.Emit(OpCodes.Ret);
            loader.CreateType();

            // Without it the runtime silently drops the LoadableClass attribute, whose constructor is internal.
            assembly.SetCustomAttribute(new CustomAttributeBuilder(ignoresAccessChecks.GetConstructor([typeof(string)])!, [mlCore.GetName().Name!]));
            assembly.SetCustomAttribute(new CustomAttributeBuilder(loadableClassCtor,
                [transformer, loader, null, signatureLoadModel, userName, loadNames]));

            Directory.CreateDirectory(Path.GetDirectoryName(outputPath)!);
            string temporary = outputPath + ".tmp";
            assembly.Save(temporary);
            File.Move(temporary, outputPath, overwrite: true);
        }

        private static T Require<T>(T? member, string description) where T : class
            => member ?? throw new InvalidOperationException($"{description} was not found; the library and tools/LoaderEmitter disagree.");
    }
}
