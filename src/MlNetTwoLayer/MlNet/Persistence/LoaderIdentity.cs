namespace MlNetTwoLayer.MlNet.Persistence;

/// <summary>
/// What ML.NET writes in a saved model's header to find the loader again (its <c>VersionInfo</c>).
/// </summary>
/// <param name="ModelSignature">Exactly 8 ASCII characters identifying the payload kind.</param>
/// <param name="Version">ML.NET's payload version (written, readable and oldest readable are the same; our own format carries the real version).</param>
/// <param name="LoaderAssemblyName">The simple name ML.NET passes to <c>Assembly.Load</c> before looking up the loader.</param>
/// <param name="LoaderSignature">The loader's registered name: at most 24 characters, each at most U+00FF.</param>
/// <param name="UserName">A human-readable name for ML.NET's catalog.</param>
internal sealed record LoaderIdentity(string ModelSignature, uint Version, string LoaderAssemblyName, string LoaderSignature, string UserName);
