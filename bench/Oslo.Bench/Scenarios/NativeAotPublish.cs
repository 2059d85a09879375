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
        if (VersionedClang() is { } clang)
        {
            args.Add("-p:CppCompilerAndLinker=" + clang);
        }

        return await RunToEndAsync("dotnet", [.. args], cancellationToken) == 0;
    }

    /// <summary>
    /// ILCompiler links with <c>clang</c> (else <c>gcc</c>). Debian's clang-14 package alone installs only
    /// <c>clang-14</c>: name it when there is no plain <c>clang</c>.
    /// </summary>
    private static string? VersionedClang()
    {
        string[] path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries);
        if (path.Any(dir => File.Exists(Path.Combine(dir, "clang"))))
        {
            return null;
        }

        var versions = path.Where(Directory.Exists)
            .SelectMany(dir => Directory.EnumerateFiles(dir, "clang-*"))
            .Select(file => int.TryParse(Path.GetFileName(file)["clang-".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out int version) ? version : -1)
            .Where(version => version >= 0)
            .ToList();
        return versions.Count > 0 ? string.Create(CultureInfo.InvariantCulture, $"clang-{versions.Max()}") : null;
    }
}
