using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

using Microsoft.AspNetCore.Connections;

namespace Oslo.Service.AspNetCore;

/// <summary>
/// The <c>InheritedSockets</c> key of a Kestrel endpoint, as Kestrel asks for it in the parent and in every worker
/// (before any port-0 resolution, so a dynamic port is the same socket everywhere). Only letters, digits, '-', '_' and
/// '.', so the key can be a systemd <c>FileDescriptorName=</c>: a socket-activated descriptor with that name is used
/// instead of binding.
/// </summary>
internal static class EndpointKeys
{
    internal static string For(EndPoint endpoint) => Sanitize(endpoint switch
    {
        IPEndPoint ip => string.Create(CultureInfo.InvariantCulture, $"kestrel-{ip.Address}-{ip.Port}"),
        UnixDomainSocketEndPoint unix => $"kestrel-unix-{unix}",
        FileHandleEndPoint handle => string.Create(CultureInfo.InvariantCulture, $"kestrel-fd-{handle.FileHandle}"),
        _ => $"kestrel-{endpoint}",
    });

    /// <summary>How the endpoint reads in an error line.</summary>
    internal static string Describe(EndPoint endpoint) => endpoint switch
    {
        UnixDomainSocketEndPoint unix => $"unix:{unix}",
        FileHandleEndPoint handle => string.Create(CultureInfo.InvariantCulture, $"file handle {handle.FileHandle}"),
        _ => endpoint.ToString() ?? "?",
    };

    private static string Sanitize(string key)
    {
        var builder = new StringBuilder(key.Length);
        foreach (char c in key)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_');
        }

        return builder.ToString();
    }
}
