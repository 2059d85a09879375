using Oslo.Service.Supervision;

using Xunit;

namespace Oslo.Service.Tests.Supervision;

public sealed class ChildExitTests
{
    [Theory]
    [InlineData(0x0000, 0)]
    [InlineData(0x0300, 3)]
    [InlineData(0x8900, 137)]
    [InlineData(0x8f00, 143)]
    public void FromWaitStatus_Exited_ExitCodeAndNoSignal(int status, int exitCode)
    {
        ChildExit exit = ChildExit.FromWaitStatus(status);

        Assert.Equal(exitCode, exit.ExitCode);
        Assert.Null(exit.Signal);
        Assert.False(exit.Killed);
        Assert.Equal($"exited with status {exitCode}", exit.ToString());
    }

    [Theory]
    [InlineData(0x0009, 9)]
    [InlineData(0x000f, 15)]
    [InlineData(0x008b, 11)] // SIGSEGV with a core dump (0x80)
    public void FromWaitStatus_Killed_SignalAndNoExitCode(int status, int signal)
    {
        ChildExit exit = ChildExit.FromWaitStatus(status);

        Assert.Equal(signal, exit.Signal);
        Assert.Null(exit.ExitCode);
        Assert.True(exit.Killed);
        Assert.Equal($"killed by signal {signal}", exit.ToString());
    }
}
