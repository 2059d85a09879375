using Xunit;

namespace Oslo.Config.Tests.Formatting;

// Python renderings embedded in oslo's messages and logs.
public class PyReprTests
{
    [Theory]
    [InlineData("abc", "'abc'")]
    [InlineData("it's", "\"it's\"")]
    [InlineData("a'b\"c", "'a\\'b\"c'")]
    [InlineData("x\ny\t\\", "'x\\ny\\t\\\\'")]
    [InlineData("", "''")]
    public void Str_LikePythonRepr(string value, string expected) => Assert.Equal(expected, PyRepr.Str(value));

    [Theory]
    [InlineData(1.0, "1")]
    [InlineData(0.5, "0.5")]
    [InlineData(65535.0, "65535")]
    [InlineData(100000.0, "100000")]
    [InlineData(1000000.0, "1e+06")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(0.00001, "1e-05")]
    [InlineData(-3.0, "-3")]
    public void G_LikePercentG(double value, string expected) => Assert.Equal(expected, PyRepr.G(value));

    [Fact]
    public void Display_ValuesLikePythonStr()
    {
        Assert.Equal("None", PyRepr.Display(null));
        Assert.Equal("True", PyRepr.Display(true));
        Assert.Equal("text", PyRepr.Display("text"));
        Assert.Equal("['a', 'b']", PyRepr.Display(new List<string> { "a", "b" }));
        Assert.Equal("[1, None]", PyRepr.Display(new List<int?> { 1, null }));
        Assert.Equal("{'k': 'v'}", PyRepr.Display(new Dictionary<string, string?> { ["k"] = "v" }));
        Assert.Equal("1.0", PyRepr.Display(1.0));
        Assert.Equal("0.1", PyRepr.Display(0.1));
    }

    [Theory]
    [InlineData("a\u00a0b", "'a\\xa0b'")]
    [InlineData("\u200b", "'\\u200b'")]
    [InlineData("\u2028", "'\\u2028'")]
    [InlineData("\U000E0001", "'\\U000e0001'")]
    [InlineData("\u00e9\U0001F642", "'\u00e9\U0001F642'")]
    public void Str_WhatPythonCannotPrint_IsEscapedAsPythonDoes(string value, string expected) =>
        Assert.Equal(expected, PyRepr.Str(value));
}
