using Xunit;

namespace Oslo.Config.Tests.Types;

public class OptConstructionTests
{
    [Fact]
    public void Default_Invalid_ThrowsDefaultValueException()
    {
        var e = Assert.Throws<DefaultValueException>(() => new IntOpt("a", @default: 0, min: 1));
        Assert.Equal("Error processing default value 0 for Opt type of Integer(min=1).", e.Message);
        Assert.Throws<DefaultValueException>(() => new StrOpt("a", @default: "x", choices: ["y"]));
    }

    [Fact]
    public void Default_WithReference_NotValidatedUntilUsed() =>
        Assert.Equal("$port", new StrOpt("a", @default: "$port", choices: ["y"]).Default);

    [Fact]
    public void Name_UnderscorePrefix_Rejected() =>
        Assert.Equal("illegal name _x with prefix _ (Parameter 'name')", Assert.Throws<ArgumentException>(() => new StrOpt("_x")).Message);

    [Fact]
    public void Dest_HyphensBecomeUnderscores()
    {
        var opt = new StrOpt("foo-bar");
        Assert.Equal("foo_bar", opt.Dest);
        Assert.Equal("foo-bar", opt.Name);
    }

    [Fact]
    public void Positional_ImpliesRequired_BoolRejects()
    {
        Assert.True(new StrOpt("a", positional: true).Required);
        Assert.False(new StrOpt("a", positional: true, required: false).Required);
        Assert.Equal("positional boolean args not supported (Parameter 'positional')",
            Assert.Throws<ArgumentException>(() => new BoolOpt("a", positional: true)).Message);
    }

    [Fact]
    public void DeprecatedName_HyphenatedAlsoGetsUnderscoreTwin()
    {
        var opt = new StrOpt("a", deprecatedName: "old-a", deprecatedGroup: "grp");
        Assert.Equal([new DeprecatedOpt("old-a", "grp"), new DeprecatedOpt("old_a", "grp")], opt.DeprecatedOpts);
    }

    [Fact]
    public void TypedDefaults_Exposed()
    {
        Assert.Equal(60, new IntOpt("t", @default: 60).Default);
        Assert.Equal(["a", "b"], new ListOpt("l", @default: ["a", "b"]).Default!);
        Assert.Equal(["x"], new MultiStrOpt("m", @default: new[] { "x" }).Default!);
        Assert.Equal(true, new BoolOpt("b", @default: true).Default);
    }
}
