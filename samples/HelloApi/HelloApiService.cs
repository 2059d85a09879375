using Microsoft.Extensions.Logging;

using Oslo.Config;
using Oslo.Service.Launching;
using Oslo.Service.Periodic;
using Oslo.Service.Threading;
using Oslo.Service.Wsgi;

namespace HelloApi;

/// <summary>
/// The service every worker runs: the wsgi <see cref="Server"/> (bound once, in the parent, before the workers
/// start) plus a periodic task that logs how many requests this worker served.
/// </summary>
internal sealed partial class HelloApiService(ConfigOpts conf, Server server, RequestCounter counter, ILoggerFactory loggerFactory) : ServiceBase
{
    private readonly ILogger _logger = loggerFactory.CreateLogger<HelloApiService>();
    private ThreadGroup? _threads;

    public override async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await server.StartAsync(cancellationToken);
        var interval = TimeSpan.FromSeconds(conf.Get(HelloOptions.ReportInterval));
        _threads = new ThreadGroup(loggerFactory: loggerFactory);
        _threads.AddPeriodicTasksTimer(new RequestReport(conf, interval, counter, _logger), periodicIntervalMax: interval);
        LogServing(_logger, Environment.ProcessId, server.UseSsl ? "https" : "http", server.Host, server.Port);
    }

    public override async Task StopAsync(bool graceful = true, CancellationToken cancellationToken = default)
    {
        await server.StopAsync(graceful, cancellationToken);
        if (_threads is { } threads)
        {
            await threads.StopAsync(graceful, cancellationToken);
        }
    }

    public override async Task WaitAsync(CancellationToken cancellationToken = default)
    {
        await server.WaitAsync(cancellationToken);
        if (_threads is { } threads)
        {
            await threads.WaitAsync(cancellationToken);
        }
    }

    public override async Task ResetAsync(CancellationToken cancellationToken = default)
    {
        await server.ResetAsync(cancellationToken);
        LogReset(_logger, conf.Get(HelloOptions.Greeting) ?? "");
    }

    public override string ToString() => "HelloApi";

    [LoggerMessage(EventId = 20, Level = LogLevel.Information, Message = "HelloApi serving in pid {Pid} on {Scheme}://{Host}:{Port}")]
    private static partial void LogServing(ILogger logger, int pid, string scheme, string host, int port);

    [LoggerMessage(EventId = 21, Level = LogLevel.Information, Message = "HelloApi reset: greeting is now \"{Greeting}\"")]
    private static partial void LogReset(ILogger logger, string greeting);
}
