namespace Oslo.Config.Tests.Generator;

/// <summary>Reads the golden files copied next to the test assembly.</summary>
internal static class GoldenFile
{
    public static string PathOf(string fileName) => Path.Combine(AppContext.BaseDirectory, "Generator", "Golden", fileName);

    public static string Read(string fileName) => File.ReadAllText(PathOf(fileName));
}
