using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

using Oslo.Config;
using Oslo.Service.Launching;
using Oslo.Service.Sockets;
using Oslo.Service.Supervision;

namespace Oslo.Service.WorkerHost;

/// <summary>
/// A TCP server on 127.0.0.1 whose listening socket is bound once in the parent (in the constructor, as oslo's wsgi
/// Server does) and inherited by every worker; each connection is answered with the worker's pid.
/// </summary>
internal sealed class TcpEchoService : ServiceBase
{
    private readonly Socket _listener;
    private readonly int _index;
    private readonly CancellationTokenSource _stop = new();
    private Task _accepting = Task.CompletedTask;

    public TcpEchoService(ConfigOpts conf, int port, int index)
    {
        _ = conf;
        _index = index;
        _listener = InheritedSockets.BindOrInherit("workerhost-tcp", () =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
            socket.Listen(512);
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"parent-bound port={((IPEndPoint)socket.LocalEndPoint!).Port} pid={Environment.ProcessId}"));
            return socket;
        });
    }

    public override Task StartAsync(CancellationToken cancellationToken = default)
    {
        _accepting = AcceptAsync(_stop.Token);
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"worker-ready svc={_index} id={WorkerContext.Current?.WorkerId ?? -1} pid={Environment.ProcessId} port={((IPEndPoint)_listener.LocalEndPoint!).Port}"));
        return Task.CompletedTask;
    }

    public override async Task StopAsync(bool graceful = true, CancellationToken cancellationToken = default)
    {
        await _stop.CancelAsync();
        await _accepting.ConfigureAwait(false);
    }

    public override Task WaitAsync(CancellationToken cancellationToken = default) => _accepting.WaitAsync(cancellationToken);

    public override Task ResetAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    private async Task AcceptAsync(CancellationToken cancellationToken)
    {
        byte[] reply = Encoding.ASCII.GetBytes(Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n");
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            using (client)
            {
                try
                {
                    await client.SendAsync(reply, SocketFlags.None, CancellationToken.None);
                    client.Shutdown(SocketShutdown.Both);
                }
                catch (SocketException)
                {
                    // The client went away.
                }
            }
        }
    }
}
