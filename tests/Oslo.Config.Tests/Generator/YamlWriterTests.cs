using Oslo.Config.Generator.Formatting;

using Xunit;

namespace Oslo.Config.Tests.Generator;

/// <summary>The YAML emitter against PyYAML's safe_dump(default_flow_style=False) output for tricky scalars.</summary>
public class YamlWriterTests
{
    [Fact]
    public void Write_TrickyScalars_SameAsPyYaml()
    {
        var data = new Dictionary<string, object?>
        {
            ["plain"] = "simple words",
            ["colon"] = "a: b",
            ["hash"] = "a #b",
            ["lead"] = " lead",
            ["trail"] = "trail ",
            ["empty"] = "",
            ["num"] = "123",
            ["flt"] = "1.5",
            ["bool"] = "yes",
            ["null"] = "null",
            ["tilde"] = "~",
            ["date"] = "2024-01-02",
            ["dash"] = "- x",
            ["dashword"] = "-x",
            ["quote"] = "it's",
            ["dq"] = "say \"hi\"",
            ["uni"] = "caf\u00e9",
            ["tab"] = "a\tb",
            ["nl"] = "line1\nline2",
            ["nlsp"] = "a \nb",
            ["brsp"] = "a\n b",
            ["long_plain"] = "word0 word1 word2 word3 word4 word5 word6 word7 word8 word9 word10 word11 word12 word13 word14 word15 word16 word17 word18 word19 word20 word21 word22 word23 word24 word25 word26 word27 word28 word29",
            ["long_quoted"] = "it's w0 w1 w2 w3 w4 w5 w6 w7 w8 w9 w10 w11 w12 w13 w14 w15 w16 w17 w18 w19 w20 w21 w22 w23 w24 w25 w26 w27 w28 w29 w30 w31 w32 w33 w34 w35 w36 w37 w38 w39",
            ["long_uni"] = "caf\u00e9 w0 w1 w2 w3 w4 w5 w6 w7 w8 w9 w10 w11 w12 w13 w14 w15 w16 w17 w18 w19 w20 w21 w22 w23 w24 w25 w26 w27 w28 w29 w30 w31 w32 w33 w34 w35 w36 w37 w38 w39",
            ["long_nl"] = "first line\n\nsecond x0 x1 x2 x3 x4 x5 x6 x7 x8 x9 x10 x11 x12 x13 x14 x15 x16 x17 x18 x19 x20 x21 x22 x23 x24 x25 x26 x27 x28 x29",
            ["1"] = "key is int-like",
            ["list"] = new List<object?> { 1, 2.5, 1e-07, null, true, "x", new List<object?> { }, new Dictionary<string, object?> { } },
            ["nested"] = new List<object?> { new List<object?> { "a", "b" }, new Dictionary<string, object?> { ["k"] = "v", ["j"] = new List<object?> { 1 } } },
            ["percent"] = "%(x)s",
            ["star"] = "*x",
            ["amp"] = "&x",
            ["q"] = "?x",
            ["qs"] = "? x",
            ["col"] = ":x",
            ["cols"] = ": x",
            ["ipv6"] = "::1",
            ["url"] = "http://a:1/b",
        };

        // Printed once by PyYAML 6 (Debian python3-yaml): yaml.safe_dump(data, default_flow_style=False).
        const string expected = """
            '1': key is int-like
            amp: '&x'
            bool: 'yes'
            brsp: "a\n b"
            col: :x
            colon: 'a: b'
            cols: ': x'
            dash: '- x'
            dashword: -x
            date: '2024-01-02'
            dq: say "hi"
            empty: ''
            flt: '1.5'
            hash: 'a #b'
            ipv6: ::1
            lead: ' lead'
            list:
            - 1
            - 2.5
            - 1.0e-07
            - null
            - true
            - x
            - []
            - {}
            long_nl: 'first line


              second x0 x1 x2 x3 x4 x5 x6 x7 x8 x9 x10 x11 x12 x13 x14 x15 x16 x17 x18 x19 x20
              x21 x22 x23 x24 x25 x26 x27 x28 x29'
            long_plain: word0 word1 word2 word3 word4 word5 word6 word7 word8 word9 word10 word11
              word12 word13 word14 word15 word16 word17 word18 word19 word20 word21 word22 word23
              word24 word25 word26 word27 word28 word29
            long_quoted: it's w0 w1 w2 w3 w4 w5 w6 w7 w8 w9 w10 w11 w12 w13 w14 w15 w16 w17 w18
              w19 w20 w21 w22 w23 w24 w25 w26 w27 w28 w29 w30 w31 w32 w33 w34 w35 w36 w37 w38
              w39
            long_uni: "caf\xE9 w0 w1 w2 w3 w4 w5 w6 w7 w8 w9 w10 w11 w12 w13 w14 w15 w16 w17 w18\
              \ w19 w20 w21 w22 w23 w24 w25 w26 w27 w28 w29 w30 w31 w32 w33 w34 w35 w36 w37 w38\
              \ w39"
            nested:
            - - a
              - b
            - j:
              - 1
              k: v
            nl: 'line1

              line2'
            nlsp: "a \nb"
            'null': 'null'
            num: '123'
            percent: '%(x)s'
            plain: simple words
            q: ?x
            qs: '? x'
            quote: it's
            star: '*x'
            tab: "a\tb"
            tilde: '~'
            trail: 'trail '
            uni: "caf\xE9"
            url: http://a:1/b
            """;

        Assert.Equal(expected.ReplaceLineEndings("\n") + "\n", YamlWriter.Write(data));
    }
}
