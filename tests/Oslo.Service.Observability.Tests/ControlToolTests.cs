using System.Globalization;

using Xunit;

namespace Oslo.Service.Observability.Tests;

/// <summary><c>oslo-ctl</c> against HelloApi with 2 workers (and a busy-looping worker for <c>stacks</c>).</summary>
public sealed class ControlToolTests
{
    [Fact]
    public async Task OsloCtl_StatusScaleRecycleUnderLoad_ConfigStop()
    {
        await using HelloApiFamily hello = await HelloApiFamily.StartAsync();

        // status --json: worker ids 0 and 1, each a child of the parent.
        var status = await Ctl.StatusAsync(hello.Socket);
        Assert.Equal([0, 1], status.Select(w => w.Id!.Value).Order());
        Assert.All(status, w => Assert.Equal(hello.ParentPid, ParentOf(w.Pid)));
        Ctl.Result table = await Ctl.RunAsync(hello.Socket, "status");
        Assert.Equal(0, table.ExitCode);
        Assert.Contains("2 ready of 2 worker processes", table.Output, StringComparison.Ordinal);

        // scale +1: three ready workers.
        Ctl.Result scaled = await Ctl.RunAsync(hello.Socket, "scale", "+1");
        Assert.True(scaled.ExitCode == 0, scaled.ToString());
        Assert.Contains("scaled to 3 workers (3 ready)", scaled.Output, StringComparison.Ordinal);
        await hello.WaitForReadyAsync(3);

        // recycle 0 under keep-alive load: a new pid for worker 0 and no failed request.
        int oldPid = (await Ctl.StatusAsync(hello.Socket)).Single(w => w.Id == 0).Pid;
        using var load = new CancellationTokenSource();
        int failed = 0, served = 0;
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        Task[] clients = [.. Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!load.IsCancellationRequested)
            {
                try
                {
                    using HttpResponseMessage response = await client.GetAsync(new Uri($"http://127.0.0.1:{hello.Port}/"), CancellationToken.None);
                    Interlocked.Increment(ref response.IsSuccessStatusCode ? ref served : ref failed);
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref failed);
                }
            }
        }))];
        await Eventually.TrueAsync(() => Task.FromResult(Volatile.Read(ref served)), n => n > 50, "load running");
        Ctl.Result recycled = await Ctl.RunAsync(hello.Socket, "recycle", "0");
        int servedDuringRecycle = Volatile.Read(ref served);
        await Eventually.TrueAsync(() => Task.FromResult(Volatile.Read(ref served)), n => n > servedDuringRecycle + 50, "load after the recycle");
        await load.CancelAsync();
        await Task.WhenAll(clients);
        Assert.True(recycled.ExitCode == 0, recycled.ToString());
        int newPid = (await Ctl.StatusAsync(hello.Socket)).Single(w => w.Id == 0 && w.State == "ready").Pid;
        Assert.NotEqual(oldPid, newPid);
        Assert.Contains($"worker 0 recycled: pid {oldPid} replaced by pid {newPid}", recycled.Output, StringComparison.Ordinal);
        Assert.Equal(0, failed);
        await Eventually.TrueAsync(() => hello.SumAsync("oslo_service_worker_restarts_total", "oslo_restart_reason=\"recycle\""), n => n == 1, "a restart with reason recycle");

        // config: effective values; the control group shows its socket.
        Ctl.Result config = await Ctl.RunAsync(hello.Socket, "config");
        Assert.True(config.ExitCode == 0, config.ToString());
        Assert.Contains("[metrics]", config.Output, StringComparison.Ordinal);
        Assert.Contains("  enabled = True", config.Output, StringComparison.Ordinal);

        // stop: the family stops gracefully, and then the socket is gone: one line, non-zero.
        Ctl.Result stopped = await Ctl.RunAsync(hello.Socket, "stop");
        Assert.True(stopped.ExitCode == 0, stopped.ToString());
        await hello.Process.WaitForLineAsync("workers"); // the parent's stop lines
        await Eventually.ValueAsync(() => File.Exists(hello.Socket) ? null : "gone", "the control socket to be removed", () => hello.Process.Transcript);
        Ctl.Result missing = await Ctl.RunAsync(hello.Socket, "status");
        Assert.Equal(1, missing.ExitCode);
        Assert.Equal($"oslo-ctl: no control socket at {hello.Socket}: is the service running with [control] socket_path = {hello.Socket}?", missing.Error.Trim());
    }

    [Fact]
    public async Task OsloCtl_AnotherUser_IsRefused_EvenWhenTheSocketModeLetsItConnect()
    {
        await using HelloApiFamily hello = await HelloApiFamily.StartAsync();
        string[] nobody = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"];

        // Mode 0600: the kernel refuses the connection.
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(hello.Socket));
        Ctl.Result refused = await Ctl.RunAsync(nobody, hello.Socket, "status");
        Assert.True(refused.ExitCode == 1, refused.ToString());
        Assert.Contains("permission denied", refused.Error, StringComparison.Ordinal);

        // Opened up by mistake: SO_PEERCRED still refuses, and the parent logs who tried.
        File.SetUnixFileMode(hello.Socket, (UnixFileMode)0b110_110_110);
        Ctl.Result peerRefused = await Ctl.RunAsync(nobody, hello.Socket, "stop");
        Assert.True(peerRefused.ExitCode == 1, peerRefused.ToString());
        Assert.Contains("permission denied: uid 65534 may not control this service", peerRefused.Error, StringComparison.Ordinal);
        await hello.Process.WaitForLineAsync("refused a client with uid 65534");
        await hello.WaitForReadyAsync(2);
    }

    [Fact]
    public async Task OsloCtl_Stacks_NamesTheMethodABusyWorkerIsStuckIn()
    {
        DirectoryInfo directory = Directory.CreateTempSubdirectory("oslo-obs-busy-");
        string socket = Path.Combine(directory.FullName, "ctl.sock");
        string conf = Path.Combine(directory.FullName, "busy.conf");
        File.WriteAllText(conf, $"[control]\nsocket_path = {socket}\n");
        try
        {
            await using ChildProcess busy = ChildProcess.StartDotnet(Paths.BusyHost, ["--config-file", conf]);
            await busy.WaitForLineAsync("Busy worker spinning in pid");
            await busy.WaitForLineAsync("Control socket listening");

            Ctl.Result stacks = await Ctl.RunAsync(socket, "stacks", "0");

            Assert.True(stacks.ExitCode == 0, stacks.ToString());
            Assert.Contains("BusyService.SpinInBusyLoopForever", stacks.Output, StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static int ParentOf(int pid)
    {
        string stat = File.ReadAllText($"/proc/{pid}/stat");
        return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);
    }
}
