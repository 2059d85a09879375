using System.Globalization;
using System.Runtime.InteropServices;

namespace Oslo.Packaging.Tests.NativeAot;

/// <summary>
/// tests/Oslo.Service.WorkerHost published once with <c>-p:PublishAot=true</c> into a temporary folder, with its own
/// artifacts folder so that nothing of the repository's build is rewritten while other test assemblies run. The link
/// needs a C toolchain: a failed publish fails every test of the class with the publish output and what to install.
/// </summary>
public sealed class NativeAotWorkerHost : IAsyncLifetime
{
    private static readonly TimeSpan s_publishTimeout = TimeSpan.FromMinutes(5);

    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("oslo-aot-");

    /// <summary>The native executable.</summary>
    public string Program => Path.Combine(_temp.FullName, "out", "Oslo.Service.WorkerHost");

    /// <summary>The folder the program was published into.</summary>
    public string OutputDirectory => Path.Combine(_temp.FullName, "out");

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        string project = Path.Combine(RepositoryRoot.Path, "tests", "Oslo.Service.WorkerHost", "Oslo.Service.WorkerHost.csproj");
        List<string> args =
        [
            "publish", project, "-c", "Release", "-r", RuntimeInformation.RuntimeIdentifier, "-p:PublishAot=true",
            "--artifacts-path", Path.Combine(_temp.FullName, "artifacts"), "-o", OutputDirectory, "-nologo",
        ];
        if (Oslo.Bench.NativeAotLinker.VersionedClang() is { } clang)
        {
            args.Add("-p:CppCompilerAndLinker=" + clang);
        }

        ProcessResult publish = await ProcessResult.RunAsync("dotnet", args, _temp.FullName,
            new Dictionary<string, string?> { ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1", ["DOTNET_NOLOGO"] = "1" }, s_publishTimeout);
        Assert.True(publish.ExitCode == 0 && File.Exists(Program),
            "The Native AOT publish of the WorkerHost failed. Its link needs clang (apt-get install clang; .ci/run installs it).\n" + publish.Describe());
        // Warnings are errors in this repository: an AOT publish that printed a trimming or AOT warning failed above.
        Assert.DoesNotContain("warning IL", publish.Stdout, StringComparison.Ordinal);
    }

    /// <inheritdoc />
    public Task DisposeAsync()
    {
        _temp.Delete(recursive: true);
        return Task.CompletedTask;
    }
}
