using System.Globalization;

namespace Oslo.Service.FunctionalTests.ProcessLauncher;

/// <summary>WorkerHost config files.</summary>
internal static class Conf
{
    public static string Of(int workers, string greeting = "hello", int gracefulTimeout = 10, string processLauncher = "") =>
        string.Create(CultureInfo.InvariantCulture, $"""
            [DEFAULT]
            workers = {workers}
            graceful_shutdown_timeout = {gracefulTimeout}

            [workerhost]
            greeting = {greeting}

            [process_launcher]
            {processLauncher}
            """);
}
