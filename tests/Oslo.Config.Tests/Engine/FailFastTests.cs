using System.Diagnostics;

using Microsoft.Extensions.Logging;

using Oslo.Config.Ini;
using Oslo.Config.Tests.Support;

using Xunit;

namespace Oslo.Config.Tests.Engine;

// Issue #14 item 3 (fail fast, say it once) and #15 items 2 and 8 (config-read failures at reload, $ref cap, INI cost).
public class FailFastTests : IDisposable
{
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(20);
    private readonly ConfigFixture _f = new();

    public void Dispose() => _f.Dispose();

    private (int? Code, string Out, string Err) ParseOrReport(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int? code = ConfigOpts.ParseOrReport(stdout, stderr, () => _f.Parse(args), "prog");
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void ParseOrExit_MissingConfigFile_OneLineAndExit1()
    {
        string missing = _f.Dir.Combine("missing.conf");
        var (code, stdout, stderr) = ParseOrReport("--config-file", missing);
        Assert.Equal(1, code);
        Assert.Equal("", stdout);
        Assert.Equal($"prog: error: Failed to find some config files: {missing}\n", stderr.Replace("\r\n", "\n", StringComparison.Ordinal));
    }

    [Fact]
    public void ParseOrExit_SyntaxError_OneLineAndExit1()
    {
        string file = _f.Write("bad.conf", "[DEFAULT]\nfoo = 1\n  \ngarbage\n");
        var (code, _, stderr) = ParseOrReport("--config-file", file);
        Assert.Equal(1, code);
        Assert.Equal($"prog: error: Failed to parse {file}: at {file}:4, No ':' or '=' found in assignment: 'garbage'",
            Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }

    [Fact]
    public void ParseOrExit_UsageErrorAndHelp_KeepArgparseStatus()
    {
        Assert.Equal(2, ParseOrReport("--bogus").Code);
        Assert.Equal(0, ParseOrReport("--help").Code);
        Assert.Null(ParseOrReport().Code);
    }

    [Fact]
    public void Parse_CliOptionBadValueFromFile_NamesFileAndLineNotAFlag()
    {
        _f.Conf.RegisterCliOpt(new IntOpt("workers", min: 1, max: 16));
        string file = _f.Write("w.conf", "[DEFAULT]\n\nworkers = two\n");
        var e = Assert.Throws<ConfigFileValueException>(() => _f.Parse("--config-file", file));
        Assert.Equal($"Value for option workers from {file}:3 is not valid: invalid literal for int() with base 10: 'two'", e.Message);
    }

    [Fact]
    public void Validate_BadValueNeverRead_ParseStaysLazyValidateFails()
    {
        _f.Conf.RegisterOpt(new IntOpt("report_interval", @default: 30, min: 1));
        string file = _f.Write("r.conf", "[DEFAULT]\nreport_interval = 0\n");
        _f.Parse("--config-file", file);   // oslo's lazy semantics: nothing read yet, nothing checked

        var e = Assert.Throws<ConfigFileValueException>(_f.Conf.Validate);
        Assert.Equal($"Value for option report_interval from {file}:2 is not valid: Should be greater than or equal to 1",
            e.Message);
    }

    [Fact]
    public void Validate_SeveralBadValues_OneLineListsThemAll()
    {
        _f.Conf.RegisterOpts([new IntOpt("a"), new BoolOpt("b")]);
        string file = _f.Write("r.conf", "[DEFAULT]\na = x\nb = maybe\n");
        _f.Parse("--config-file", file);
        var e = Assert.Throws<ConfigValidationException>(_f.Conf.Validate);
        Assert.Equal(2, e.Errors.Count);
        Assert.StartsWith("2 configuration errors: Value for option a from ", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Validate_UnknownOptionAndSection_WarnsWithFileAndLineByDefault()
    {
        _f.Conf.RegisterOpt(new IntOpt("workers", @default: 2));
        _f.Conf.RegisterOpt(new StrOpt("driver"), "inventory");
        string file = _f.Write("t.conf", "[DEFAULT]\nwokers = 3\n[inventry]\ndriver = x\n");
        _f.Parse("--config-file", file);

        _f.Conf.Validate();

        var warnings = _f.Logs.Entries.Where(e => e.Level == LogLevel.Warning).Select(e => e.Message).ToList();
        Assert.Contains(warnings, m => m.StartsWith($"{file}:2: [DEFAULT] wokers is not a known option", StringComparison.Ordinal));
        Assert.Contains(warnings, m => m.StartsWith($"{file}:3: [inventry] is not a ", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_UnknownOptionStrict_Fails()
    {
        _f.Conf.RegisterOpt(new IntOpt("workers", @default: 2));
        string file = _f.Write("t.conf", "[DEFAULT]\nwokers = 3\n");
        _f.Parse("--config-file", file);
        _f.Conf.UnknownOptions = UnknownOptionHandling.Error;

        var e = Assert.Throws<UnknownOptionException>(_f.Conf.Validate);
        Assert.StartsWith($"{file}:2: [DEFAULT] wokers is not a known option", e.Message, StringComparison.Ordinal);
        Assert.Equal(2, e.LineNumber);
    }

    [Fact]
    public void Reload_WithValidate_BadValueKeepsOldValues()
    {
        _f.Conf.RegisterOpt(new IntOpt("report_interval", @default: 30, min: 1));
        string file = _f.Write("r.conf", "[DEFAULT]\nreport_interval = 5\n");
        _f.Parse("--config-file", file);
        File.WriteAllText(file, "[DEFAULT]\nreport_interval = 0\n");

        Assert.False(_f.Conf.ReloadConfigFiles(validate: true));
        Assert.Equal(5, _f.Conf.Get(new IntOpt("report_interval", @default: 30, min: 1)));
        Assert.Contains(_f.Logs.Messages, m => m.Contains($"{file}:2 is not valid", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Reload_FifoInConfigDir_RefusedNotOpenedBlocking()
    {
        _f.Conf.RegisterOpt(new StrOpt("foo"));
        string dir = Directory.CreateDirectory(_f.Dir.Combine("conf.d")).FullName;
        File.WriteAllText(Path.Combine(dir, "a.conf"), "[DEFAULT]\nfoo = old\n");
        _f.Parse("--config-dir", dir);
        await RunAsync("mkfifo", Path.Combine(dir, "x.conf"));

        // The old code opened the FIFO and waited for a writer forever.
        bool reloaded = await Task.Run(_f.Conf.ReloadConfigFiles).WaitAsync(s_deadline);

        Assert.False(reloaded);
        Assert.Equal("old", _f.Conf.GetValue("foo"));
        Assert.Equal($"Caught Error while reloading configure files: Failed to read config file {dir}/x.conf: not a regular file (a FIFO)",
            _f.Logs.Messages[^1]);
    }

    [Fact]
    public void Reload_SymlinkLoop_FailedReloadNamesFileKeepsOldValues()
    {
        _f.Conf.RegisterOpt(new StrOpt("foo"));
        string dir = Directory.CreateDirectory(_f.Dir.Combine("conf.d")).FullName;
        File.WriteAllText(Path.Combine(dir, "a.conf"), "[DEFAULT]\nfoo = old\n");
        _f.Parse("--config-dir", dir);
        File.CreateSymbolicLink(Path.Combine(dir, "loop.conf"), Path.Combine(dir, "loop.conf"));

        Assert.False(_f.Conf.ReloadConfigFiles());
        Assert.Equal("old", _f.Conf.GetValue("foo"));
        Assert.StartsWith($"Caught Error while reloading configure files: Failed to read config file {dir}/loop.conf: ", _f.Logs.Messages[^1],
            StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_DirectoryAsConfigFile_OneLineError()
    {
        string dir = Directory.CreateDirectory(_f.Dir.Combine("d.conf")).FullName;
        var e = Assert.Throws<ConfigFileReadException>(() => _f.Parse("--config-file", dir));
        Assert.Equal($"Failed to read config file {dir}: not a regular file (a directory)", e.Message);
    }

    [Fact]
    public void Get_ReferencesDoublingEachLevel_StopsAtTheCapWithAClearError()
    {
        // a0 = x, a1 = $a0$a0, ... a24 is 16 million characters: oslo builds it, we refuse past 1 MiB.
        var lines = new List<string> { "[DEFAULT]", "a0 = x" };
        for (int i = 1; i <= 24; i++)
        {
            _f.Conf.RegisterOpt(new StrOpt($"a{i}"));
            lines.Add($"a{i} = $a{i - 1}$a{i - 1}");
        }

        _f.Conf.RegisterOpt(new StrOpt("a0"));
        _f.Parse("--config-file", _f.Write("r.conf", string.Join('\n', lines) + "\n"));

        Assert.Equal(1 << 20, ((string)_f.Conf.GetValue("a20")!).Length);
        var e = Assert.Throws<TemplateSubstitutionException>(() => _f.Conf.GetValue("a24"));
        Assert.Equal("template substitution error: the value of DEFAULT.a21 expands to more than 1048576 characters", e.Message);
    }

    [Fact]
    public void Parse_ManyDistinctSections_ComparesNamesAConstantNumberOfTimesEach()
    {
        // The old check of section names (List.Contains over every earlier name) made n distinct sections cost n^2
        // comparisons: 50,000 sections, about 1.25e9. Counted, not timed: the comparer of section names counts its
        // calls, and a linear check makes a small constant number per section.
        const int n = 50_000;
        var sections = new System.Text.StringBuilder();
        for (int i = 0; i < n; i++)
        {
            sections.Append("[s").Append(i).Append("]\nk = v\n");
        }

        var counting = new CountingComparer();
        IniDocument document = IniParser.Parse("/t.conf", sections.ToString(), counting);

        Assert.Equal(n, document.SectionNames.Count);
        Assert.True(counting.Calls < 10L * n, $"{n} sections made {counting.Calls} comparisons of section names");
    }

    private sealed class CountingComparer : IEqualityComparer<string>
    {
        public long Calls { get; private set; }

        public bool Equals(string? x, string? y)
        {
            Calls++;
            return string.Equals(x, y, StringComparison.Ordinal);
        }

        public int GetHashCode(string obj)
        {
            Calls++;
            return StringComparer.Ordinal.GetHashCode(obj);
        }
    }

    private static async Task RunAsync(string file, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(file, args) { UseShellExecute = false })!;
        await process.WaitForExitAsync().WaitAsync(s_deadline);
        Assert.Equal(0, process.ExitCode);
    }
}
