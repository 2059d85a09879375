using Xunit;

namespace Oslo.Config.Tests.Types;

// The default renderings oslo-config-generator writes after "#name = " (reference section 8.3).
public class FormatDefaultsTests
{
    private static IReadOnlyList<string> Format(Opt opt) => opt.Type.FormatDefaults(opt.Default, opt.SampleDefault);

    [Fact]
    public void String_PlainQuotedNone()
    {
        Assert.Equal(["foo"], Format(new StrOpt("a", @default: "foo")));
        Assert.Equal(["\"  foo bar  \""], Format(new StrOpt("a", @default: "  foo bar  ")));
        Assert.Equal(["<None>"], Format(new StrOpt("a")));
        Assert.Equal(["foo\nbar\nbaz"], Format(new StrOpt("a", @default: "foo\nbar\nbaz")));
    }

    [Fact]
    public void Scalars_PythonRenderings()
    {
        Assert.Equal(["false"], Format(new BoolOpt("a", @default: false)));
        Assert.Equal(["true"], Format(new BoolOpt("a", @default: true)));
        Assert.Equal(["10"], Format(new IntOpt("a", @default: 10)));
        Assert.Equal(["1.0"], Format(new FloatOpt("a", @default: 1.0)));
        Assert.Equal(["0.25"], Format(new FloatOpt("a", @default: 0.25)));
        Assert.Equal(["8080"], Format(new PortOpt("a", @default: 8080)));
    }

    [Fact]
    public void Collections_JoinedAndSorted()
    {
        Assert.Equal(["a,b"], Format(new ListOpt("a", @default: new[] { "a", "b" })));
        Assert.Equal(["[a,b]"], Format(new ListOpt("a", @default: new[] { "a", "b" }, bounds: true)));
        Assert.Equal([""], Format(new ListOpt("a", @default: Array.Empty<string>())));
        Assert.Equal(["a:1,b:2"], Format(new DictOpt("a", @default: new Dictionary<string, string?> { ["b"] = "2", ["a"] = "1" })));
        Assert.Equal(["1", "2", "3"], Format(new MultiStrOpt("a", @default: new[] { "1", "2", "3" })));
        Assert.Equal([""], Format(new MultiStrOpt("a")));
        Assert.Equal(["1", "2"], Format(new MultiOpt<int?>("a", @default: new int?[] { 1, 2 }, itemType: new IntegerType())));
    }

    [Fact]
    public void SampleDefault_Verbatim() =>
        Assert.Equal(["<hostname>"], Format(new StrOpt("host", @default: "myhost", sampleDefault: "<hostname>")));

    [Fact]
    public void MinMaxChoices_ExposedForTheGenerator()
    {
        var opt = new IntOpt("a", min: 1, max: 20);
        Assert.Equal(1, opt.Type.Minimum);
        Assert.Equal(20, opt.Type.Maximum);
        Assert.Equal(0, new PortOpt("p").Type.Minimum);
        Assert.Equal(65535, new PortOpt("p").Type.Maximum);
        var choices = new StrOpt("mode", choices: [("fast", "Go fast"), "safe", null]).Type.Choices!;
        Assert.Equal(["fast", "safe", null], choices.Select(c => c.Key));
        Assert.Equal(["Go fast", null, null], choices.Select(c => c.Value));
    }
}
