using System.Runtime.InteropServices;

using Microsoft.Extensions.Logging.Abstractions;

using Oslo.Service.Interop;
using Oslo.Service.Signals;

using Xunit;

namespace Oslo.Service.Tests.Signals;

public sealed class SignalsTests
{
    private const int SigUsr1 = 10;
    private const int SigPipe = 13;

    [Theory]
    [InlineData(PosixSignal.SIGHUP, "SIGHUP", 1)]
    [InlineData(PosixSignal.SIGINT, "SIGINT", 2)]
    [InlineData(PosixSignal.SIGTERM, "SIGTERM", 15)]
    public void SignalNames_MapOsloNamesAndNumbers(PosixSignal signal, string name, int number)
    {
        Assert.Equal(name, SignalNames.ToName(signal));
        Assert.Equal(number, SignalNames.ToNumber(signal));
    }

    [Fact]
    public void IsIgnored_ReadsTheRealDisposition()
    {
        // The .NET runtime ignores SIGPIPE in every process; SIGUSR1 keeps its default.
        Assert.True(SignalDisposition.IsIgnored((PosixSignal)SigPipe));
        Assert.False(SignalDisposition.IsIgnored((PosixSignal)SigUsr1));
    }

    [Fact]
    public async Task PosixSignalSource_RealSignal_IsHandedToTheCallbackAndCancelled()
    {
        var received = new TaskCompletionSource<PosixSignal>(TaskCreationOptions.RunContinuationsAsynchronously);
        var source = new PosixSignalSource(NullLogger.Instance);

        using (source.Subscribe([(PosixSignal)SigUsr1], signal => received.TrySetResult(signal)))
        {
            Assert.Equal(0, Libc.Kill(Environment.ProcessId, SigUsr1));

            Assert.Equal((PosixSignal)SigUsr1, await received.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        }
    }
}
