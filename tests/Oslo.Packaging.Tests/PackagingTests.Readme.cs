using System.Text.RegularExpressions;

namespace Oslo.Packaging.Tests;

// PACKAGE.md (every package's readme) as a package user reads it: its commands work as written.
public sealed partial class PackagingTests
{
    [Fact]
    public async Task PackageReadme_BashBlock_RunsAsWrittenAgainstThePackedFeed()
    {
        string readme = await File.ReadAllTextAsync(Path.Combine(_repo.Root, "PACKAGE.md"));
        Match block = Regex.Match(readme, "```bash\n(?<script>.*?)```", RegexOptions.Singleline);
        Assert.True(block.Success, "PACKAGE.md has no ```bash block");

        // A user's folder whose only package source is the packed feed (as their registry would be for them).
        string user = Directory.CreateTempSubdirectory("oslo-readme-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(user, "nuget.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <clear />
                    <add key="local" value="{_repo.PackagesPath}" />
                  </packageSources>
                </configuration>
                """);

            ProcessResult result = await _repo.RunScriptAsync(user, block.Groups["script"].Value);

            Assert.True(result.ExitCode == 0, result.Describe());
            Assert.Contains("graceful_shutdown_timeout", result.Stdout, StringComparison.Ordinal);
            Assert.Contains("wsgi_default_pool_size", result.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(user, recursive: true);
        }
    }
}
