using Microsoft.Extensions.Logging;

using Oslo.Config;
using Oslo.Service.Coordination.Leadership;
using Oslo.Service.Periodic;

namespace FooService;

/// <summary>
/// The sample's leader-only task: once across every replica and worker sharing <c>[coordination] backend_url</c>,
/// every <c>leader_interval</c> seconds, logging the fencing token of the leader's term.
/// </summary>
internal sealed partial class LeaderTask : PeriodicTasks
{
    private readonly ILogger _logger;

    public LeaderTask(ConfigOpts conf, TimeSpan interval, ILogger logger)
        : base(conf, logger: logger)
    {
        _logger = logger;
        AddPeriodicTask(new PeriodicTask("leader_task", Run, interval, runImmediately: true) { RunOn = PeriodicTaskRunOn.OnceAcrossDeployment });
    }

    private ValueTask Run(CancellationToken cancellationToken)
    {
        // A real task passes the token on with what it writes, so that the store can refuse an older term's writes.
        LogLeaderTaskRan(_logger, LeaderTerm.Current!.FencingToken);
        return ValueTask.CompletedTask;
    }

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "leader task ran token={Token}")]
    private static partial void LogLeaderTaskRan(ILogger logger, long token);
}
