using Oslo.Config.Generator.Formatting;

using Xunit;

namespace Oslo.Config.Tests.Generator;

public class TextWrapperTests
{
    [Theory]
    [MemberData(nameof(TextWrapperCases.All), MemberType = typeof(TextWrapperCases))]
    public void Wrap_SameInputAsCPython_SameLines(string text, int width, string mode, string[] expected)
    {
        var wrapper = mode == "help" ? TextWrapper.ForHelp(width) : new TextWrapper(width);

        Assert.Equal(expected, wrapper.Wrap(text));
    }

    [Fact]
    public void Split_HyphenatedAndEmDash_ChunksLikeCPythonDocstring()
    {
        // The example of TextWrapper._split's docstring.
        var chunks = new TextWrapper().Split("Look, goof-ball -- use the -b option!");

        Assert.Equal(["Look,", " ", "goof-", "ball", " ", "--", " ", "use", " ", "the", " ", "-b", " ", "option!"], chunks);
    }

    [Fact]
    public void Wrap_ZeroWidth_ThrowsLikeCPython()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TextWrapper(0).Wrap("a b"));
    }

    [Theory]
    [InlineData("a\tb", "a       b")]
    [InlineData("abc\tde\tf", "abc     de      f")]
    [InlineData("ab\n\tc", "ab\n        c")]
    public void ExpandTabs_Columns_MatchStrExpandtabs(string input, string expected)
    {
        Assert.Equal(expected, TextWrapper.ExpandTabsLikePython(input, 8));
    }
}
