using System.Text.RegularExpressions;

namespace Oslo.Packaging.Tests;

/// <summary>
/// #13: the guide told users to start a sample with <c>setsid dotnet run … &amp;</c> and then <c>kill -HUP</c> it;
/// the signal reached the <c>dotnet run</c> CLI, which died (129) and orphaned the app and its workers. Examples
/// that background a program to signal it must run the built program.
/// </summary>
public sealed partial class DocsExamplesTests
{
    [Fact]
    public void NoExample_BackgroundsDotnetRun()
    {
        string[] files = [Path.Combine(RepositoryRoot.Path, "README.md"), Path.Combine(RepositoryRoot.Path, "PACKAGE.md"),
            .. Directory.GetFiles(Path.Combine(RepositoryRoot.Path, "docs"), "*.md")];
        var offenders = files
            .SelectMany(file => File.ReadLines(file).Select((line, i) => (file, line, number: i + 1)))
            .Where(x => BackgroundedDotnetRun().IsMatch(x.line))
            .Select(x => $"{Path.GetFileName(x.file)}:{x.number}: {x.line.Trim()}")
            .ToList();

        Assert.True(offenders.Count == 0, "Run the built program instead of `dotnet run … &`:\n" + string.Join('\n', offenders));
    }

    [GeneratedRegex(@"dotnet run\b[^`#]*&(\s|`|$)")]
    private static partial Regex BackgroundedDotnetRun();
}
