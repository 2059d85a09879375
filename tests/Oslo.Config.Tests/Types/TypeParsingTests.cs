using Xunit;

namespace Oslo.Config.Tests.Types;

// Ported from oslo_config/tests/test_types.py: accepted spellings, limits and the exact error texts.
public class TypeParsingTests
{
    private static string Error(IConfigType type, string value) =>
        Assert.Throws<ConfigValueException>(() => type.Parse(value)).Message;

    [Theory]
    [InlineData("true", true)]
    [InlineData("TRUE", true)]
    [InlineData("1", true)]
    [InlineData("on", true)]
    [InlineData("Yes", true)]
    [InlineData("false", false)]
    [InlineData("0", false)]
    [InlineData("OFF", false)]
    [InlineData("no", false)]
    public void Boolean_OsloSpellings_Accepted(string text, bool expected) =>
        Assert.Equal(expected, new BooleanType().ParseValue(text));

    [Fact]
    public void Boolean_Other_Rejected() =>
        Assert.Equal("Unexpected boolean value 'maybe'", Error(new BooleanType(), "maybe"));

    [Fact]
    public void String_Choices_ReturnsInputSpellingAndRejectsOthers()
    {
        var type = new StringType(choices: ["foo", "bar"], ignoreCase: true);
        Assert.Equal("FOO", type.ParseValue("FOO"));
        Assert.Equal("Valid values are [foo, bar], but found 'baz'", Error(type, "baz"));
        Assert.Equal("Valid values are [foo, bar], but found 'Foo'", Error(new StringType(choices: ["foo", "bar"]), "Foo"));
    }

    [Fact]
    public void String_Quotes_StrippedOrReported()
    {
        var type = new StringType(quotes: true);
        Assert.Equal("a b", type.ParseValue("\"a b\""));
        Assert.Equal("x", type.ParseValue("'x'"));
        Assert.Equal("Non-closed quote: \"abc", Error(type, "\"abc"));
    }

    [Fact]
    public void String_RegexAndMaxLength_Checked()
    {
        Assert.Equal("Value 'xyz' doesn't match regex '^a'", Error(new StringType(regex: "^a"), "xyz"));
        Assert.Equal("abc", new StringType(regex: "b").ParseValue("abc"));
        Assert.Equal("Value 'abcd' exceeds maximum length 3", Error(new StringType(maxLength: 3), "abcd"));
    }

    [Fact]
    public void Integer_Spaces_Empty_AndBadLiterals()
    {
        var type = new IntegerType();
        Assert.Equal(42, type.ParseValue(" 42 "));
        Assert.Equal(3, type.ParseValue("+3"));
        Assert.Null(type.ParseValue(""));
        Assert.Null(type.ParseValue("   "));
        Assert.Equal("invalid literal for int() with base 10: '5.0'", Error(type, "5.0"));
        Assert.Equal("invalid literal for int() with base 10: '0x10'", Error(type, "0x10"));
    }

    [Fact]
    public void Integer_MinMax_OsloMessages()
    {
        var type = new IntegerType(min: 1, max: 20);
        Assert.Equal("Should be greater than or equal to 1", Error(type, "0"));
        Assert.Equal("Should be less than or equal to 20", Error(type, "21"));
        Assert.Equal("Should be less than or equal to 1e+06", Error(new IntegerType(max: 1000000), "1000001"));
    }

    [Fact]
    public void Integer_Choices_ListNotOrderedDictRepr() =>
        Assert.Equal("Valid values are [1, 2], but found 3", Error(new IntegerType(choices: [1, 2]), "3"));

    [Fact]
    public void Integer_BadConstruction_Rejected()
    {
        Assert.Throws<ArgumentException>(() => new IntegerType(min: 5, max: 1));
        Assert.Throws<ArgumentException>(() => new IntegerType(min: 1, max: 3, choices: [5]));
    }

    [Fact]
    public void Port_Bounds_AndRepr()
    {
        var type = new PortType();
        Assert.Equal(65535, type.ParseValue("65535"));
        Assert.Equal("Should be less than or equal to 65535", Error(type, "65536"));
        Assert.Equal("Should be greater than or equal to 0", Error(type, "-1"));
        Assert.Equal("Port(min=0, max=65535)", type.ToString());
        Assert.Throws<ArgumentException>(() => new PortType(min: -1));
        Assert.Throws<ArgumentException>(() => new PortType(max: 70000));
    }

    [Fact]
    public void Float_Parses_InvariantCulture()
    {
        var type = new FloatType(min: 0.5);
        Assert.Equal(1000.0, type.ParseValue("1e3"));
        Assert.Equal(2.5, type.ParseValue(" 2.5 "));
        Assert.True(double.IsNaN(type.ParseValue("nan")!.Value));
        Assert.Equal("could not convert string to float: 'x'", Error(type, "x"));
        Assert.Equal("Should be greater than or equal to 0.5", Error(type, "0.1"));
    }

    [Fact]
    public void List_SplitsTrimsAndAllowsTrailingComma()
    {
        var type = new ListType<string?>();
        Assert.Equal(["a", "b", "c"], type.ParseValue(" a , b,c,")!);
        Assert.Empty(type.ParseValue("")!);
        Assert.Equal(["a", "b"], new ListType<string?>(bounds: true).ParseValue("[a,b]")!);
        Assert.Equal("Value should start with \"[\"", Error(new ListType<string?>(bounds: true), "a,b]"));
        Assert.Equal("Value should end with \"]\"", Error(new ListType<string?>(bounds: true), "[a,b"));
    }

    [Fact]
    public void List_ItemType_ConvertsAndRejoinsFailedItems()
    {
        Assert.Equal([1, 2], new ListType<int?>(new IntegerType()).ParseValue("1, 2")!);
        Assert.Equal("invalid literal for int() with base 10: 'x'", Error(new ListType<int?>(new IntegerType()), "1,x"));

        // 'a,b' is retried as one item when 'a' alone does not convert.
        var joined = new ListType<string?>(new StringType(choices: ["a,b", "c"]));
        Assert.Equal(["a,b", "c"], joined.ParseValue("a,b,c")!);
    }

    [Fact]
    public void Dict_PairsAndErrors()
    {
        var type = new DictType();
        IReadOnlyDictionary<string, string?> value = type.ParseValue("a:1, b : x:y")!;
        Assert.Equal("1", value["a"]);
        Assert.Equal("x:y", value["b"]);
        Assert.Empty(type.ParseValue("")!);
        Assert.Equal("Value should be NAME:VALUE pairs separated by \",\"", Error(type, "a"));
        Assert.Equal("Key name should not be empty", Error(type, ":1"));
        Assert.Equal("Duplicate key a", Error(type, "a:1,a:2"));
        Assert.Equal("Value should start with \"{\"", Error(new DictType(bounds: true), "a:1"));
    }

    [Fact]
    public void IPAddress_StrictValidation()
    {
        var any = new IPAddressType();
        Assert.Equal("127.0.0.1", any.ParseValue("127.0.0.1"));
        Assert.Equal("::1", any.ParseValue("::1"));
        Assert.Equal("127.1 is not IPv4 or IPv6 address", Error(any, "127.1"));
        Assert.Equal("01.2.3.4 is not IPv4 or IPv6 address", Error(any, "01.2.3.4"));
        Assert.Equal("IP address cannot be an empty string", Error(any, ""));
        Assert.Equal("::1 is not an IPv4 address", Error(new IPAddressType(4), "::1"));
        Assert.Equal("1.2.3.4 is not an IPv6 address", Error(new IPAddressType(6), "1.2.3.4"));
    }

    [Fact]
    public void Hostname_Rules()
    {
        var type = new HostnameType();
        Assert.Equal("example.com", type.ParseValue("example.com."));
        Assert.Equal("foo-bar", type.ParseValue("foo-bar"));
        Assert.Equal("foo_bar is an invalid hostname", Error(type, "foo_bar"));
        Assert.Equal("-foo is an invalid hostname", Error(type, "-foo"));
        Assert.Equal("1.2.3 contains no non-numeric characters in the top-level domain part of the host name and is invalid", Error(type, "1.2.3"));
        Assert.Equal(new string('a', 64) + " is an invalid hostname", Error(type, new string('a', 64)));
    }

    [Fact]
    public void HostAddress_AndHostDomain()
    {
        Assert.Equal("300.1.1.1 is not a valid host address", Error(new HostAddressType(), "300.1.1.1"));
        Assert.Equal("host.example", new HostAddressType().ParseValue("host.example"));
        Assert.Equal("10.0.0.1", new HostAddressType(4).ParseValue("10.0.0.1"));
        Assert.Equal("foo_bar.example", new HostDomainType().ParseValue("foo_bar.example"));
        Assert.Equal("foo_bar is not a valid host address", Error(new HostAddressType(), "foo_bar"));
    }

    [Fact]
    public void Uri_SchemeHostSchemesAndLength()
    {
        Assert.Equal("http://example.com/x", new UriType().ParseValue("http://example.com/x"));
        Assert.Equal("example.com is not a valid URI: host, scheme were required but missing", Error(new UriType(), "example.com"));
        Assert.Equal("URI scheme 'ftp' not in ['http', 'https']", Error(new UriType(schemes: ["http", "https"]), "ftp://h/"));
        Assert.Equal("Value 'http://h/abc' exceeds maximum length 5", Error(new UriType(maxLength: 5), "http://h/abc"));
    }

    [Fact]
    public void TypeNames_MatchTheSampleGenerator()
    {
        Assert.Equal("string value", new StrOpt("a").Type.TypeName);
        Assert.Equal("boolean value", new BoolOpt("a").Type.TypeName);
        Assert.Equal("integer value", new IntOpt("a").Type.TypeName);
        Assert.Equal("floating point value", new FloatOpt("a").Type.TypeName);
        Assert.Equal("port value", new PortOpt("a").Type.TypeName);
        Assert.Equal("list value", new ListOpt("a").Type.TypeName);
        Assert.Equal("dict value", new DictOpt("a").Type.TypeName);
        Assert.Equal("multi valued", new MultiStrOpt("a").Type.TypeName);
        Assert.Equal("IP address value", new IPOpt("a").Type.TypeName);
        Assert.Equal("hostname value", new HostnameOpt("a").Type.TypeName);
        Assert.Equal("host address value", new HostAddressOpt("a").Type.TypeName);
        Assert.Equal("host domain value", new HostDomainOpt("a").Type.TypeName);
        Assert.Equal("uri value", new URIOpt("a").Type.TypeName);
        Assert.Equal("integer value", new MultiOpt<int?>("a", itemType: new IntegerType()).Type.TypeName);
    }
}
