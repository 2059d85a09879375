using System.Globalization;
using System.Text.Json;

using Oslo.Config;
using Oslo.Service.Metrics;
using Oslo.Service.Supervision;

namespace Oslo.Service.Control;

/// <summary>
/// What each <c>oslo-ctl</c> command does in the parent. Every change goes through the paths signals take
/// (reload and stop through the launcher's loop, scale through the pool's SIGTTIN/SIGTTOU code, recycle through the
/// rolling reload's readiness-gated replacement), so the control socket adds no second way of doing anything.
/// </summary>
/// <param name="pools">The worker pools.</param>
/// <param name="reload">Asks the loop for a reload and completes with its outcome.</param>
/// <param name="stop">Asks the loop to stop: gracefully (false) or at once (true).</param>
/// <param name="conf">The configuration, for <c>config</c>; null when the launcher has none.</param>
/// <param name="family">The workers' measurements (requests served).</param>
/// <param name="waitLimit">How long scale waits for new workers to become ready.</param>
internal sealed class ControlCommands(
    Func<IReadOnlyList<WorkerPool>> pools,
    Func<CancellationToken, Task<bool>> reload,
    Action<bool> stop,
    ConfigOpts? conf,
    FamilyMetrics family,
    TimeSpan waitLimit)
{
    /// <summary>The name of the request counter the status table reads.</summary>
    internal const string RequestDuration = "http.server.request.duration";

    internal const string Mask = "****";

    private readonly Dictionary<int, (DateTimeOffset At, double Cpu)> _cpu = [];
    private readonly Lock _cpuLock = new();

    internal async Task<ControlReply> HandleAsync(ControlRequest request, CancellationToken cancellationToken) => request.Command switch
    {
        "status" => Status(),
        "reload" => await ReloadAsync(cancellationToken).ConfigureAwait(false),
        "scale" => await ScaleAsync(request.Args, cancellationToken).ConfigureAwait(false),
        "recycle" => await RecycleAsync(request.Args, cancellationToken).ConfigureAwait(false),
        "stop" => Stop(request.Args),
        "pid" => Pid(request.Args),
        "config" => Config(),
        _ => ControlReply.Fail($"unknown command '{request.Command}' (status, reload, scale, recycle, stop, stacks, config)"),
    };

    private ControlReply Status()
    {
        List<WorkerSnapshot> workers = [.. pools().SelectMany(pool => pool.Snapshot())];
        int ready = workers.Count(w => w.State == WorkerState.Ready);
        return new ControlReply(true, string.Create(CultureInfo.InvariantCulture, $"{ready} ready of {workers.Count} worker processes"), json =>
        {
            json.WriteStartArray();
            foreach (WorkerSnapshot worker in workers)
            {
                ProcessSample sample = ProcessSample.Read(worker.Pid);
                json.WriteStartObject();
                if (worker.WorkerId is { } id)
                {
                    json.WriteNumber("worker_id", id);
                }
                else
                {
                    json.WriteNull("worker_id");
                }

                json.WriteNumber("service", worker.ServiceIndex);
                json.WriteNumber("pid", worker.Pid);
                json.WriteString("state", worker.State.ToString().ToLowerInvariant());
                json.WriteNumber("uptime_s", Math.Round(worker.Uptime.TotalSeconds, 1));
                json.WriteNumber("restarts", worker.Restarts);
                json.WriteNumber("rss_bytes", sample.RssBytes);
                json.WriteNumber("cpu_percent", Math.Round(CpuPercent(worker, sample), 1));
                json.WriteNumber("requests", (long)(family.Latest(worker.Process)?.Total(RequestDuration) ?? 0));
                json.WriteEndObject();
            }

            json.WriteEndArray();
        });
    }

    private async Task<ControlReply> ReloadAsync(CancellationToken cancellationToken)
    {
        bool replaced = await reload(cancellationToken).ConfigureAwait(false);
        int workers = pools().Sum(pool => pool.Target);
        return replaced
            ? new ControlReply(true, string.Create(CultureInfo.InvariantCulture, $"reloaded: {workers} workers running with the new configuration"))
            : ControlReply.Fail("reload failed: the configuration was not applied or a replacement did not become ready; the previous workers keep serving (see the service's log)");
    }

    private async Task<ControlReply> ScaleAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        WorkerPool pool = FirstPool();
        if (args.Count != 1 || !int.TryParse(args[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int number))
        {
            return ControlReply.Fail("usage: scale N | +N | -N");
        }

        bool relative = args[0].StartsWith('+') || args[0].StartsWith('-');
        int target = relative ? pool.Target + number : number;
        if (target < 1)
        {
            return ControlReply.Fail(string.Create(CultureInfo.InvariantCulture, $"cannot scale to {target}: at least 1 worker runs"));
        }

        int delta = target - pool.Target;
        for (int i = 0; i < Math.Abs(delta); i++)
        {
            pool.Scale(Math.Sign(delta), "oslo-ctl scale");
        }

        // The result line tells whether the new workers came up, not only that they were asked for.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(waitLimit);
        int ready = ReadyCount(pool);
        while (ready != target && !deadline.IsCancellationRequested)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), CancellationToken.None).ConfigureAwait(false);
            ready = ReadyCount(pool);
        }

        return ready == target
            ? new ControlReply(true, string.Create(CultureInfo.InvariantCulture, $"scaled to {target} workers ({ready} ready)"))
            : ControlReply.Fail(string.Create(CultureInfo.InvariantCulture, $"scaled to {target} workers, but {ready} are ready after {waitLimit.TotalSeconds:0} s"));
    }

    private async Task<ControlReply> RecycleAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        if (args.Count != 1 || !int.TryParse(args[0], NumberStyles.None, CultureInfo.InvariantCulture, out int id))
        {
            return ControlReply.Fail("usage: recycle WORKER_ID");
        }

        WorkerPool pool = FirstPool();
        int oldPid = pool.WorkerPids.TryGetValue(id, out int pid) ? pid : 0;
        int newPid = await pool.RecycleAsync(id, "oslo-ctl recycle", cancellationToken).ConfigureAwait(false);
        return new ControlReply(true, string.Create(CultureInfo.InvariantCulture, $"worker {id} recycled: pid {oldPid} replaced by pid {newPid}"), json =>
        {
            json.WriteStartObject();
            json.WriteNumber("worker_id", id);
            json.WriteNumber("old_pid", oldPid);
            json.WriteNumber("pid", newPid);
            json.WriteEndObject();
        });
    }

    private ControlReply Stop(IReadOnlyList<string> args)
    {
        bool now = args.Contains("--now");
        stop(now);
        return new ControlReply(true, now ? "stopping now (SIGINT to the workers)" : "stopping gracefully (SIGTERM to the workers)");
    }

    // stacks: the tool reads the stacks itself, over the worker's diagnostics port; the parent tells it which pid.
    private ControlReply Pid(IReadOnlyList<string> args)
    {
        if (args.Count != 1 || !int.TryParse(args[0], NumberStyles.None, CultureInfo.InvariantCulture, out int id))
        {
            return ControlReply.Fail("usage: stacks WORKER_ID");
        }

        return FirstPool().WorkerPids.TryGetValue(id, out int pid)
            ? new ControlReply(true, string.Create(CultureInfo.InvariantCulture, $"worker {id} is pid {pid}"), json =>
            {
                json.WriteStartObject();
                json.WriteNumber("worker_id", id);
                json.WriteNumber("pid", pid);
                json.WriteEndObject();
            })
            : ControlReply.Fail(string.Create(CultureInfo.InvariantCulture, $"worker {id} does not exist or is not running"));
    }

    private ControlReply Config()
    {
        if (conf is null)
        {
            return ControlReply.Fail("this launcher was not built from a ConfigOpts");
        }

        return new ControlReply(true, "effective configuration (secret options masked)", json =>
        {
            json.WriteStartObject();
            foreach (string group in conf.GroupNames)
            {
                string? key = group == OptGroup.DefaultName ? null : group;
                json.WritePropertyName(group);
                json.WriteStartObject();
                foreach (Opt opt in conf.GetOpts(key))
                {
                    string value;
                    try
                    {
                        value = opt.Secret ? Mask : Format(conf.GetValue(opt.Dest, key));
                    }
                    catch (OsloConfigException exception)
                    {
                        value = "<" + exception.Message + ">";
                    }

                    json.WriteString(opt.Dest, value);
                }

                json.WriteEndObject();
            }

            json.WriteEndObject();
        });
    }

    private static string Format(object? value) => value switch
    {
        null => "None",
        bool b => b ? "True" : "False",
        string s => s,
        System.Collections.IDictionary d => string.Join(",", d.Keys.Cast<object>().Select(k => $"{Format(k)}:{Format(d[k])}")),
        System.Collections.IEnumerable e => string.Join(",", e.Cast<object?>().Select(Format)),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private WorkerPool FirstPool() =>
        pools().FirstOrDefault() ?? throw new InvalidOperationException("no service was launched with workers");

    private static int ReadyCount(WorkerPool pool) => pool.Snapshot().Count(w => w.State == WorkerState.Ready && w.WorkerId < pool.Target);

    private double CpuPercent(WorkerSnapshot worker, ProcessSample sample)
    {
        DateTimeOffset now = DateTimeOffset.UtcNow;
        lock (_cpuLock)
        {
            // Since the previous status (pm2's monitoring interval), or since the process started for the first.
            (DateTimeOffset At, double Cpu) previous = _cpu.TryGetValue(worker.Pid, out var seen) ? seen : (now - worker.Uptime, 0);
            _cpu[worker.Pid] = (now, sample.CpuSeconds);
            double wall = (now - previous.At).TotalSeconds;
            return wall > 0 ? Math.Max(0, (sample.CpuSeconds - previous.Cpu) / wall * 100) : 0;
        }
    }
}
