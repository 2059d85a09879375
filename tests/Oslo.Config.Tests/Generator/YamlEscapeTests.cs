using Oslo.Config.Generator.Formatting;

using Xunit;

namespace Oslo.Config.Tests.Generator;

// Found by the generator differential test: a long run of escaped characters in a double-quoted scalar.
public class YamlEscapeTests
{
    [Fact]
    public void LongEscapedRun_SplitsLikePyYaml()
    {
        // yaml.safe_dump({'help': '\u65e5' * 40}, default_flow_style=False)
        string expected = "help: \"" + string.Concat(Enumerable.Repeat("\\u65E5", 13)) + "\\\n  "
            + string.Concat(Enumerable.Repeat("\\u65E5", 14)) + "\\\n  " + string.Concat(Enumerable.Repeat("\\u65E5", 13)) + "\"\n";
        string actual = YamlWriter.Write(new SortedDictionary<string, object?>(StringComparer.Ordinal) { ["help"] = new string('\u65e5', 40) });
        Assert.Equal(expected, actual.EndsWith('\n') ? actual : actual + "\n");
    }
}
