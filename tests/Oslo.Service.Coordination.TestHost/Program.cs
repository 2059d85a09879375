// Coordination test replica. `leader --config-file x.conf`: a service run by oslo's launcher ([DEFAULT] workers)
// whose leader-only task records (token, pid, start, end) in the PostgreSQL database named by COORD_RECORD (an
// Npgsql connection string) and prints "leader task ran token=N pid=P". `partition --config-file x.conf`: a member
// of the group "items" printing the items 0..COORD_ITEMS-1 it owns after every rebalance.
using Microsoft.Extensions.Logging;

using Oslo.Config;
using Oslo.Service.Coordination;
using Oslo.Service.Coordination.Membership;
using Oslo.Service.Coordination.TestHost;
using Oslo.Service.Launching;
using Oslo.Service.Logging;

using ILoggerFactory loggerFactory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Information).AddOsloConsole());
AppDomain.CurrentDomain.ProcessExit += (_, _) => loggerFactory.Dispose();
string mode = args[0];
var conf = new ConfigOpts(loggerFactory);
var workers = new IntOpt("workers", @default: 1);
conf.RegisterOpt(workers);
CoordinationOptions.RegisterOpts(conf);
conf.ParseOrExit(args[1..], prog: "coordination-testhost");

if (mode == "partition")
{
    int items = int.Parse(Environment.GetEnvironmentVariable("COORD_ITEMS") ?? "1000", System.Globalization.CultureInfo.InvariantCulture);
    await using Coordinator coordinator = Coordinator.FromConfig(conf, loggerFactory)!;
    using var stop = new CancellationTokenSource();
    using var term = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, c =>
    {
        c.Cancel = true;
        stop.Cancel();
    });
    PartitionedGroup group = await coordinator.JoinPartitionedGroupAsync("items", stop.Token);
    void Print(HashRing ring)
    {
        var mine = Enumerable.Range(0, items).Where(i => ring.Owner(i.ToString(System.Globalization.CultureInfo.InvariantCulture)) == coordinator.MemberId);
        Console.Out.WriteLine($"owned member={coordinator.MemberId} members={string.Join(',', ring.Members)} items={string.Join(',', mine)}");
        Console.Out.Flush();
    }

    // Polled rather than on Rebalanced alone: the ring also goes empty and comes back while this member's own
    // heartbeat is not trusted (a slow store), without the members changing.
    string? printed = null;
    while (!stop.IsCancellationRequested)
    {
        HashRing ring = group.Ring;
        string members = string.Join(',', ring.Members);
        if (members != printed)
        {
            printed = members;
            Print(ring);
        }

        try
        {
            await Task.Delay(50, stop.Token);
        }
        catch (OperationCanceledException)
        {
        }
    }

    return 0;
}

var service = new LeaderService(conf, loggerFactory);
Launcher launcher = Launcher.Launch(conf, service, conf.Get(workers), RestartMethod.Reload, loggerFactory);
return await launcher.WaitAsync();
