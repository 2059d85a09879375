using Oslo.Service.Backdoor.Binding;

namespace Oslo.Service.Backdoor.Tests.Binding;

public sealed class BackdoorPortRangeTests
{
    [Theory]
    [InlineData("0", 0, 0)]
    [InlineData("8800", 8800, 8800)]
    [InlineData("8800:8801", 8800, 8801)]
    [InlineData(" 8800:8800 ", 8800, 8800)]
    public void Parse_AcceptedForms(string value, int start, int end) =>
        Assert.Equal(new BackdoorPortRange(start, end), BackdoorPortRange.Parse(value));

    [Theory]
    [InlineData("abc")]
    [InlineData("8801:8800")]
    [InlineData("-1")]
    [InlineData("65536")]
    [InlineData("0:10")]
    [InlineData("1:")]
    [InlineData("")]
    public void Parse_Invalid_ThrowsNamingOptionAndValue(string value)
    {
        BackdoorConfigValueException error = Assert.Throws<BackdoorConfigValueException>(() => BackdoorPortRange.Parse(value));
        Assert.Equal("backdoor_port", error.Option);
        Assert.Equal(value, error.Value);
        Assert.Contains($"Invalid value '{value}' for option [DEFAULT] backdoor_port: ", error.Message, StringComparison.Ordinal);
        Assert.EndsWith(BackdoorConfigValueException.AcceptedForms, error.Message, StringComparison.Ordinal);
    }
}
