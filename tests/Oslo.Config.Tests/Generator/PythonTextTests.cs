using Oslo.Config.Generator.Formatting;

using Xunit;

namespace Oslo.Config.Tests.Generator;

/// <summary>Python's str()/repr()/splitlines(), pinned with values printed by CPython 3.11 (not called by the tests).</summary>
public class PythonTextTests
{
    [Theory]
    [InlineData(0.1, "0.1")]
    [InlineData(0.5, "0.5")]
    [InlineData(1.0, "1.0")]
    [InlineData(3.0, "3.0")]
    [InlineData(1e-05, "1e-05")]
    [InlineData(1.5e-05, "1.5e-05")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(0.00012345, "0.00012345")]
    [InlineData(1e16, "1e+16")]
    [InlineData(1e15, "1000000000000000.0")]
    [InlineData(123456789012345678.0, "1.2345678901234568e+17")]
    [InlineData(2.5e-300, "2.5e-300")]
    [InlineData(1.7976931348623157e308, "1.7976931348623157e+308")]
    [InlineData(-0.25, "-0.25")]
    [InlineData(-1e22, "-1e+22")]
    [InlineData(100.0, "100.0")]
    [InlineData(1234.5678, "1234.5678")]
    [InlineData(5e-324, "5e-324")]
    [InlineData(0.0, "0.0")]
    [InlineData(double.PositiveInfinity, "inf")]
    [InlineData(double.NaN, "nan")]
    public void FloatRepr_Value_MatchesCPython(double value, string expected)
    {
        Assert.Equal(expected, PyRepr.Float(value));
    }

    [Fact]
    public void SplitLines_EveryPythonBoundary_Splits()
    {
        Assert.Equal(["a", "b", "c", "d", "e", "f", "g", "h"], PyRepr.SplitLines("a\nb\r\nc\u000bd\u000ce\u001cf\u0085g\u2028h"));
    }

    [Theory]
    [InlineData("x\n", new[] { "x" })]
    [InlineData("\n", new[] { "" })]
    [InlineData("", new string[0])]
    [InlineData("a\n\nb", new[] { "a", "", "b" })]
    public void SplitLines_Edges_MatchCPython(string text, string[] expected)
    {
        Assert.Equal(expected, PyRepr.SplitLines(text));
    }

    [Fact]
    public void Str_Containers_MatchCPython()
    {
        Assert.Equal("[1, 'a', \"it's\", None, True]", PyRepr.Display(new List<object?> { 1, "a", "it's", null, true }));
        Assert.Equal("{'k': [1, 2]}", PyRepr.Display(new Dictionary<string, int[]> { ["k"] = [1, 2] }));
    }
}
