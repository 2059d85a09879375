using Xunit;

using Oslo.Config.Ini;

namespace Oslo.Config.Tests.Ini;

// Ported from oslo_config/tests/test_iniparser.py and the dialect rules of reference section 3.
public class IniParserTests
{
    private static IniDocument Parse(string text) => IniParser.Parse("/etc/t.conf", text);

    private static string Single(IniDocument doc, string section, string key) => Assert.Single(doc.Get(section, key)!).Value;

    [Fact]
    public void Parse_EqualsAndColon_SplitAtFirstSeparator()
    {
        IniDocument doc = Parse("[DEFAULT]\nfoo = bar\nurl = http://h:1/p\ncolon: x=1\nempty =\n");
        Assert.Equal("bar", Single(doc, "DEFAULT", "foo"));
        Assert.Equal("http://h:1/p", Single(doc, "DEFAULT", "url"));
        Assert.Equal("x=1", Single(doc, "DEFAULT", "colon"));
        Assert.Equal("", Single(doc, "DEFAULT", "empty"));
    }

    [Fact]
    public void Parse_Quotes_OnePairStrippedInnerSpacesKept()
    {
        IniDocument doc = Parse("[DEFAULT]\na = \"  spaced  \"\nb = 'single'\nc = \"mismatch'\nd = x # not a comment\n");
        Assert.Equal("  spaced  ", Single(doc, "DEFAULT", "a"));
        Assert.Equal("single", Single(doc, "DEFAULT", "b"));
        Assert.Equal("\"mismatch'", Single(doc, "DEFAULT", "c"));
        Assert.Equal("x # not a comment", Single(doc, "DEFAULT", "d"));
    }

    [Fact]
    public void Parse_ContinuationLines_JoinedWithNewline()
    {
        IniDocument doc = Parse("[DEFAULT]\nfoo = a\n  b\n\t# c\nbar = 1\n");
        Assert.Equal("a\nb\n# c", Single(doc, "DEFAULT", "foo"));
        Assert.Equal("1", Single(doc, "DEFAULT", "bar"));
    }

    [Fact]
    public void Parse_CommentsAtColumnZero_Ignored()
    {
        IniDocument doc = Parse("# comment\n; other\n[DEFAULT]\n#foo = 1\nbar = 2\n");
        Assert.Null(doc.Get("DEFAULT", "foo"));
        Assert.Equal("2", Single(doc, "DEFAULT", "bar"));
    }

    [Fact]
    public void Parse_RepeatedKeysAndSections_Accumulate()
    {
        IniDocument doc = Parse("[DEFAULT]\nm = a\n[grp]\nx = 1\n[DEFAULT]\nm = b\n");
        Assert.Equal(["a", "b"], doc.Get("DEFAULT", "m")!.Select(v => v.Value));
        Assert.Equal([2, 6], doc.Get("DEFAULT", "m")!.Select(v => v.Line));
    }

    [Fact]
    public void Parse_SectionNames_LowercasedExceptDefault()
    {
        IniDocument doc = Parse("[Grp]\na = 1\n[default]\nb = 2\n[DEFAULT]\nc = 3\n");
        Assert.Equal("1", Single(doc, "grp", "a"));
        Assert.Equal("2", Single(doc, "default", "b"));
        Assert.Null(doc.Get("DEFAULT", "b"));
        Assert.Equal(["Grp", "default", "DEFAULT"], doc.SectionNames);
    }

    [Fact]
    public void Parse_Keys_CaseSensitive()
    {
        IniDocument doc = Parse("[DEFAULT]\nFoo = 1\n");
        Assert.Null(doc.Get("DEFAULT", "foo"));
        Assert.NotNull(doc.Get("DEFAULT", "Foo"));
    }

    [Fact]
    public void Parse_CrLfLineEndings_Accepted()
    {
        IniDocument doc = Parse("[DEFAULT]\r\nfoo = 1\r\n  more\r\n");
        Assert.Equal("1\nmore", Single(doc, "DEFAULT", "foo"));
    }

    [Theory]
    [InlineData("[DEFAULT]\nfoo = 1\nthis line has no equals\n", "Failed to parse /etc/t.conf: at /etc/t.conf:3, No ':' or '=' found in assignment: 'this line has no equals'")]
    [InlineData("foo = 1\n", "Failed to parse /etc/t.conf: at /etc/t.conf:1, Section must be started before assignment: None")]
    [InlineData("b: maybe\n\n", "Failed to parse /etc/t.conf: at /etc/t.conf:2, Section must be started before assignment: None")]
    [InlineData("foo: 80\nb: maybe\n", "Failed to parse /etc/t.conf: at /etc/t.conf:2, Section must be started before assignment: None")]
    [InlineData("foo = 1\n  continued\n", "Failed to parse /etc/t.conf: at /etc/t.conf:2, Section must be started before assignment: None")]
    [InlineData("[DEFAULT\nfoo = 1\n", "Failed to parse /etc/t.conf: at /etc/t.conf:1, Invalid section (must end with ]): '[DEFAULT'")]
    [InlineData("[DEFAULT]\nfoo = 1\n\n  cont\n", "Failed to parse /etc/t.conf: at /etc/t.conf:4, Unexpected continuation line: '  cont'")]
    [InlineData("[]\n", "Failed to parse /etc/t.conf: at /etc/t.conf:1, Empty section name: '[]'")]
    [InlineData("[DEFAULT]\n= 1\n", "Failed to parse /etc/t.conf: at /etc/t.conf:2, Key cannot be empty: '= 1'")]
    [InlineData("  indented\n", "Failed to parse /etc/t.conf: at /etc/t.conf:1, Unexpected continuation line: '  indented'")]
    public void Parse_Malformed_ThrowsWithFileAndLine(string text, string message)
    {
        var e = Assert.Throws<ConfigFileParseException>(() => Parse(text));
        Assert.Equal(message, e.Message);
    }
}
