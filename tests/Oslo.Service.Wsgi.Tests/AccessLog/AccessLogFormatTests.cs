using Oslo.Service.Wsgi.AccessLog;

namespace Oslo.Service.Wsgi.Tests.AccessLog;

/// <summary>Python %-format rendering of wsgi_log_format, against what CPython prints for the same template.</summary>
public sealed class AccessLogFormatTests
{
    private static readonly AccessLogEntry s_entry = new("10.0.0.1", "25/Nov/2026 15:04:29", "GET /v2 HTTP/1.1", 200, 1234, 0.0123456789);

    [Theory]
    // Expected values are CPython's: '%(wall_seconds).7f' % {...} and so on.
    [InlineData("%(client_ip)s \"%(request_line)s\" status: %(status_code)s  len: %(body_length)s time: %(wall_seconds).7f",
        "10.0.0.1 \"GET /v2 HTTP/1.1\" status: 200  len: 1234 time: 0.0123457")]
    [InlineData("%(wall_seconds)s", "0.0123456789")]
    [InlineData("%(status_code)5d|%(status_code)-5d|%(status_code)05d", "  200|200  |00200")]
    [InlineData("%(body_length)x %(body_length)#X %(body_length)o", "4d2 0X4D2 2322")]
    [InlineData("%(wall_seconds).3e", "1.235e-02")]
    [InlineData("%(client_ip)r %(client_ip).4s %(client_ip)12s", "'10.0.0.1' 10.0     10.0.0.1")]
    [InlineData("100%% %(status_code)+d", "100% +200")]
    [InlineData("[%(date_time)s]", "[25/Nov/2026 15:04:29]")]
    public void Render_MatchesPython(string template, string expected) =>
        Assert.Equal(expected, AccessLogFormat.Parse(template).Render(s_entry));

    [Theory]
    [InlineData("%(nope)s", "unknown key 'nope'")]
    [InlineData("%(status_code)", "conversion type")]
    [InlineData("%s", "mapping form")]
    [InlineData("%(status_code", "missing ')'")]
    public void Parse_Malformed_ClearError(string template, string expected) =>
        Assert.Contains(expected, Assert.Throws<FormatException>(() => AccessLogFormat.Parse(template)).Message, StringComparison.Ordinal);

    [Fact]
    public void Render_NumberConversionOfString_Throws() =>
        Assert.Throws<FormatException>(() => AccessLogFormat.Parse("%(client_ip)d").Render(s_entry));
}
