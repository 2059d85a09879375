namespace Oslo.Packaging.Tests;

/// <summary>The repository this test assembly was built from.</summary>
internal static class RepositoryRoot
{
    /// <summary>The folder holding OsloService.slnx, found upwards from the test's output folder.</summary>
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "OsloService.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No OsloService.slnx above {AppContext.BaseDirectory}.");
    }
}
