using Xunit;

namespace Oslo.Config.DifferentialTests;

/// <summary>The shrinker keeps the kind of difference it started from (no oslo needed: the comparison is a fake).</summary>
public sealed class ShrinkerTests
{
    private static readonly Differ.Difference s_value = new("DEFAULT.a", "V [8, 0]", "V [80]");
    private static readonly Differ.Difference s_parse = new(null, "ConfigFileParseError: at f:2", "ConfigFileParseError: at f:1");

    // Options a and b together: a value difference; a alone: a parse-message difference (another cause); b alone: none.
    private static IReadOnlyList<Differ.Difference> Fake(DiffCase c)
    {
        bool a = c.Opts.Any(o => o.Name == "a"), b = c.Opts.Any(o => o.Name == "b");
        return a && b ? [s_value] : a ? [s_parse] : [];
    }

    private static DiffCase Case() => new()
    {
        Opts = [new OptSpec { Kind = "multiint", Name = "a" }, new OptSpec { Kind = "str", Name = "b", Default = "$a" }],
        Args = ["--config-file", "/nonexistent/f0.conf"],
        Env = new Dictionary<string, string> { ["OS_DEFAULT__A"] = "80", ["OS_DEFAULT__C"] = "1" },
        Files = [new FileSpec("f0.conf", "[DEFAULT]\nx = 1\ny = 2\n")],
        Dir = "/nonexistent",
    };

    [Fact]
    public void ShrinkKeeping_SmallerCaseDiffersInAnotherWay_KeepsTheStartingCategory()
    {
        DiffCase minimal = Shrinker.ShrinkKeeping(Case(), s_value.Category, Fake);

        Assert.Equal(["a", "b"], minimal.Opts.Select(o => o.Name));
        Assert.Equal(s_value.Category, Assert.Single(Fake(minimal)).Category);
        // Everything else that does not matter is still dropped.
        Assert.Empty(minimal.Args);
        Assert.Empty(minimal.Env);
        Assert.Empty(minimal.Files);
    }

    [Fact]
    public void Shrink_AnyDifference_DriftsToTheOtherCause()
    {
        // What the sweep did before it kept the category (seeds 9 and 10 printed the no-section message).
        DiffCase minimal = Shrinker.Shrink(Case(), x => Fake(x).Count > 0);

        Assert.Equal(s_parse.Category, Assert.Single(Fake(minimal)).Category);
    }

    [Theory]
    [InlineData("DEFAULT.a", "V [8, 0]", "V [80]", "value|V|V")]
    [InlineData("DEFAULT.a", "E ConfigFileValueError: Value for option a", "E ConfigSourceValueError: Value", "value|ConfigFileValueError|ConfigSourceValueError")]
    [InlineData(null, "RecursionError: maximum recursion depth exceeded", "parsed", "parse|RecursionError|parsed")]
    [InlineData(null, "EXIT 2: prog: error: unrecognized arguments: --b x", "EXIT 2: prog: error: x --b", "parse|EXIT 2|EXIT 2")]
    public void Category_KindAndTypes_WithoutText(string? key, string oslo, string ours, string expected) =>
        Assert.Equal(expected, new Differ.Difference(key, oslo, ours).Category);
}
