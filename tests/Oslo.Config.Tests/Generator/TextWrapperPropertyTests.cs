using CsCheck;

using Oslo.Config.Generator.Formatting;

using Xunit;

namespace Oslo.Config.Tests.Generator;

/// <summary>Invariants of textwrap that hold for any help text, checked on generated texts (bounded to seconds).</summary>
public class TextWrapperPropertyTests
{
    private static readonly Gen<string> s_helpText =
        Gen.Char["abcXY-- .,:'\t"].Array[0, 160].Select(c => new string(c));

    [Fact]
    public void Wrap_AnyText_KeepsEveryNonSpaceCharacterInOrder()
    {
        Gen.Select(s_helpText, Gen.Int[1, 90]).Sample((text, width) =>
        {
            var lines = TextWrapper.ForHelp(width).Wrap(text);

            string kept = string.Concat(lines.Select(l => l[2..])).Replace(" ", "", StringComparison.Ordinal);
            string expected = TextWrapper.ExpandTabsLikePython(text, 8).Replace(" ", "", StringComparison.Ordinal);
            return kept == expected;
        }, time: 2);
    }

    [Fact]
    public void Wrap_AnyText_LinesFitUnlessOneUnbreakableChunk()
    {
        Gen.Select(s_helpText, Gen.Int[3, 90]).Sample((text, width) =>
        {
            var wrapper = TextWrapper.ForHelp(width);
            foreach (string line in wrapper.Wrap(text))
            {
                if (!line.StartsWith("# ", StringComparison.Ordinal))
                {
                    return false;
                }

                // A line may only overflow when it is a single chunk that cannot be broken (break_long_words=False).
                if (line.Length > width && wrapper.Split(line[2..]).Count != 1)
                {
                    return false;
                }

                // drop_whitespace: no line but the first starts with a space after the indent; none ends with one.
                if (line.Length > 2 && line.EndsWith(' '))
                {
                    return false;
                }
            }

            return true;
        }, time: 2);
    }
}
