using System.Diagnostics.CodeAnalysis;
using System.Net.Sockets;

namespace Oslo.Service.Sockets;

/// <summary>
/// Listening sockets shared by a parent and its worker processes: bind once in the parent, accept in every worker
/// from the same kernel queue, so no connection is refused while a worker restarts.
/// </summary>
/// <remarks>
/// <para>Use it where a server creates its listening socket (oslo's wsgi <c>Server</c> binds in its constructor):</para>
/// <code>
/// Socket listener = InheritedSockets.BindOrInherit("wsgi-api-8080", () =>
/// {
///     var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
///     socket.Bind(new IPEndPoint(IPAddress.Any, 8080));
///     socket.Listen(128);
///     return socket;
/// });
/// // Kestrel: options.ListenHandle((ulong)listener.SafeHandle.DangerousGetHandle());
/// </code>
/// <list type="bullet">
/// <item><description>In a parent or a single process, <c>bind</c> runs and the socket is recorded under the key;
/// the ProcessLauncher then passes every recorded socket to every worker it starts (<c>FD_CLOEXEC</c> cleared only
/// for the spawn, descriptor numbers passed in <c>OSLO_SERVICE_SOCKETS</c>).</description></item>
/// <item><description>In a worker, the same call returns the inherited socket for the key and never binds.</description></item>
/// <item><description>Under systemd socket activation (<c>LISTEN_PID</c>/<c>LISTEN_FDS</c>/<c>LISTEN_FDNAMES</c>),
/// an activated socket whose <c>FileDescriptorName=</c> equals the key is used instead of binding, and passed
/// down the same way. systemd separates names with ':', so a key meant for socket activation contains none
/// (letters, digits, '-', '_', '.').</description></item>
/// </list>
/// <para>The registry is process-wide on purpose: it mirrors the process's descriptor table, which is what a
/// child inherits. Keys are compared ordinally; calling again with a key returns the socket already recorded.</para>
/// </remarks>
public static class InheritedSockets
{
    private static readonly Lock s_lock = new();
    private static readonly Dictionary<string, Socket> s_sockets = new(StringComparer.Ordinal);
    private static Dictionary<string, int>? s_inherited;
    private static Dictionary<string, int>? s_activated;
    private static bool s_adopted;

    /// <summary>True in a worker process that was handed sockets by its parent.</summary>
    public static bool IsInheritingProcess =>
        Volatile.Read(ref s_adopted) || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(InheritedSocketsVariable.Name));

    /// <summary>The keys recorded so far (bound, inherited, activated or registered).</summary>
    public static IReadOnlyCollection<string> Keys
    {
        get
        {
            lock (s_lock)
            {
                return [.. s_sockets.Keys];
            }
        }
    }

    /// <summary>
    /// Returns the socket for <paramref name="key"/>: the one inherited from the parent (in a worker), else a
    /// systemd-activated one named <paramref name="key"/>, else the result of <paramref name="bind"/>. The socket is
    /// recorded under the key so worker processes started later inherit it.
    /// </summary>
    /// <param name="key">Identifies the socket across processes, e.g. <c>"wsgi-api-8080"</c>; the systemd <c>FileDescriptorName=</c> under socket activation.</param>
    /// <param name="bind">Creates, binds and listens; called only when nothing can be inherited.</param>
    /// <exception cref="ArgumentException">When <paramref name="key"/> is empty.</exception>
    /// <exception cref="InvalidOperationException">When an inherited descriptor is not a usable socket.</exception>
    public static Socket BindOrInherit(string key, Func<Socket> bind)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(bind);
        lock (s_lock)
        {
            if (TryGetRecorded(key, out Socket? recorded) || TryTakeInheritedOrActivated(key, out recorded))
            {
                return recorded;
            }

            Socket socket = bind();
            s_sockets[key] = socket;
            return socket;
        }
    }

    /// <summary>
    /// Returns the socket inherited from the parent or activated by systemd for <paramref name="key"/>, without
    /// binding anything.
    /// </summary>
    /// <param name="key">The key the parent used.</param>
    /// <param name="socket">The socket, when there is one.</param>
    public static bool TryInherit(string key, [NotNullWhen(true)] out Socket? socket)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        lock (s_lock)
        {
            return TryGetRecorded(key, out socket) || TryTakeInheritedOrActivated(key, out socket);
        }
    }

    /// <summary>Records a listening socket created elsewhere so worker processes inherit it under <paramref name="key"/>.</summary>
    /// <param name="key">The key workers will ask for.</param>
    /// <param name="socket">A listening socket.</param>
    public static void Register(string key, Socket socket)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(socket);
        lock (s_lock)
        {
            s_sockets[key] = socket;
        }
    }

    /// <summary>
    /// In a worker, before its services start: takes the descriptors the parent passed in <c>OSLO_SERVICE_SOCKETS</c>
    /// (close-on-exec from now on) and removes the variable from the environment, so that nothing the worker starts
    /// inherits them or mistakes them for its own.
    /// </summary>
    internal static void AdoptFromEnvironment()
    {
        lock (s_lock)
        {
            s_inherited ??= new Dictionary<string, int>(
                InheritedSocketsVariable.Parse(Environment.GetEnvironmentVariable(InheritedSocketsVariable.Name)),
                StringComparer.Ordinal);
            if (s_inherited.Count > 0)
            {
                Volatile.Write(ref s_adopted, true);
            }

            if (Interop.Platform.IsUnix)
            {
                foreach (int fd in s_inherited.Values)
                {
                    CloseOnExec.Set(fd, closeOnExec: true);
                }
            }

            Interop.ProcessEnvironment.Remove(InheritedSocketsVariable.Name);
        }
    }

    /// <summary>
    /// Makes every recorded socket inheritable until the returned scope is disposed, and gives the value of
    /// <c>OSLO_SERVICE_SOCKETS</c> for the child. Callers serialise their spawns (the ProcessLauncher spawns from
    /// one thread), so a descriptor is inheritable only while one of our workers is being started.
    /// </summary>
    internal static SpawnScope BeginSpawn()
    {
        lock (s_lock)
        {
            var fds = new List<KeyValuePair<string, int>>(s_sockets.Count);
            foreach ((string key, Socket socket) in s_sockets)
            {
                if (!socket.SafeHandle.IsClosed)
                {
                    fds.Add(new(key, (int)socket.SafeHandle.DangerousGetHandle()));
                }
            }

            return new SpawnScope(fds);
        }
    }

    private static bool TryGetRecorded(string key, [NotNullWhen(true)] out Socket? socket)
    {
        if (s_sockets.TryGetValue(key, out socket))
        {
            if (!socket.SafeHandle.IsClosed)
            {
                return true;
            }

            s_sockets.Remove(key);
        }

        socket = null;
        return false;
    }

    private static bool TryTakeInheritedOrActivated(string key, [NotNullWhen(true)] out Socket? socket)
    {
        s_inherited ??= new Dictionary<string, int>(
            InheritedSocketsVariable.Parse(Environment.GetEnvironmentVariable(InheritedSocketsVariable.Name)),
            StringComparer.Ordinal);
        if (s_activated is null)
        {
            s_activated = new Dictionary<string, int>(StringComparer.Ordinal);
            if (Interop.Platform.IsUnix)
            {
                foreach (ActivatedSocket activated in SocketActivation.TakeFromEnvironment())
                {
                    // sd_listen_fds() sets FD_CLOEXEC: nothing leaks into children unless we pass it on.
                    CloseOnExec.Set(activated.Fd, closeOnExec: true);
                    s_activated.TryAdd(activated.Name, activated.Fd);
                }
            }
        }

        if (s_inherited.Remove(key, out int fd) || s_activated.Remove(key, out fd))
        {
            socket = Wrap(key, fd);
            s_sockets[key] = socket;
            return true;
        }

        socket = null;
        return false;
    }

    private static Socket Wrap(string key, int fd)
    {
        try
        {
            if (Interop.Platform.IsUnix)
            {
                CloseOnExec.Set(fd, closeOnExec: true);
            }

            return new Socket(new SafeSocketHandle(fd, ownsHandle: true));
        }
        catch (Exception exception) when (exception is SocketException or System.ComponentModel.Win32Exception)
        {
            throw new InvalidOperationException(
                $"The socket '{key}' was to be inherited as descriptor {fd}, but that descriptor is not an open socket: {exception.Message}",
                exception);
        }
    }

    /// <summary>Keeps the recorded sockets inheritable while a worker is being started.</summary>
    internal sealed class SpawnScope : IDisposable
    {
        private readonly List<KeyValuePair<string, int>> _fds;

        internal SpawnScope(List<KeyValuePair<string, int>> fds)
        {
            _fds = fds;
            foreach ((_, int fd) in fds)
            {
                CloseOnExec.Set(fd, closeOnExec: false);
            }

            Variable = fds.Count == 0 ? null : InheritedSocketsVariable.Format(fds);
        }

        /// <summary>The value of <c>OSLO_SERVICE_SOCKETS</c> for the child, or null when there is nothing to pass.</summary>
        internal string? Variable { get; }

        /// <summary>Sets <c>FD_CLOEXEC</c> again.</summary>
        public void Dispose()
        {
            foreach ((_, int fd) in _fds)
            {
                CloseOnExec.Set(fd, closeOnExec: true);
            }
        }
    }
}
