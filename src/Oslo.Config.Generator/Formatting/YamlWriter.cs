using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Oslo.Config.Generator.Formatting;

/// <summary>
/// PyYAML's <c>safe_dump(data, default_flow_style=False)</c> for the tree of <c>--format yaml</c>: block style,
/// sorted keys, sequences not indented under their key, <c>{}</c>/<c>[]</c> for empty containers, and PyYAML's scalar
/// emitter (plain, single- or double-quoted by its analysis and implicit resolvers; lines folded after column 80),
/// so that the output matches oslo's byte for byte.
/// </summary>
internal sealed partial class YamlWriter
{
    private const int BestWidth = 80;

    private static readonly Dictionary<char, string> s_escapes = new()
    {
        ['\0'] = "0",
        ['\a'] = "a",
        ['\b'] = "b",
        ['\t'] = "t",
        ['\n'] = "n",
        ['\v'] = "v",
        ['\f'] = "f",
        ['\r'] = "r",
        ['\u001b'] = "e",
        ['"'] = "\"",
        ['\\'] = "\\",
        ['\u0085'] = "N",
        ['\u00a0'] = "_",
        ['\u2028'] = "L",
        ['\u2029'] = "P",
    };

    private readonly StringBuilder _output = new();
    private int _column;

    // PyYAML's "whitespace" flag: the last character written was whitespace, so an indicator needs no space.
    private bool _whitespace = true;

    // SafeResolver's implicit resolvers: a plain scalar matching one of these would not read back as a string.
    [GeneratedRegex("""
        ^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$
        |^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$
        |^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$
        |^(?:<<)$
        |^(?:~|null|Null|NULL|)$
        |^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[\ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[\ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$
        |^(?:=)$
        |^(?:!|&|\*)$
        """, RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant)]
    private static partial Regex ImplicitNonString();

    public static string Write(object? value)
    {
        var writer = new YamlWriter();
        writer.WriteNode(value, 0);
        return writer._output.ToString();
    }

    private void WriteNode(object? value, int indent)
    {
        if (value is IDictionary map && map.Count > 0)
        {
            WriteMap(map, indent, firstKeyInline: false);
        }
        else if (value is IEnumerable sequence and not string && !IsEmpty(sequence))
        {
            WriteSequence(sequence, indent);
        }
        else
        {
            WriteScalar(value, indent, needSpace: false, simpleKey: false);
            LineBreak();
        }
    }

    private void WriteMap(IDictionary map, int indent, bool firstKeyInline)
    {
        var entries = new List<(string Key, object? Value)>();
        foreach (DictionaryEntry entry in map)
        {
            entries.Add((PyRepr.Display(entry.Key), entry.Value));
        }

        bool first = true;
        foreach (var (key, item) in entries.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            // The first key of a map inside a sequence item shares the "- " line.
            if (!(first && firstKeyInline))
            {
                Pad(indent);
            }

            first = false;
            WriteScalar(key, indent, needSpace: false, simpleKey: true);
            Write(":", whitespace: false);
            if (item is IDictionary child && child.Count > 0)
            {
                LineBreak();
                WriteMap(child, indent + 2, firstKeyInline: false);
            }
            else if (item is IEnumerable list and not string && !IsEmpty(list))
            {
                LineBreak();
                WriteSequence(list, indent);
            }
            else
            {
                WriteScalar(item, indent + 2, needSpace: true, simpleKey: false);
                LineBreak();
            }
        }
    }

    private void WriteSequence(IEnumerable sequence, int indent)
    {
        bool firstInline = _column > 0;
        foreach (object? item in sequence)
        {
            if (!firstInline)
            {
                Pad(indent);
            }

            firstInline = false;
            Write("- ", whitespace: true);
            if (item is IDictionary child && child.Count > 0)
            {
                WriteMap(child, indent + 2, firstKeyInline: true);
            }
            else if (item is IEnumerable list and not string && !IsEmpty(list))
            {
                // A nested sequence starts on the dash line, as PyYAML writes "- - a".
                WriteSequence(list, indent + 2);
            }
            else
            {
                WriteScalar(item, indent + 2, needSpace: false, simpleKey: false);
                LineBreak();
            }
        }
    }

    private void WriteScalar(object? value, int indent, bool needSpace, bool simpleKey)
    {
        string? text = value switch
        {
            null => "null",
            bool b => b ? "true" : "false",
            double d => FloatText(d),
            float f => FloatText(f),
            IDictionary => "{}",
            IEnumerable and not string => "[]",
            string => null,
            IFormattable n => n.ToString(null, CultureInfo.InvariantCulture),
            _ => null,
        };

        if (text is not null)
        {
            // Non-string scalars are plain.
            WritePlain(text, indent, needSpace, split: false);
            return;
        }

        string s = value as string ?? value!.ToString() ?? "";
        var analysis = Analyze(s);
        bool implicitString = !ImplicitNonString().IsMatch(s);
        if (implicitString && !(simpleKey && (analysis.Empty || analysis.Multiline)) && analysis.AllowBlockPlain)
        {
            WritePlain(s, indent, needSpace, split: !simpleKey);
        }
        else if (analysis.AllowSingleQuoted && !(simpleKey && analysis.Multiline))
        {
            WriteSingleQuoted(s, indent, needSpace, split: !simpleKey);
        }
        else
        {
            WriteDoubleQuoted(s, indent, needSpace, split: !simpleKey);
        }
    }

    private static string FloatText(double d)
    {
        if (double.IsNaN(d))
        {
            return ".nan";
        }

        if (double.IsInfinity(d))
        {
            return d > 0 ? ".inf" : "-.inf";
        }

        // PyYAML: repr(data).lower(), with ".0" added before an exponent that has no dot (1e-05 -> 1.0e-05).
        string value = PyRepr.Float(d).ToLowerInvariant();
        int e = value.IndexOf('e', StringComparison.Ordinal);
        return e >= 0 && !value.Contains('.', StringComparison.Ordinal) ? value[..e] + ".0" + value[e..] : value;
    }

    private void WritePlain(string text, int indent, bool needSpace, bool split)
    {
        if (text.Length == 0)
        {
            return;
        }

        if (needSpace && !_whitespace)
        {
            Write(" ", whitespace: true);
        }

        bool spaces = false;
        int start = 0;
        for (int end = 0; end <= text.Length; end++)
        {
            char? ch = end < text.Length ? text[end] : null;
            if (spaces)
            {
                if (ch != ' ')
                {
                    if (start + 1 == end && _column > BestWidth && split)
                    {
                        WriteIndent(indent);
                    }
                    else
                    {
                        Write(text[start..end], whitespace: false);
                    }

                    start = end;
                }
            }
            else if (ch is null or ' ')
            {
                Write(text[start..end], whitespace: false);
                start = end;
            }

            if (ch is not null)
            {
                spaces = ch == ' ';
            }
        }

        _whitespace = false;
    }

    private void WriteSingleQuoted(string text, int indent, bool needSpace, bool split)
    {
        Write(needSpace && !_whitespace ? " '" : "'", whitespace: false);
        bool spaces = false;
        bool breaks = false;
        int start = 0;
        for (int end = 0; end <= text.Length; end++)
        {
            char? ch = end < text.Length ? text[end] : null;
            if (spaces)
            {
                if (ch is null || ch != ' ')
                {
                    if (start + 1 == end && _column > BestWidth && split && start != 0 && end != text.Length)
                    {
                        WriteIndent(indent);
                    }
                    else
                    {
                        Write(text[start..end], whitespace: false);
                    }

                    start = end;
                }
            }
            else if (breaks)
            {
                if (ch is null || !IsBreak(ch.Value))
                {
                    if (text[start] == '\n')
                    {
                        LineBreak();
                    }

                    for (int i = start; i < end; i++)
                    {
                        LineBreak();
                    }

                    WriteIndent(indent);
                    start = end;
                }
            }
            else if (ch is null or ' ' or '\'' || IsBreak(ch.Value))
            {
                if (start < end)
                {
                    Write(text[start..end], whitespace: false);
                    start = end;
                }
            }

            if (ch == '\'')
            {
                Write("''", whitespace: false);
                start = end + 1;
            }

            if (ch is not null)
            {
                spaces = ch == ' ';
                breaks = IsBreak(ch.Value);
            }
        }

        Write("'", whitespace: false);
    }

    private void WriteDoubleQuoted(string text, int indent, bool needSpace, bool split)
    {
        Write(needSpace && !_whitespace ? " \"" : "\"", whitespace: false);
        int start = 0;
        for (int end = 0; end <= text.Length; end++)
        {
            char? ch = end < text.Length ? text[end] : null;
            if (ch is null || ch is '"' or '\\' or '\u0085' or '\u2028' or '\u2029' or '\ufeff' || ch < ' ' || ch > '~')
            {
                if (start < end)
                {
                    Write(text[start..end], whitespace: false);
                    start = end;
                }

                if (ch is { } c)
                {
                    string escaped = s_escapes.TryGetValue(c, out string? short_)
                        ? "\\" + short_
                        : c <= '\u00ff' ? $"\\x{(int)c:X2}" : $"\\u{(int)c:X4}";
                    Write(escaped, whitespace: false);
                    start = end + 1;
                }
            }

            if (end > 0 && end < text.Length - 1 && (ch == ' ' || start >= end) && _column + (end - start) > BestWidth && split)
            {
                // Python's text[start:end] is '' when an escape just moved start past end.
                string data = (start < end ? text[start..end] : "") + "\\";
                if (start < end)
                {
                    start = end;
                }

                Write(data, whitespace: false);
                WriteIndent(indent);
                if (text[start] == ' ')
                {
                    Write("\\", whitespace: false);
                }
            }
        }

        Write("\"", whitespace: false);
    }

    private void Write(string text, bool whitespace)
    {
        _output.Append(text);
        _column += text.Length;
        _whitespace = whitespace;
    }

    private void LineBreak()
    {
        _output.Append('\n');
        _column = 0;
        _whitespace = true;
    }

    private void Pad(int indent)
    {
        if (_column < indent)
        {
            _output.Append(' ', indent - _column);
            _column = indent;
        }
    }

    /// <summary>PyYAML's write_indent inside a scalar: a new line (unless at its start), then the indentation.</summary>
    private void WriteIndent(int indent)
    {
        if (_column > 0)
        {
            LineBreak();
        }

        Pad(indent);
        _whitespace = true;
    }

    private static bool IsBreak(char c) => c is '\n' or '\u0085' or '\u2028' or '\u2029';

    private static bool IsEmpty(IEnumerable sequence) => !sequence.GetEnumerator().MoveNext();
}
