using System.Reflection;
using System.Text.RegularExpressions;

namespace Oslo.Packaging.Tests.Templates;

/// <summary>
/// Oslo.Service.Templates as a user gets it: the template package and the packages its projects reference, packed
/// (<c>--no-build</c>, from this test assembly's build) into a folder of their own; a package cache that starts empty;
/// a <c>nuget.config</c> naming that folder for our packages and the machine's default source for the rest; and
/// <c>dotnet new install</c> of the packed .nupkg into a <c>DOTNET_CLI_HOME</c> of its own, so that nothing the
/// machine already has (installed templates, cached packages of the same version) is ever what gets used.
/// </summary>
public sealed partial class TemplatePackage : IAsyncLifetime
{
    /// <summary>The package id.</summary>
    public const string Id = "Oslo.Service.Templates";

    // What the generated projects reference (the API template's Oslo.Service.AspNetCore and the worker template's
    // Oslo.Service, with Oslo.Config under both), the worker template's local tool, and the templates.
    private static readonly string[] s_projects =
        ["Oslo.Config", "Oslo.Service", "Oslo.Service.AspNetCore", "Oslo.Config.Generator", Id];

    private static readonly TimeSpan s_packTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan s_newTimeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan s_buildTimeout = TimeSpan.FromMinutes(8);

    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("oslo-templates-");

    /// <summary>Where <c>dotnet new</c> writes the projects (the folder holding the nuget.config).</summary>
    public string WorkDirectory => Path.Combine(_temp.FullName, "work");

    /// <summary>The packed folder.</summary>
    public string PackagesDirectory => Path.Combine(_temp.FullName, "packages");

    /// <summary>The packed template package.</summary>
    public string PackagePath => Assert.Single(Directory.GetFiles(PackagesDirectory, Id + ".*.nupkg"));

    /// <summary>The version every package of this build was packed with.</summary>
    public string Version => Path.GetFileNameWithoutExtension(PackagePath)[(Id.Length + 1)..];

    /// <summary>What <c>dotnet new install</c> printed.</summary>
    public ProcessResult Install { get; private set; } = null!;

    /// <summary>The environment of every command: the empty package cache and the CLI home of this fixture.</summary>
    public IReadOnlyDictionary<string, string?> Environment => new Dictionary<string, string?>
    {
        ["NUGET_PACKAGES"] = Path.Combine(_temp.FullName, "nuget-cache"),
        ["DOTNET_CLI_HOME"] = Path.Combine(_temp.FullName, "cli-home"),
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        ["DOTNET_NOLOGO"] = "1",
        ["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1",
        ["DOTNET_GENERATE_ASPNET_CERTIFICATE"] = "false",
        // A build server left behind by one `dotnet build` would outlive the test (and hold this folder).
        ["MSBUILDDISABLENODEREUSE"] = "1",
        ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0",
        ["UseSharedCompilation"] = "false",
    };

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(WorkDirectory);
        string configuration = typeof(TemplatePackage).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "Configuration").Value!;
        foreach (string name in s_projects)
        {
            string project = Path.Combine(RepositoryRoot.Path, "src", name, name + ".csproj");
            ProcessResult pack = await RunAsync("dotnet",
                ["pack", project, "-c", configuration, "--no-build", "-o", PackagesDirectory, "-nologo"], RepositoryRoot.Path, s_packTimeout);
            Assert.True(pack.ExitCode == 0, pack.Describe());
        }

        // Our packages come from the packed folder only (a package of the same name and version on another source
        // must never be the one restored); everything else from the sources this machine already has, found by
        // asking NuGet (before our nuget.config exists) rather than naming any registry here.
        ProcessResult sources = await RunAsync("dotnet", ["nuget", "list", "source"], WorkDirectory, s_newTimeout);
        Assert.True(sources.ExitCode == 0, sources.Describe());
        string[] defaultKeys = [.. EnabledSource().Matches(sources.Stdout).Select(m => m.Groups[1].Value).Where(k => k != "oslo-packed")];
        Assert.True(defaultKeys.Length > 0, "no enabled NuGet source on this machine:\n" + sources.Describe());
        string defaultMappings = string.Concat(defaultKeys.Select(k => $"""
                <packageSource key="{k}">
                  <package pattern="*" />
                </packageSource>
            """));
        await File.WriteAllTextAsync(Path.Combine(WorkDirectory, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="oslo-packed" value="{PackagesDirectory}" />
              </packageSources>
              <packageSourceMapping>
                <packageSource key="oslo-packed">
                  <package pattern="Oslo.*" />
                  <package pattern="oslo-config-generator" />
                </packageSource>
            {defaultMappings}
              </packageSourceMapping>
            </configuration>
            """);

        Install = await RunAsync("dotnet", ["new", "install", PackagePath], WorkDirectory, s_newTimeout);
        Assert.True(Install.ExitCode == 0, Install.Describe());
    }

    /// <inheritdoc />
    public Task DisposeAsync()
    {
        _temp.Delete(recursive: true);
        return Task.CompletedTask;
    }

    /// <summary><c>dotnet new <paramref name="shortName"/> -o <paramref name="name"/></c>; returns the project's folder.</summary>
    public async Task<string> NewAsync(string shortName, string name, params string[] options)
    {
        ProcessResult created = await RunAsync("dotnet", ["new", shortName, "-o", name, .. options], WorkDirectory, s_newTimeout);
        Assert.True(created.ExitCode == 0, created.Describe());
        return Path.Combine(WorkDirectory, name);
    }

    /// <summary><c>dotnet build -c Release</c> (and any <paramref name="extra"/> arguments) in <paramref name="project"/>.</summary>
    public async Task BuildAsync(string project, params string[] extra)
    {
        ProcessResult build = await RunAsync("dotnet", ["build", "-c", "Release", "-nologo", .. extra], project, s_buildTimeout);
        Assert.True(build.ExitCode == 0, build.Describe());
    }

    /// <summary>Runs a command in this fixture's environment.</summary>
    public Task<ProcessResult> RunAsync(string fileName, IReadOnlyList<string> args, string workingDirectory, TimeSpan timeout) =>
        ProcessResult.RunAsync(fileName, args, workingDirectory, Environment, timeout);

    /// <summary>The package references of a generated project file, as (id, version).</summary>
    public static IEnumerable<(string Id, string Version)> PackageReferences(string projectFile) =>
        PackageReferenceRegex().Matches(File.ReadAllText(projectFile)).Select(m => (m.Groups["id"].Value, m.Groups["version"].Value));

    // `dotnet nuget list source`: "  1.  <key> [Enabled]" then the source's address on the next line.
    [GeneratedRegex(@"^\s*\d+\.\s+(.+?)\s+\[Enabled\]\s*$", RegexOptions.Multiline)]
    private static partial Regex EnabledSource();

    [GeneratedRegex("<PackageReference Include=\"(?<id>[^\"]+)\" Version=\"(?<version>[^\"]+)\"")]
    private static partial Regex PackageReferenceRegex();
}
