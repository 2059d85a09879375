using System.Diagnostics;
using System.Globalization;

using Microsoft.AspNetCore.Http;

using Oslo.Service.Wsgi.Ssl;

namespace Oslo.Service.Wsgi.Tests.Support;

/// <summary>
/// Our TLS <see cref="Wsgi.Server"/> in a child process (this test assembly run as a program), so it can have its own
/// <c>OPENSSL_CONF</c>: OpenSSL reads its configuration once per process, so the test process cannot change it for
/// one server. The child answers "PONG", prints its port on stdout and serves until its stdin closes, so it never
/// outlives the test.
/// </summary>
internal sealed class ChildTlsServer : IAsyncDisposable
{
    public const string Verb = "tls-server";
    private readonly Process _process;

    private ChildTlsServer(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    /// <param name="version"><c>[ssl] version</c>, or null for the default.</param>
    /// <param name="allowLegacy"><see cref="TlsPolicy.AllowLegacyVersions"/>.</param>
    /// <param name="openSslConf">The child's <c>OPENSSL_CONF</c>.</param>
    public static async Task<ChildTlsServer> StartAsync(string certFile, string keyFile, string? version, bool allowLegacy, string openSslConf)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // This assembly's runtimeconfig and deps files sit next to it, as for any program.
        foreach (string arg in new[] { "exec", typeof(ChildTlsServer).Assembly.Location, Verb, certFile, keyFile, version ?? "-", allowLegacy ? "legacy" : "strict" })
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["OPENSSL_CONF"] = openSslConf;
        var process = Process.Start(info)!;
        Task<string> errors = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        string? line = null;
        try
        {
            line = await process.StandardOutput.ReadLineAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
        }

        if (line is null || !line.StartsWith("port ", StringComparison.Ordinal))
        {
            if (!process.HasExited)
            {
                process.Kill();
            }

            await process.WaitForExitAsync();
            string stderr = await errors;
            process.Dispose();
            throw new InvalidOperationException($"the child TLS server did not start: {line} {stderr}");
        }

        return new ChildTlsServer(process, int.Parse(line["port ".Length..], CultureInfo.InvariantCulture));
    }

    /// <summary>The child's side: args are cert, key, version ("-" = default), "legacy" or "strict".</summary>
    public static async Task<int> ServeAsync(string[] args)
    {
        var conf = TestConf.Create(
            ("cert_file", args[0], "ssl"),
            ("key_file", args[1], "ssl"),
            ("version", args[2] == "-" ? null : args[2], "ssl"));
        var policy = new TlsPolicy { AllowLegacyVersions = args[3] == "legacy" };
        await using var server = new Wsgi.Server(conf, "child-tls", (RequestDelegate)(ctx => ctx.Response.WriteAsync("PONG")), new ServerOptions { Host = "127.0.0.1", UseSsl = true, TlsPolicy = policy });
        await server.StartAsync();
        Console.WriteLine($"port {server.Port}");
        await Console.In.ReadToEndAsync();
        return 0;
    }

    public async ValueTask DisposeAsync()
    {
        _process.StandardInput.Close();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill();
        }

        _process.Dispose();
    }
}
