namespace Oslo.Packaging.Tests;

/// <summary>
/// bench/table, the formatter behind `bench/run` with no scenario, on a saved sample of figure lines (companions
/// _min/_max, several peers, ratios, a repeated figure, a stray line).
/// </summary>
public sealed class BenchTableTests
{
    [Fact]
    public async Task BenchTable_SampleFigures_PrintsOneMarkdownTablePerScenario()
    {
        string root = RepositoryRoot.Path;
        string folder = Path.Combine(AppContext.BaseDirectory, "BenchTable");
        var environment = new Dictionary<string, string?>();

        ProcessResult result = await ProcessResult.RunAsync(Path.Combine(root, "bench", "table"),
            [Path.Combine(folder, "sample-figures.txt")], folder, environment, TimeSpan.FromSeconds(30));

        Assert.True(result.ExitCode == 0, result.Describe());
        Assert.Equal(await File.ReadAllTextAsync(Path.Combine(folder, "expected-table.md")), result.Stdout);
    }

    [Fact]
    public async Task BenchTable_NoFigures_SaysSo()
    {
        string root = RepositoryRoot.Path;
        string empty = Path.Combine(Directory.CreateTempSubdirectory("oslo-bench-table-").FullName, "empty.txt");
        await File.WriteAllTextAsync(empty, "nothing here\n");

        ProcessResult result = await ProcessResult.RunAsync(Path.Combine(root, "bench", "table"), [empty],
            Path.GetDirectoryName(empty)!, new Dictionary<string, string?>(), TimeSpan.FromSeconds(30));

        Directory.Delete(Path.GetDirectoryName(empty)!, recursive: true);
        Assert.True(result.ExitCode == 0, result.Describe());
        Assert.Equal("(no figures)\n", result.Stdout);
    }
}
