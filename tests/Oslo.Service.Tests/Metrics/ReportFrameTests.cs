using System.Net;
using System.Net.Sockets;

using Oslo.Service.Metrics;
using Oslo.Service.Supervision;

using Xunit;

namespace Oslo.Service.Tests.Metrics;

/// <summary>The parent's reader of the control channel: one-byte messages and report frames, however the bytes arrive.</summary>
public sealed class ReportFrameTests
{
    [Fact]
    public async Task ProcessWorkerHandle_ReportsAndRequestCountsSplitAcrossWrites_BetweenHeartbeats_ArriveWholeAndInOrder()
    {
        (Socket parent, Socket worker) = await ConnectedPairAsync();
        using (worker)
        {
            var events = new List<string>();
            var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var handle = new ProcessWorkerHandle(0, -1, parent, new TaskCompletionSource<ChildExit>().Task);
            handle.StartReading(
                message => { lock (events) { events.Add(((char)message).ToString()); } },
                payload => { lock (events) { events.Add("T:" + MetricsSnapshot.Parse(payload).Total("requests")); } },
                served => { lock (events) { events.Add("Q:" + served); } },
                () => closed.TrySetResult());

            byte[] payload = new MetricsSnapshot([new MetricPoint("requests", "{request}", "", MetricKind.Counter, [new("k", "tab\there")], 1000, [], [], 0, 0)]).Serialize();
            byte[] frame = [ControlMessage.Report, .. BitConverter.GetBytes(payload.Length), .. payload];
            byte[] requests = [ControlMessage.Requests, .. BitConverter.GetBytes(5_000_000_000L)];
            byte[] stream = [ControlMessage.Heartbeat, .. frame, ControlMessage.Ready, .. requests, .. frame, .. requests];

            // One byte at a time: the length and the payload each arrive in pieces.
            foreach (byte b in stream)
            {
                await worker.SendAsync(new[] { b });
            }

            worker.Shutdown(SocketShutdown.Send);
            await closed.Task.WaitAsync(TimeSpan.FromSeconds(30));

            Assert.Equal(["H", "T:1000", "R", "Q:5000000000", "T:1000", "Q:5000000000"], events);
        }
    }

    private static async Task<(Socket Parent, Socket Worker)> ConnectedPairAsync()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var worker = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        Task<Socket> accepted = listener.AcceptAsync();
        await worker.ConnectAsync(listener.LocalEndPoint!);
        return (await accepted, worker);
    }
}
