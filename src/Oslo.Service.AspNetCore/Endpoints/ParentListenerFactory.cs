using System.Net;
using System.Net.Sockets;

using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Options;

using Oslo.Service.Sockets;

namespace Oslo.Service.AspNetCore;

/// <summary>
/// Kestrel's transport in the parent: for each endpoint Kestrel resolves from its own configuration, bind and listen
/// once (as the socket transport would) and record the socket for the workers to inherit; the listener handed back
/// to Kestrel never accepts, so the parent serves nothing while the kernel queues connections for the workers.
/// </summary>
internal sealed class ParentListenerFactory(IOptions<SocketTransportOptions> options) : IConnectionListenerFactory, IConnectionListenerFactorySelector
{
    /// <summary>The endpoint being bound, for an error line that names it.</summary>
    internal EndPoint? Binding { get; private set; }

    public bool CanBind(EndPoint endpoint) => endpoint is IPEndPoint or UnixDomainSocketEndPoint or FileHandleEndPoint;

    public ValueTask<IConnectionListener> BindAsync(EndPoint endpoint, CancellationToken cancellationToken = default)
    {
        Binding = endpoint;
        Socket socket = InheritedSockets.BindOrInherit(EndpointKeys.For(endpoint), () => Bind(endpoint));
        return ValueTask.FromResult<IConnectionListener>(new IdleListener(socket, endpoint));
    }

    private Socket Bind(EndPoint endpoint)
    {
        if (endpoint is FileHandleEndPoint handle)
        {
            // ListenHandle / systemd's descriptors: already bound and listening, and ours to pass on.
            return new Socket(new SafeSocketHandle((IntPtr)(long)handle.FileHandle, ownsHandle: true));
        }

        Socket socket;
        try
        {
            socket = SocketTransportOptions.CreateDefaultBoundListenSocket(endpoint);
        }
        catch (SocketException exception) when (exception.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            // Kestrel turns this one into "Failed to bind to address …: address already in use." (and tries the
            // next address for localhost), as with its own transport.
            throw new AddressInUseException(exception.Message, exception);
        }

        socket.Listen(options.Value.Backlog);
        return socket;
    }

    /// <summary>A listener over a socket the workers accept from: accepting here waits until Kestrel unbinds.</summary>
    private sealed class IdleListener(Socket socket, EndPoint requested) : IConnectionListener
    {
        private readonly TaskCompletionSource _unbound = new(TaskCreationOptions.RunContinuationsAsynchronously);

        // The bound address (the real port for port 0), which Kestrel logs as "Now listening on: …".
        public EndPoint EndPoint { get; } = socket.LocalEndPoint ?? requested;

        public async ValueTask<ConnectionContext?> AcceptAsync(CancellationToken cancellationToken = default)
        {
            await _unbound.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            return null;
        }

        public ValueTask UnbindAsync(CancellationToken cancellationToken = default)
        {
            _unbound.TrySetResult();
            return ValueTask.CompletedTask;
        }

        public ValueTask DisposeAsync()
        {
            _unbound.TrySetResult();
            return ValueTask.CompletedTask;
        }
    }
}
