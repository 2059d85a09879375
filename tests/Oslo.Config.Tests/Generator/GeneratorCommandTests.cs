using Oslo.Config.Generator.Cli;

using Xunit;

namespace Oslo.Config.Tests.Generator;

/// <summary>The <c>oslo-config-generator</c> command line, run in-process through its entry point.</summary>
public sealed class GeneratorCommandTests : IDisposable
{
    private static readonly string[] s_osloService =
        ["--namespace", "oslo.service.service", "--namespace", "oslo.service.periodic_task",
         "--namespace", "oslo.service.sslutils", "--namespace", "oslo.service.wsgi"];

    private readonly string _dir = Directory.CreateTempSubdirectory("oslo-gen-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = GeneratorCommand.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void Run_FourOsloServiceNamespaces_WritesPythonGeneratorOutput()
    {
        var (code, output, error) = Run(s_osloService);

        Assert.Equal(0, code);
        Assert.Equal("", error);
        Assert.Equal(GoldenFile.Read("oslo_service_all.conf"), output);
    }

    [Theory]
    [InlineData("json")]
    [InlineData("yaml")]
    [InlineData("rst")]
    public void Run_FourOsloServiceNamespacesOtherFormats_ByteIdenticalToPython(string format)
    {
        var (code, output, _) = Run([.. s_osloService, "--format", format]);

        Assert.Equal(0, code);
        Assert.Equal(GoldenFile.Read("oslo_service_all." + format), output);
    }

    [Fact]
    public void Run_SameNamespaceTwice_ListedOnce()
    {
        var (code, output, _) = Run([.. s_osloService, "--namespace", "oslo.service.wsgi"]);

        Assert.Equal(0, code);
        Assert.Equal(GoldenFile.Read("oslo_service_all.conf"), output);
    }

    [Fact]
    public void Run_NamespacesFromLoadedAssembly_FoundWithoutAssemblyOption()
    {
        var (code, output, _) = Run("--namespace", "demo");

        Assert.Equal(0, code);
        Assert.Equal(GoldenFile.Read("demo.conf"), output);
    }

    [Fact]
    public void Run_WrapWidthAndSeveralNamespaces_MatchesGolden()
    {
        var (code, output, _) = Run("--namespace", "extras", "--namespace", "aaa", "--wrap-width", "40");

        Assert.Equal(0, code);
        Assert.Equal(GoldenFile.Read("extras_wrap_at_40.conf"), output);
    }

    [Theory]
    [InlineData("--minimal", "extras_minimal.conf")]
    [InlineData("--summarize", "extras_summarize.conf")]
    public void Run_MinimalOrSummarize_MatchesGolden(string flag, string golden)
    {
        var (code, output, _) = Run("--namespace", "extras", "--namespace", "aaa", flag);

        Assert.Equal(0, code);
        Assert.Equal(GoldenFile.Read(golden), output);
    }

    [Fact]
    public void Run_GeneratorConfigFile_ReadsItsOptions()
    {
        string conf = Path.Combine(_dir, "gen.conf");
        string output = Path.Combine(_dir, "sample.conf");
        File.WriteAllText(conf, $"[DEFAULT]\nnamespace = extras\nnamespace = aaa\nwrap_width = 40\noutput_file = {output}\n");

        var (code, stdout, _) = Run("--config-file", conf);

        Assert.Equal(0, code);
        Assert.Equal("", stdout);
        Assert.Equal(GoldenFile.Read("extras_wrap_at_40.conf"), File.ReadAllText(output));
    }

    [Fact]
    public void Run_CommandLineAfterConfigFile_Overrides()
    {
        string conf = Path.Combine(_dir, "gen.conf");
        File.WriteAllText(conf, "[DEFAULT]\nnamespace = extras\nnamespace = aaa\nwrap_width = 40\n");

        var (code, output, _) = Run("--config-file", conf, "--wrap-width", "70");

        Assert.Equal(0, code);
        Assert.Equal(GoldenFile.Read("extras.conf"), output);
    }

    [Fact]
    public void Run_OutputFile_WritesUtf8WithoutBom()
    {
        string output = Path.Combine(_dir, "out", "..", "sample.conf");

        var (code, stdout, _) = Run([.. s_osloService, "--output-file", output]);

        Assert.Equal(0, code);
        Assert.Equal("", stdout);
        byte[] bytes = File.ReadAllBytes(output);
        Assert.Equal((byte)'[', bytes[0]);
        Assert.Equal(GoldenFile.Read("oslo_service_all.conf"), File.ReadAllText(output));
    }

    [Fact]
    public void Run_NoArguments_PrintsHelpAndFailsOnRequiredNamespace()
    {
        var (code, output, error) = Run();

        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.Contains("usage: oslo-config-generator", error, StringComparison.Ordinal);
        Assert.Contains("--namespace NAMESPACE", error, StringComparison.Ordinal);
        Assert.Contains("value required for option namespace in group [DEFAULT]", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_Help_ListsEveryOptionOnStdout()
    {
        var (code, output, _) = Run("--help");

        Assert.Equal(0, code);
        foreach (string option in new[] { "--namespace", "--output-file", "--wrap-width", "--format", "--minimal", "--summarize", "--config-file", "--assembly" })
        {
            Assert.Contains(option, output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Run_UnknownOption_UsageErrorExit2()
    {
        var (code, _, error) = Run("--namespace", "demo", "--bogus");

        Assert.Equal(2, code);
        Assert.Contains("usage: oslo-config-generator", error, StringComparison.Ordinal);
        Assert.Contains("unrecognized arguments: --bogus", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_UnknownNamespace_ListsKnownNamespacesAndFails()
    {
        var (code, output, error) = Run("--namespace", "oslo.service");

        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.Contains("unknown namespace 'oslo.service'", error, StringComparison.Ordinal);
        Assert.Contains("oslo.service.periodic_task, oslo.service.recycling, oslo.service.service, oslo.service.sslutils, oslo.service.supervision, oslo.service.wsgi", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_NamespaceWhoseListFails_ReportsItAndFails()
    {
        var (code, _, error) = Run("--namespace", "broken");

        Assert.Equal(1, code);
        Assert.Contains("failed to list the options of namespace 'broken'", error, StringComparison.Ordinal);
        Assert.Contains("the options module failed to import", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--wrap-width", "-1")]
    [InlineData("--wrap-width", "wide")]
    [InlineData("--format", "xml")]
    public void Run_BadValue_Fails(string option, string value)
    {
        var (code, output, error) = Run("--namespace", "demo", option, value);

        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.Contains(value, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_MissingAssembly_Fails()
    {
        var (code, _, error) = Run("--namespace", "demo", "--assembly", Path.Combine(_dir, "missing.dll"));

        Assert.Equal(1, code);
        Assert.Contains("missing.dll: no such file or directory", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_AssemblyFile_SearchesIt()
    {
        var (code, output, error) = Run("--assembly", typeof(GoldenTests).Assembly.Location, "--namespace", "demo");

        Assert.True(code == 0, error);
        Assert.Equal(GoldenFile.Read("demo.conf"), output);
    }

    [Fact]
    public void Run_AssemblyFolderWithNativeFiles_SkipsThem()
    {
        File.WriteAllText(Path.Combine(_dir, "native.dll"), "not an assembly");
        File.Copy(typeof(GoldenTests).Assembly.Location, Path.Combine(_dir, "Oslo.Config.Tests.dll"));

        var (code, output, error) = Run("--assembly", _dir, "--namespace", "demo");

        Assert.True(code == 0, error);
        Assert.Equal(GoldenFile.Read("demo.conf"), output);
    }

    [Fact]
    public void Run_AssemblyFileThatIsNotDotNet_Fails()
    {
        string native = Path.Combine(_dir, "native.dll");
        File.WriteAllText(native, "not an assembly");

        var (code, _, error) = Run("--assembly", native, "--namespace", "demo");

        Assert.Equal(1, code);
        Assert.Contains("not a .NET assembly", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_FormatJson_ByteIdenticalToPythonGenerator()
    {
        var (code, output, _) = Run("--namespace", "demo", "--format", "json");

        Assert.Equal(0, code);
        Assert.Equal(GoldenFile.Read("demo.json"), output);
    }

    [Fact]
    public void Run_FormatJsonManyTypes_ByteIdenticalToPythonGenerator()
    {
        // Floats (0.5, 1e-05, 1e+16, 3.0), int choices, lists of ints, empty containers, required, advanced.
        var (code, output, _) = Run("--namespace", "extras", "--namespace", "aaa", "--format", "json");

        Assert.Equal(0, code);
        Assert.Equal(GoldenFile.Read("extras.json"), output);
    }

    [Fact]
    public void Run_FormatYaml_SameLayoutAsPyYaml()
    {
        var (code, output, _) = Run("--namespace", "demo", "--format", "yaml");

        Assert.Equal(0, code);
        Assert.Equal(GoldenFile.Read("demo.yaml"), output);
    }

    [Fact]
    public void Run_FormatYamlManyTypes_ByteIdenticalToPythonGenerator()
    {
        var (code, output, _) = Run("--namespace", "extras", "--namespace", "aaa", "--format", "yaml");

        Assert.Equal(0, code);
        Assert.Equal(GoldenFile.Read("extras.yaml"), output);
    }

    [Fact]
    public void Run_FormatRst_WritesSphinxDirectives()
    {
        var (code, output, _) = Run("--namespace", "demo", "--format", "rst");

        Assert.Equal(0, code);
        Assert.Equal(GoldenFile.Read("demo.rst"), output);
    }
}
