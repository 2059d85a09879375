using System.Globalization;

namespace Oslo.Bench;

/// <summary>The linker a Native AOT publish should be told about; shared with tests/Oslo.Packaging.Tests (linked there).</summary>
internal static class NativeAotLinker
{
    /// <summary>
    /// ILCompiler links with <c>clang</c> (else <c>gcc</c>). Debian's clang-14 package alone installs only
    /// <c>clang-14</c>: its name when there is no plain <c>clang</c>, for <c>-p:CppCompilerAndLinker=</c>; else null.
    /// </summary>
    internal static string? VersionedClang()
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
