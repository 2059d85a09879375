using Oslo.Service.Wsgi.Tests.Support;

namespace Oslo.Service.Wsgi.Tests;

/// <summary>
/// The test assembly's entry point (instead of the one Microsoft.NET.Test.Sdk generates, which does nothing): the
/// test runner never calls it; tests that need our server in a process of its own, with an environment of its own,
/// run <c>dotnet Oslo.Service.Wsgi.Tests.dll tls-server ...</c> (see <see cref="ChildTlsServer"/>).
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args) =>
        args switch
        {
            [ChildTlsServer.Verb, ..] => await ChildTlsServer.ServeAsync(args[1..]),
            [UnixSocketChild.Verb, ..] => await UnixSocketChild.RunAsync(args[1..]),
            [DrainServerChild.Verb, ..] => await DrainServerChild.RunAsync(args[1..]),
            _ => 2,
        };
}
