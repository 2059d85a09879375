using Oslo.Config.Tests.Generator;
using Oslo.Config.Validator.Cli;

using Xunit;

namespace Oslo.Config.Tests.Validator;

/// <summary>The <c>oslo-config-validator</c> command line, run in-process through its entry point.</summary>
public sealed class ValidatorCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("oslo-validator-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = ValidatorCommand.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void Run_CleanFile_ExitsZero()
    {
        string file = Write("ok.conf", "[DEFAULT]\nmode = safe\nworkers = 8\nlabels = x:1\n\n[ssl]\n");

        var (code, output, _) = Run("--namespace", "demo", "--input-file", file);

        Assert.Equal(0, code);
        Assert.Equal("1 file(s) checked: 0 error(s), 0 warning(s)\n", output.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Run_GeneratedOsloServiceSampleUncommented_IsClean()
    {
        // What the generator documents must validate: keep the section headers and uncomment every "#name = value".
        var lines = GoldenFile.Read("oslo_service_all.conf").Split('\n')
            .Where(l => l.StartsWith('[') || System.Text.RegularExpressions.Regex.IsMatch(l, "^#[a-z_]+ ="))
            .Select(l => l.TrimStart('#'));
        string file = Write("service.conf", string.Join('\n', lines) + "\n");

        var (code, output, _) = Run("--namespace", "oslo.service.service", "--namespace", "oslo.service.periodic_task",
            "--namespace", "oslo.service.sslutils", "--namespace", "oslo.service.wsgi", "--input-file", file);

        Assert.True(code == 0, output);
        Assert.Contains("0 error(s), 0 warning(s)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_UnknownOption_ErrorWithFileAndLine()
    {
        string file = Write("unknown.conf", "[DEFAULT]\nmode = fast\nwokers = 4\n");

        var (code, output, _) = Run("--namespace", "demo", "--input-file", file);

        Assert.Equal(1, code);
        Assert.Contains($"ERROR: {file}:3: [DEFAULT] wokers is not a known option", output, StringComparison.Ordinal);
        Assert.Contains("1 error(s), 0 warning(s)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_DashedSpellingOfOption_ErrorNamesTheDest()
    {
        string file = Write("dash.conf", "[extras]\nreq = 1\nmutable-secret = x\n");

        var (code, output, _) = Run("--namespace", "extras", "--input-file", file);

        Assert.Equal(1, code);
        Assert.Contains($"ERROR: {file}:3: [extras] mutable-secret is not a known option; files must use the option's dest mutable_secret", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_UnknownSection_ErrorAtItsHeader()
    {
        string file = Write("section.conf", "[DEFAULT]\nmode = fast\n\n[sssl]\nca_file = /x\n");

        var (code, output, _) = Run("--namespace", "demo", "--input-file", file);

        Assert.Equal(1, code);
        Assert.Contains($"ERROR: {file}:4: [sssl] is not a group of the namespaces checked ([DEFAULT], [ssl])", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("workers = many", "invalid literal for int() with base 10: 'many'")]
    [InlineData("workers = 100", "Should be less than or equal to 64")]
    [InlineData("mode = slow", "Valid values are [fast, safe], but found 'slow'")]
    [InlineData("labels = novalue", "Value should be NAME:VALUE pairs separated by \",\"")]
    public void Run_BadValue_ErrorWithLineAndTypeReason(string line, string reason)
    {
        string file = Write("bad.conf", $"[DEFAULT]\n# a comment\n{line}\n");

        var (code, output, _) = Run("--namespace", "demo", "--input-file", file);

        Assert.Equal(1, code);
        Assert.Contains($"ERROR: {file}:3: [DEFAULT] {line}: invalid ", output, StringComparison.Ordinal);
        Assert.Contains(reason, output, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_DeprecatedName_WarningOnlyUnlessFatal()
    {
        string file = Write("deprecated.conf", "[old]\nworker_count = 3\n");

        var (code, output, _) = Run("--namespace", "demo", "--input-file", file);
        var (fatalCode, _, _) = Run("--namespace", "demo", "--input-file", file, "--fatal-warnings");

        Assert.Equal(0, code);
        Assert.Contains($"WARNING: {file}:2: [old] worker_count is deprecated; use [DEFAULT] workers instead", output, StringComparison.Ordinal);
        Assert.Equal(1, fatalCode);
    }

    [Fact]
    public void Run_DeprecatedNameWithBadValue_StillChecksTheValue()
    {
        string file = Write("deprecated.conf", "[old]\nworker_count = 0\n");

        var (code, output, _) = Run("--namespace", "demo", "--input-file", file);

        Assert.Equal(1, code);
        Assert.Contains("Should be greater than or equal to 1", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_OptionDeprecatedForRemoval_Warning()
    {
        string file = Write("removal.conf", "[DEFAULT]\npassword = hunter2\n");

        var (code, output, _) = Run("--namespace", "demo", "--input-file", file);

        Assert.Equal(0, code);
        Assert.Contains($"WARNING: {file}:2: [DEFAULT] password is deprecated for removal (Use keystone.)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_RequiredOptionMissing_Error()
    {
        string file = Write("required.conf", "[DEFAULT]\nfoo = x\n\n[extras]\nratio = 1.5\n");

        var (code, output, _) = Run("--namespace", "extras", "--input-file", file);

        Assert.Equal(1, code);
        Assert.Contains($"ERROR: {file}:4: value required for option req in group [extras]", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_RequiredOptionInAnotherInputFile_Satisfied()
    {
        string first = Write("a.conf", "[extras]\nratio = 1.5\n");
        string second = Write("b.conf", "[extras]\nreq = 3\n");

        var (code, output, _) = Run("--namespace", "extras", "--input-file", first, "--input-file", second);

        Assert.True(code == 0, output);
        Assert.Contains("2 file(s) checked: 0 error(s), 0 warning(s)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_MalformedFile_ParseErrorWithLineAndOtherFilesStillChecked()
    {
        string broken = Write("broken.conf", "[DEFAULT]\nmode = fast\nthis line has no equals\n");
        string other = Write("other.conf", "[DEFAULT]\nworkers = lots\n");

        var (code, output, _) = Run("--namespace", "demo", "--input-file", broken, "--input-file", other);

        Assert.Equal(1, code);
        Assert.Contains($"ERROR: {broken}:3: Failed to parse {broken}: at {broken}:3, No ':' or '=' found in assignment", output, StringComparison.Ordinal);
        Assert.Contains($"ERROR: {other}:2: [DEFAULT] workers = lots: invalid integer value", output, StringComparison.Ordinal);
        Assert.Contains("2 file(s) checked: 2 error(s), 0 warning(s)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_ExcludedGroup_NotChecked()
    {
        string file = Write("dynamic.conf", "[DEFAULT]\nmode = fast\n\n[backend_1]\nanything = goes\n");

        var (code, _, _) = Run("--namespace", "demo", "--input-file", file, "--exclude-group", "backend_1");

        Assert.Equal(0, code);
    }

    [Fact]
    public void Run_InterpolatedValue_NotTypeChecked()
    {
        string file = Write("ref.conf", "[DEFAULT]\nworkers = $cores\n");

        var (code, _, _) = Run("--namespace", "demo", "--input-file", file);

        Assert.Equal(0, code);
    }

    [Fact]
    public void Run_MissingInputFile_Fails()
    {
        var (code, _, error) = Run("--namespace", "demo", "--input-file", Path.Combine(_dir, "nope.conf"));

        Assert.Equal(1, code);
        Assert.Contains("nope.conf", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_NoArguments_HelpAndRequiredError()
    {
        var (code, _, error) = Run();

        Assert.Equal(1, code);
        Assert.Contains("usage: oslo-config-validator", error, StringComparison.Ordinal);
        Assert.Contains("value required for option", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_UnknownOption_UsageErrorExit2()
    {
        var (code, _, error) = Run("--namespace", "demo", "--input-file", "x.conf", "--strict");

        Assert.Equal(2, code);
        Assert.Contains("usage: oslo-config-validator", error, StringComparison.Ordinal);
        Assert.Contains("unrecognized arguments: --strict", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_ValidatorConfigFile_ReadsItsOptions()
    {
        string input = Write("app.conf", "[old]\nworker_count = 3\n");
        string conf = Write("validator.conf", $"[DEFAULT]\nnamespace = demo\ninput_file = {input}\nfatal_warnings = true\n");

        var (code, output, _) = Run("--config-file", conf);

        Assert.Equal(1, code);
        Assert.Contains("0 error(s), 1 warning(s)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_UnknownNamespace_Fails()
    {
        string file = Write("ok.conf", "[DEFAULT]\n");

        var (code, _, error) = Run("--namespace", "nope", "--input-file", file);

        Assert.Equal(1, code);
        Assert.Contains("unknown namespace 'nope'", error, StringComparison.Ordinal);
    }
}
