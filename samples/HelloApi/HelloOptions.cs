using Oslo.Config;

namespace HelloApi;

/// <summary>The sample's own options, in [DEFAULT], as OpenStack API services name them.</summary>
internal static class HelloOptions
{
    public static readonly StrOpt BindHost = new("bind_host", @default: "127.0.0.1",
        help: "Address the API listens on.");

    public static readonly PortOpt BindPort = new("bind_port", @default: 8080,
        help: "Port the API listens on (0 picks a free one).");

    public static readonly IntOpt Workers = new("workers", @default: 2, min: 1,
        help: "How many worker processes serve the API (1 serves in this process).");

    public static readonly StrOpt Greeting = new("greeting", @default: "hello", mutable: true,
        help: "What GET / says. Edit it and send SIGHUP.");

    public static readonly IntOpt ReportInterval = new("report_interval", @default: 30, min: 1,
        help: "Seconds between the request-count log lines of each worker.");

    public static IReadOnlyList<Opt> All { get; } = [BindHost, BindPort, Workers, Greeting, ReportInterval];
}
