using Oslo.Service.Backdoor.Commands;

namespace Oslo.Service.Backdoor.Tests.Commands;

/// <summary>The "last"/"next" column of the console's <c>periodic</c> listing.</summary>
public sealed class ConsoleCommandsWhenTests
{
    private static readonly DateTimeOffset s_now = new(2026, 12, 6, 23, 5, 50, 500, TimeSpan.Zero);

    [Theory]
    [InlineData(-0.04, "23:05:50 (+0.0 s)")] // ran 40 ms ago: printed "(-+0.0 s)" before the fix
    [InlineData(-0.001, "23:05:50 (+0.0 s)")]
    [InlineData(0.0, "23:05:50 (+0.0 s)")]
    [InlineData(0.04, "23:05:50 (+0.0 s)")]
    [InlineData(-0.06, "23:05:50 (-0.1 s)")]
    [InlineData(1.5, "23:05:52 (+1.5 s)")]
    [InlineData(-12.34, "23:05:38 (-12.3 s)")]
    [InlineData(3600.0, "00:05:50 (+3600.0 s)")]
    public void When_SignedSecondsFromNow_NeverBothSigns(double seconds, string expected) =>
        Assert.Equal(expected, ConsoleCommands.When(s_now + TimeSpan.FromSeconds(seconds), s_now));

    [Fact]
    public void When_Never_ForNull() => Assert.Equal("never", ConsoleCommands.When(null, s_now));
}
