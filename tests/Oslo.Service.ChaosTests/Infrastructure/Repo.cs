namespace Oslo.Service.ChaosTests.Infrastructure;

/// <summary>Where the programs under attack were built: next to this test assembly's configuration.</summary>
internal static class Repo
{
    public static string Root { get; } = FindRoot();

    /// <summary>Release or Debug: the folder above net10.0 in this assembly's output path.</summary>
    public static string Configuration { get; } = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/')).Parent!.Name;

    public static string HelloApiDirectory => Path.Combine(Root, "samples", "HelloApi");

    public static string HelloApiDll => Existing(Path.Combine(HelloApiDirectory, "bin", Configuration, "net10.0", "HelloApi.dll"));

    public static string WorkerHostDll => Existing(Path.Combine(Root, "tests", "Oslo.Service.WorkerHost", "bin", Configuration, "net10.0", "Oslo.Service.WorkerHost.dll"));

    /// <summary>The dotnet host running these tests (so children use the same runtime).</summary>
    public static string Dotnet => Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";

    private static string Existing(string path) =>
        File.Exists(path) ? path : throw new FileNotFoundException("Not built next to the chaos tests (project references build it).", path);

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "OsloService.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("OsloService.slnx not found above " + AppContext.BaseDirectory);
    }
}
