using Oslo.Config.Tests.Support;

using Xunit;

namespace Oslo.Config.Tests.Engine;

// Differences from oslo.config 9.0 the differential test (tests/Oslo.Config.DifferentialTests) found; each
// expectation is what oslo does for the same options, files and arguments.
public class OsloParityTests : IDisposable
{
    private readonly ConfigFixture _f = new();

    public void Dispose() => _f.Dispose();

    private CommandLineExitException Exit(params string[] args) => Assert.Throws<CommandLineExitException>(() => _f.Parse(args));

    [Fact]
    public void CliMultiOpt_DeprecatedNameInSameFile_BothValuesDeprecatedFirst()
    {
        _f.Conf.RegisterCliOpt(new MultiOpt<int?>("url", deprecatedName: "old-name", itemType: new IntegerType()));
        string a = _f.Write("a.conf", "[DEFAULT]\nold-name = 89\nurl = 41\n");
        string b = _f.Write("b.conf", "[DEFAULT]\nurl = 7\n");
        _f.Parse("--config-file", a, "--config-file", b);
        Assert.Equal([89, 41, 7], (IEnumerable<int?>)_f.Conf.GetValue("url")!);
    }

    [Fact]
    public void ListOfIntegers_BadItem_ErrorShowsTheRejoinedRest()
    {
        var e = Assert.Throws<ConfigValueException>(() => new ListType<int?>(new IntegerType()).ParseValue("1,a,b"));
        Assert.Equal("invalid literal for int() with base 10: 'a,b'", e.Message);
    }

    [Fact]
    public void BadCliValue_ReportedBeforeMissingConfigFile()
    {
        _f.Conf.RegisterCliOpt(new IntOpt("n"));
        CommandLineExitException e = Exit("--config-file", Path.Combine(_f.Dir.Path, "missing.conf"), "--n", "abc");
        Assert.Equal(1, e.ExitCode);
        Assert.Contains("argument --n: Invalid Integer value: abc", e.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void BadCliValues_FirstByOptionName_MultiShowsWholeList()
    {
        _f.Conf.RegisterCliOpt(new IntOpt("n"));
        _f.Conf.RegisterCliOpt(new MultiOpt<int?>("a", itemType: new IntegerType()));
        CommandLineExitException e = Exit("--n", "x", "--a", "1", "--a", "y");
        Assert.Contains("argument --a: Invalid Integer value: ['1', 'y']", e.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void CliValue_IsSubstitutedBeforeItIsChecked()
    {
        _f.Conf.RegisterCliOpt(new HostnameOpt("h"));
        CommandLineExitException e = Exit("--h", "$$");
        Assert.Contains("argument --h: Invalid Hostname value: $\n", e.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void CliValue_MissingReference_FailsTheParse()
    {
        _f.Conf.RegisterCliOpt(new StrOpt("s"));
        Assert.Throws<TemplateSubstitutionException>(() => _f.Parse("--s", "a$nope"));
    }

    [Fact]
    public void BrokenConfigFile_BeforeAUsageError_IsReportedInstead()
    {
        _f.Conf.RegisterCliOpt(new StrOpt("s"));
        string bad = _f.Write("bad.conf", "garbage\n");
        Assert.Throws<ConfigFileParseException>(() => _f.Parse("--config-file", bad, "--s"));
        Assert.Throws<ConfigFileParseException>(() => _f.Parse("--config-file", bad, "--bogus"));
        // A usage error before the file is met wins.
        Assert.Equal(2, Exit("--s", "--config-file", bad).ExitCode);
    }

    [Fact]
    public void DeprecatedGroupDefault_WithoutName_AddsNoCliAlias()
    {
        _f.Conf.RegisterCliOpt(new StrOpt("n", deprecatedGroup: "DEFAULT"), new OptGroup("other"));
        _f.Conf.RegisterCliOpt(new IntOpt("n"));
        _f.Parse("--n", "3", "--other-n", "x");
        Assert.Equal(3, _f.Conf.GetValue("n"));
        Assert.Equal("x", _f.Conf.GetValue("n", "other"));
    }

    [Fact]
    public void CliConflict_NamesEveryOptionStringOfTheClashingArgument()
    {
        _f.Conf.RegisterCliOpt(new StrOpt("foo", deprecatedName: "old"));
        _f.Conf.RegisterCliOpt(new StrOpt("n", deprecatedOpts: [new DeprecatedOpt("old-name")]));
        _f.Conf.RegisterCliOpt(new BoolOpt("a", deprecatedName: "old-name"));
        var e = Assert.Throws<DuplicateOptException>(() => _f.Parse());
        Assert.Equal("duplicate option: --n,--old-name,--old_name", e.Message);
    }

    [Fact]
    public void BadCliValues_SameName_NewestRegistrationFirst()
    {
        _f.Conf.RegisterCliOpt(new IPOpt("x"), new OptGroup("other"));
        _f.Conf.RegisterCliOpt(new StrOpt("x", choices: ["one"]), new OptGroup("grp"));
        CommandLineExitException e = Exit("--other-x", "999.1.1.1", "--grp-x", "hello");
        Assert.Contains("argument --x: Invalid String(choices=['one']) value: hello", e.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void CliConflict_ReportedOnTheArgumentArgparseAddsLater()
    {
        _f.Conf.RegisterCliOpt(new StrOpt("foo", deprecatedName: "legacy"), new OptGroup("other"));
        _f.Conf.RegisterCliOpt(new StrOpt("url", deprecatedName: "legacy"), new OptGroup("grp"));
        var e = Assert.Throws<DuplicateOptException>(() => _f.Parse());
        Assert.Equal("duplicate option: --other-foo,--legacy", e.Message);
    }

    [Fact]
    public void MultiOpt_AllItemsSubstitutedBeforeConversion()
    {
        _f.Conf.RegisterOpt(new MultiOpt<int?>("m", itemType: new IntegerType()));
        string file = _f.Write("m.conf", "[DEFAULT]\nm = x\nm = ${nogroup.y}\n");
        _f.Parse("--config-file", file);
        Assert.Throws<TemplateSubstitutionException>(() => _f.Conf.GetValue("m"));
    }

    [Fact]
    public void ReferencedOptionsBadValue_WrappedInTheReferringOptionsError()
    {
        _f.Conf.RegisterOpts([new StrOpt("n"), new HostnameOpt("b")], "grp");
        _f.Environment["OS_GRP__N"] = "a$b";
        _f.Environment["OS_GRP__B"] = "-1";
        _f.Parse();
        var e = Assert.Throws<ConfigSourceValueException>(() => _f.Conf.GetValue("n", "grp"));
        Assert.Equal("Value for option n from environment variable OS_GRP__N is not valid: "
            + "Value for option b from environment variable OS_GRP__B is not valid: -1 is an invalid hostname", e.Message);
    }

    [Fact]
    public void ValueError_NamesTheOptionByItsName()
    {
        var opt = new IntOpt("max-conn");
        _f.Conf.RegisterOpt(opt);
        string file = _f.Write("n.conf", "[DEFAULT]\nmax_conn = x\n");
        _f.Parse("--config-file", file);
        Assert.StartsWith("Value for option max-conn from ", Assert.Throws<ConfigFileValueException>(() => _f.Conf.Get(opt)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Uri_HostFollowedByNewline_IsValidAsInRfc3986()
    {
        Assert.Equal("ftp://x\n# not a comment", new UriType().ParseValue("ftp://x\n# not a comment"));
    }

    [Fact]
    public void UsageError_ListsDeprecatedAliasesInOslosOrder()
    {
        _f.Conf.RegisterCliOpt(new StrOpt("bar-baz", deprecatedName: "old-name", deprecatedGroup: "old_grp"));
        CommandLineExitException e = Exit("--bar-baz");
        Assert.Contains("argument --bar-baz/--old_grp-old-name/--old_grp-old_name: expected one argument", e.Output, StringComparison.Ordinal);
        _f.Conf.RegisterCliOpt(new StrOpt("n", deprecatedOpts: [new DeprecatedOpt("old-name")], deprecatedName: "legacy"), new OptGroup("other"));
        Assert.Contains("argument --other-n/--old-name/--old_name/--legacy: expected one argument", Exit("--other-n").Output, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidatedDefault_ReferencingABadValue_WrappedInTheDefaultError()
    {
        _f.Conf.RegisterOpts([new IntOpt("n"), new StrOpt("b", @default: "$n")]);
        _f.Environment["OS_DEFAULT__N"] = "x";
        _f.Conf.Parse([], prog: "prog", defaultConfigFiles: [], defaultConfigDirs: [], validateDefaultValues: true);
        var e = Assert.Throws<ConfigFileValueException>(() => _f.Conf.GetValue("b"));
        Assert.Equal("Default value for option b is not valid: Value for option n from environment variable OS_DEFAULT__N "
            + "is not valid: invalid literal for int() with base 10: 'x'", e.Message);
    }

    [Fact]
    public void MaxLength_ShowsTheValueAsWritten()
    {
        var e = Assert.Throws<ConfigValueException>(() => new StringType(maxLength: 1).ParseValue("one\nmore"));
        Assert.Equal("Value 'one\nmore' exceeds maximum length 1", e.Message);
    }
}
