using System.Net;

using Microsoft.AspNetCore.Connections;

namespace Oslo.Service.Wsgi;

/// <summary>
/// Kestrel's socket transport with one addition: <see cref="StopAcceptingAsync"/> closes this process's listener
/// (its duplicate of the shared socket) without touching the connections already open. Kestrel's own stop does
/// both at once and closes idle keep-alive connections at the same moment, which loses a request a client is
/// sending on one of them; stopping the accepts first lets those connections finish with <c>Connection: close</c>.
/// </summary>
internal sealed class DrainableListenerFactory(IConnectionListenerFactory inner) : IConnectionListenerFactory
{
    private readonly List<IConnectionListener> _listeners = [];

    public async ValueTask<IConnectionListener> BindAsync(EndPoint endpoint, CancellationToken cancellationToken = default)
    {
        var listener = await inner.BindAsync(endpoint, cancellationToken).ConfigureAwait(false);
        lock (_listeners)
        {
            _listeners.Add(listener);
        }

        return listener;
    }

    /// <summary>Closes every listener of this server; accepts in flight end, connections stay open.</summary>
    public async Task StopAcceptingAsync()
    {
        IConnectionListener[] listeners;
        lock (_listeners)
        {
            listeners = [.. _listeners];
        }

        foreach (var listener in listeners)
        {
            await listener.UnbindAsync().ConfigureAwait(false);
        }
    }
}
