using System.Globalization;

using Microsoft.AspNetCore.Http;

namespace Oslo.Service.Wsgi.Tests.Support;

/// <summary>
/// <c>dotnet Oslo.Service.Wsgi.Tests.dll unix-socket PATH MODE</c>: binds a <see cref="Wsgi.Server"/> on a Unix socket
/// with an octal mode, prints the mode the file got, and exits (run under strace to see the order of the calls).
/// </summary>
internal static class UnixSocketChild
{
    public const string Verb = "unix-socket";

    public static async Task<int> RunAsync(string[] args)
    {
        var mode = (UnixFileMode)Convert.ToInt32(args[1], 8);
        await using var server = new Wsgi.Server(TestConf.Create(), "unix", (RequestDelegate)(ctx => ctx.Response.WriteAsync("hello")),
            new ServerOptions { SocketFile = args[0], SocketMode = mode });
        server.Bind();
        Console.WriteLine("mode " + Convert.ToString((int)File.GetUnixFileMode(args[0]), 8).ToString(CultureInfo.InvariantCulture));
        return 0;
    }
}
