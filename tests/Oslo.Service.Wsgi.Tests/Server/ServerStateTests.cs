namespace Oslo.Service.Wsgi.Tests.Server;

/// <summary>The per-worker connection count behind the connection limit.</summary>
public sealed class ServerStateTests
{
    [Fact]
    public void TryConnectionOpened_UpToTheLimit_ThenRefused_UntilOneCloses()
    {
        using var state = new ServerState(poolSize: 2);
        for (int i = 0; i < 20; i++)
        {
            Assert.True(state.TryConnectionOpened(20));
        }

        Assert.False(state.TryConnectionOpened(20));
        Assert.Equal(20, state.Connections);

        state.ConnectionClosed();
        Assert.True(state.TryConnectionOpened(20));
        Assert.Equal(20, state.Connections);
    }

    [Fact]
    public void TryConnectionOpened_ManyArrivingTogether_ExactlyTheLimitAdmitted()
    {
        // Connections whose middleware runs at the same moment on the thread pool: the count never passes the limit,
        // which a check of the count followed by an increment allowed.
        for (int round = 0; round < 50; round++)
        {
            using var state = new ServerState(poolSize: 2);
            int admitted = 0;
            // Eight threads of their own, not pool work items: the barrier needs all eight running at once, which the
            // pool on a 2-core machine gives only after its slow starvation injection.
            using var start = new Barrier(8);
            Thread[] threads = [.. Enumerable.Range(0, 8).Select(_ => new Thread(() =>
            {
                start.SignalAndWait();
                for (int i = 0; i < 10; i++)
                {
                    if (state.TryConnectionOpened(20))
                    {
                        Interlocked.Increment(ref admitted);
                    }
                }
            }))];
            foreach (Thread thread in threads)
            {
                thread.Start();
            }

            foreach (Thread thread in threads)
            {
                thread.Join();
            }

            Assert.Equal(20, admitted);
            Assert.Equal(20, state.Connections);
        }
    }
}
