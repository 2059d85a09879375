using System.IO.Compression;
using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Oslo.Packaging.Tests;

/// <summary>
/// Packs every library under src/ and the two dotnet tools as a user would get them, checks the metadata of each
/// package, then installs the tools from those packages into a temporary tool path (no other package source, an
/// empty package cache) and runs them as a user would.
/// </summary>
public sealed partial class PackagingTests : IClassFixture<PackagingTests.PackedRepository>
{
    private static readonly string[] s_libraries = ["Oslo.Config", "Oslo.Service", "Oslo.Service.Wsgi"];
    private static readonly string[] s_tools = ["oslo-config-generator", "oslo-config-validator", "oslo-ctl"];
    private static readonly string[] s_osloServiceNamespaces =
        ["oslo.service.service", "oslo.service.periodic_task", "oslo.service.sslutils", "oslo.service.wsgi"];

    private readonly PackedRepository _repo;

    public PackagingTests(PackedRepository repo) => _repo = repo;

    [Fact]
    public void Pack_EveryLibrary_HasReadmeLicenseXmlDocsAndRepositoryCommit()
    {
        foreach (string id in s_libraries.Concat(_repo.OptionalLibraries))
        {
            using ZipArchive package = _repo.OpenPackage(id);
            XElement metadata = Metadata(package);

            Assert.Equal(id, Value(metadata, "id"));
            AssertCommonMetadata(id, package, metadata);
            Assert.NotNull(package.GetEntry($"lib/net10.0/{id}.dll"));
            Assert.NotNull(package.GetEntry($"lib/net10.0/{id}.xml"));
        }
    }

    [Fact]
    public void Pack_OsloConfig_CarriesItsNativeAotBuildLogicToEveryConsumer()
    {
        // buildTransitive/: NuGet imports it into the app that references Oslo.Config, Oslo.Service or any package on them.
        using ZipArchive package = _repo.OpenPackage("Oslo.Config");
        ZipArchiveEntry targets = package.GetEntry("buildTransitive/Oslo.Config.targets")
            ?? throw new Xunit.Sdk.XunitException("Oslo.Config's package has no buildTransitive/Oslo.Config.targets");
        using Stream stream = targets.Open();
        XDocument project = XDocument.Load(stream);
        Assert.Contains(project.Descendants().Where(e => e.Name.LocalName == "DirectPInvoke"), e => (string?)e.Attribute("Include") == "libc");
    }

    [Fact]
    public void Pack_BothTools_AreDotnetToolPackagesWithReadmeAndLicense()
    {
        foreach (string id in s_tools)
        {
            using ZipArchive package = _repo.OpenPackage(id);
            XElement metadata = Metadata(package);

            AssertCommonMetadata(id, package, metadata);
            Assert.Contains(metadata.Descendants(metadata.Name.Namespace + "packageType"),
                type => (string?)type.Attribute("name") == "DotnetTool");
            Assert.NotNull(package.GetEntry("tools/net10.0/any/DotnetToolSettings.xml"));
            Assert.NotNull(package.GetEntry($"tools/net10.0/any/{id}.dll"));
        }
    }

    [Fact]
    public async Task InstalledGenerator_OsloServiceNamespace_WritesTheServiceOptions()
    {
        ProcessResult result = await _repo.RunToolAsync("oslo-config-generator", ["--namespace", "oslo.service.service"]);

        Assert.True(result.ExitCode == 0, result.Describe());
        Assert.StartsWith("[DEFAULT]\n\n#\n# From oslo.service.service\n#\n", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("\n#backdoor_port = <None>\n", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("\n#backdoor_socket = <None>\n", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("\n#log_options = true\n", result.Stdout, StringComparison.Ordinal);
        Assert.EndsWith("\n#graceful_shutdown_timeout = 60\n", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("[ssl]", result.Stdout, StringComparison.Ordinal);
        Assert.Equal("", result.Stderr);
    }

    [Fact]
    public async Task InstalledGenerator_FourOsloServiceNamespaces_MatchesPythonGeneratorByteForByte()
    {
        string output = Path.Combine(_repo.WorkDirectory, "oslo-service.conf");
        string[] args = [.. s_osloServiceNamespaces.SelectMany(n => new[] { "--namespace", n }), "--output-file", output];

        ProcessResult result = await _repo.RunToolAsync("oslo-config-generator", args);

        Assert.True(result.ExitCode == 0, result.Describe());
        // The golden file is the output of Python's oslo-config-generator for the same four namespaces.
        string golden = Path.Combine(_repo.Root, "tests/Oslo.Config.Tests/Generator/Golden/oslo_service_all.conf");
        Assert.Equal(await File.ReadAllTextAsync(golden), await File.ReadAllTextAsync(output));
    }

    [Fact]
    public async Task InstalledValidator_CleanAndBrokenFiles_ExitCodesAndFileLine()
    {
        string clean = Path.Combine(_repo.WorkDirectory, "clean.conf");
        string broken = Path.Combine(_repo.WorkDirectory, "broken.conf");
        await File.WriteAllTextAsync(clean, "[DEFAULT]\ngraceful_shutdown_timeout = 30\n");
        await File.WriteAllTextAsync(broken, "[DEFAULT]\nlog_options = true\ngraceful_shutdown_timeout = soon\n");

        ProcessResult ok = await _repo.RunToolAsync("oslo-config-validator",
            ["--namespace", "oslo.service.service", "--input-file", clean]);
        ProcessResult bad = await _repo.RunToolAsync("oslo-config-validator",
            ["--namespace", "oslo.service.service", "--input-file", broken]);

        Assert.True(ok.ExitCode == 0, ok.Describe());
        Assert.True(bad.ExitCode != 0, bad.Describe());
        Assert.Contains($"{broken}:3", bad.Stdout + bad.Stderr, StringComparison.Ordinal);
        Assert.Contains("graceful_shutdown_timeout", bad.Stdout + bad.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InstalledGenerator_EveryNamespace_MatchesDocsOptionsPage()
    {
        // docs/options.md holds one ```ini block per namespace, written by scripts/gen-options-doc.
        string page = await File.ReadAllTextAsync(Path.Combine(_repo.Root, "docs", "options.md"));
        var documented = Regex.Matches(page, "^## (?<ns>\\S+)\n\n```ini\n(?<sample>.*?)```\n", RegexOptions.Multiline | RegexOptions.Singleline)
            .ToDictionary(m => m.Groups["ns"].Value, m => m.Groups["sample"].Value, StringComparer.Ordinal);

        // The tool names every namespace it can find when asked for one it cannot.
        ProcessResult unknown = await _repo.RunToolAsync("oslo-config-generator", ["--namespace", "no.such.namespace"]);
        Match known = Regex.Match(unknown.Stderr, "Known namespaces: (?<list>[^ ,]+(, [^ ,]+)*)\\. ");
        Assert.True(known.Success, unknown.Describe());
        string[] namespaces = known.Groups["list"].Value.Split(", ");

        Assert.Equal(namespaces.Order(StringComparer.Ordinal), documented.Keys.Order(StringComparer.Ordinal));
        foreach (string ns in namespaces)
        {
            ProcessResult result = await _repo.RunToolAsync("oslo-config-generator", ["--namespace", ns]);
            Assert.True(result.ExitCode == 0, result.Describe());
            Assert.True(documented[ns] == result.Stdout,
                $"docs/options.md is out of date for {ns}: run scripts/gen-options-doc.\n--- generator\n{result.Stdout}");
        }
    }

    private static void AssertCommonMetadata(string id, ZipArchive package, XElement metadata)
    {
        Assert.Equal("PACKAGE.md", Value(metadata, "readme"));
        Assert.NotNull(package.GetEntry("PACKAGE.md"));
        XElement license = metadata.Element(metadata.Name.Namespace + "license")
            ?? throw new Xunit.Sdk.XunitException($"{id}: no <license>");
        Assert.Equal("expression", (string?)license.Attribute("type"));
        Assert.Equal("Apache-2.0", license.Value);
        Assert.False(string.IsNullOrWhiteSpace(Value(metadata, "description")), $"{id}: no description");
        Assert.False(string.IsNullOrWhiteSpace(Value(metadata, "authors")), $"{id}: no authors");
        XElement repository = metadata.Element(metadata.Name.Namespace + "repository")
            ?? throw new Xunit.Sdk.XunitException($"{id}: no <repository>");
        Assert.Equal("git", (string?)repository.Attribute("type"));
        string commit = (string?)repository.Attribute("commit") ?? "";
        Assert.Matches("^[0-9a-f]{40}$", commit);
        // A package user finds the source and docs/ from the package: the repository, and docs/ at the packed commit.
        Assert.Equal(PackedRepository.RepositoryUrl, (string?)repository.Attribute("url"));
        Assert.Equal($"{PackedRepository.RepositoryUrl[..^".git".Length]}/tree/{commit}/docs", Value(metadata, "projectUrl"));
    }

    private static XElement Metadata(ZipArchive package)
    {
        ZipArchiveEntry nuspec = package.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        using Stream stream = nuspec.Open();
        XElement root = XDocument.Load(stream).Root!;
        return root.Element(root.Name.Namespace + "metadata")!;
    }

    private static string? Value(XElement metadata, string name) => metadata.Element(metadata.Name.Namespace + name)?.Value;

    /// <summary>
    /// Packs once for the whole class: `dotnet pack --no-build` of each src project in the configuration this test
    /// assembly was built in (its project references built them), then `dotnet tool install --tool-path` of both
    /// tools from that folder only.
    /// </summary>
    public sealed class PackedRepository : IAsyncLifetime
    {
        /// <summary>The repository URL given to the pack (this checkout has no remote), as a release build would.</summary>
        public const string RepositoryUrl = "https://git.example.org/oslo/oslo-service.git";

        private static readonly TimeSpan s_packTimeout = TimeSpan.FromMinutes(3);
        private static readonly TimeSpan s_installTimeout = TimeSpan.FromMinutes(2);
        private static readonly TimeSpan s_runTimeout = TimeSpan.FromMinutes(1);

        private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("oslo-packaging-");

        /// <summary>The repository root (the folder holding OsloService.slnx).</summary>
        public string Root => RepositoryRoot.Path;

        /// <summary>Scratch space for the tests' own files.</summary>
        public string WorkDirectory => Path.Combine(_temp.FullName, "work");

        /// <summary>Libraries under src/ beyond the three that every build has (e.g. Oslo.Service.Backdoor).</summary>
        public IReadOnlyList<string> OptionalLibraries { get; private set; } = [];

        private string PackagesDirectory => Path.Combine(_temp.FullName, "packages");

        private string ToolsDirectory => Path.Combine(_temp.FullName, "tools");

        /// <inheritdoc />
        public async Task InitializeAsync()
        {
            Directory.CreateDirectory(WorkDirectory);
            string configuration = typeof(PackagingTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .Single(a => a.Key == "Configuration").Value!;

            var projects = Directory.GetFiles(Path.Combine(Root, "src"), "*.csproj", SearchOption.AllDirectories)
                .Order(StringComparer.Ordinal).ToList();
            foreach (string project in projects)
            {
                ProcessResult pack = await Run("dotnet",
                    ["pack", project, "-c", configuration, "--no-build", "-o", PackagesDirectory, "-nologo", $"-p:OsloRepositoryUrl={RepositoryUrl}"],
                    s_packTimeout);
                Assert.True(pack.ExitCode == 0, pack.Describe());
            }

            OptionalLibraries = [.. projects.Select(Path.GetFileNameWithoutExtension).OfType<string>()
                .Where(name => !s_libraries.Contains(name) && name.StartsWith("Oslo.Service.", StringComparison.Ordinal))
                .Where(name => name is not ("Oslo.Service.Templates" or "Oslo.Service.Ctl"))]; // no library: Templates/TemplatePackageTests, the oslo-ctl tool

            // Only the folder just packed: no other source, and a package cache of our own so that an older package
            // of the same version cached by an earlier run can never be the one installed.
            string nugetConfig = Path.Combine(_temp.FullName, "nuget.config");
            await File.WriteAllTextAsync(nugetConfig, $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <clear />
                    <add key="local" value="{PackagesDirectory}" />
                  </packageSources>
                </configuration>
                """);
            foreach (string tool in s_tools)
            {
                ProcessResult install = await Run("dotnet",
                    ["tool", "install", tool, "--tool-path", ToolsDirectory, "--configfile", nugetConfig,
                     "--version", PackageVersion(tool)],
                    s_installTimeout);
                Assert.True(install.ExitCode == 0, install.Describe());
            }
        }

        /// <inheritdoc />
        public Task DisposeAsync()
        {
            _temp.Delete(recursive: true);
            return Task.CompletedTask;
        }

        /// <summary>The folder the packages were packed into.</summary>
        public string PackagesPath => PackagesDirectory;

        /// <summary>Runs a bash script in <paramref name="directory"/> with the fixture's own package cache.</summary>
        public Task<ProcessResult> RunScriptAsync(string directory, string script) =>
            ProcessResult.RunAsync("bash", ["-euo", "pipefail", "-c", script], directory, ChildEnvironment(), s_installTimeout + s_runTimeout);

        /// <summary>Opens the package <paramref name="id"/> that was packed (any version).</summary>
        public ZipArchive OpenPackage(string id) => ZipFile.OpenRead(PackagePath(id));

        /// <summary>Runs an installed tool by its command name, as a user would from the tool path.</summary>
        public Task<ProcessResult> RunToolAsync(string command, IReadOnlyList<string> args) =>
            Run(Path.Combine(ToolsDirectory, command), args, s_runTimeout);

        private string PackagePath(string id)
        {
            var regex = new Regex("^" + Regex.Escape(id) + @"\.[0-9][^/]*\.nupkg$", RegexOptions.CultureInvariant);
            string[] matches = [.. Directory.GetFiles(PackagesDirectory).Where(f => regex.IsMatch(Path.GetFileName(f)))];
            return Assert.Single(matches);
        }

        private string PackageVersion(string id)
        {
            string name = Path.GetFileNameWithoutExtension(PackagePath(id));
            return name[(id.Length + 1)..];
        }

        private Task<ProcessResult> Run(string fileName, IReadOnlyList<string> args, TimeSpan timeout) =>
            ProcessResult.RunAsync(fileName, args, WorkDirectory, ChildEnvironment(), timeout);

        private Dictionary<string, string?> ChildEnvironment() => new()
        {
            ["NUGET_PACKAGES"] = Path.Combine(_temp.FullName, "nuget-cache"),
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
            ["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1",
        };
    }
}
