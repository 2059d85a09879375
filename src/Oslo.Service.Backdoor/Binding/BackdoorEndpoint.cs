using System.Net.Sockets;

namespace Oslo.Service.Backdoor.Binding;

/// <summary>A bound, listening backdoor socket.</summary>
/// <param name="Listener">The listening socket.</param>
/// <param name="Where">Where it listens, for log lines (<c>127.0.0.1:8800</c> or the socket path).</param>
/// <param name="BackdoorPort">oslo's <c>backdoor_port</c> value: the port as digits, or the socket path.</param>
/// <param name="UnixPath">The socket file, removed when the backdoor stops; null for TCP.</param>
public sealed record BackdoorEndpoint(Socket Listener, string Where, string BackdoorPort, string? UnixPath);
