using System.Net;
using System.Net.Sockets;

namespace Oslo.Service.Observability.Tests;

/// <summary>Where the programs the tests start were built, and free ports.</summary>
internal static class Paths
{
    // tests/Oslo.Service.Observability.Tests/bin/<Configuration>/<tfm>/
    private static readonly DirectoryInfo s_output = new(AppContext.BaseDirectory.TrimEnd('/'));

    internal static string Configuration => s_output.Parent!.Name;

    internal static string Framework => s_output.Name;

    internal static string Root => s_output.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;

    internal static string HelloApi => Program("samples/HelloApi", "HelloApi.dll");

    internal static string BusyHost => Program("tests/Oslo.Service.Observability.BusyHost", "Oslo.Service.Observability.BusyHost.dll");

    internal static string OsloCtl => Program("src/Oslo.Service.Ctl", "oslo-ctl.dll");

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Program(string project, string dll) => Path.Combine(Root, project, "bin", Configuration, Framework, dll);
}
