using System.Globalization;
using System.Runtime.InteropServices;

using static Oslo.Bench.BenchProcess;

namespace Oslo.Bench.Scenarios;

/// <summary>
/// <c>dotnet publish -p:PublishAot=true</c> of a program the process scenarios start, as a service would be deployed
/// when its start and stop times matter. The ILCompiler package comes from NuGet; the link needs a C toolchain
/// (<c>apt-get install clang</c>).
/// </summary>
internal static class NativeAotPublish
{
    /// <summary>Publishes <paramref name="project"/> into <paramref name="output"/>; false (its output on stderr) when it fails.</summary>
    public static async Task<bool> PublishAsync(string project, string output, CancellationToken cancellationToken)
    {
        List<string> args = ["publish", project, "-c", "Release", "-r", RuntimeInformation.RuntimeIdentifier, "-p:PublishAot=true", "-o", output, "-v", "quiet", "-nologo"];
        if (NativeAotLinker.VersionedClang() is { } clang)
        {
            args.Add("-p:CppCompilerAndLinker=" + clang);
        }

        return await RunToEndAsync("dotnet", [.. args], cancellationToken) == 0;
    }
}
