using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

using Oslo.Service.Coordination;
using Oslo.Service.Coordination.Backends;

namespace Oslo.Bench.Scenarios;

/// <summary>
/// <c>bench/run coordination [--backends postgresql,redis,etcd] [--ttl S] [--spacing S] [--kills N] [--no-peer]</c>: for each
/// store (started here from its Debian package, temp dir, free port), two members run a leader-only task every
/// spacing with the same lease TTL: ours are two FooService processes (<c>[coordination] backend_url</c>), the peer's
/// two Python tooz processes (<c>bench/peers/coordination_tooz.py</c>, tooz locks: its pgsql and etcd3gw drivers have
/// no election). <c>takeover_ms</c>: SIGKILL of the member that runs the task → the first run by the other, seen on
/// its stdout, the median of <c>--kills</c> (3) takeovers, each with new members. <c>overhead_ms</c>: the store work one coordinated run costs the leader: ours, the in-process term
/// check plus the lease renewals per spacing (a third of the TTL each) times one renewal's round trip, plus on
/// PostgreSQL the renewal that confirms the lease before each run (a lease there ends with its holder's session);
/// tooz's, the heartbeat and lock call it makes before each run. Both sides run at the same TTL and the same spacing
/// (tooz's members heartbeat and try the lock once per spacing, as a periodic task would).
/// </summary>
internal sealed class CoordinationScenario : IScenario
{
    public string Name => "coordination";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        string[] backends = ["postgresql", "redis", "etcd"];
        int ttl = 3;
        double spacing = 1;
        bool peer = true;
        int kills = 3;
        for (int i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--backends" when i + 1 < args.Count:
                    backends = args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries);
                    break;
                case "--ttl" when i + 1 < args.Count:
                    ttl = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--spacing" when i + 1 < args.Count:
                    spacing = double.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--kills" when i + 1 < args.Count:
                    kills = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--no-peer":
                    peer = false;
                    break;
                default:
                    Console.Error.WriteLine("usage: bench/run coordination [--backends postgresql,redis,etcd] [--ttl S] [--spacing S] [--kills N] [--no-peer]\n" +
                        "  peer: Python tooz (Debian python3-tooz, python3-psycopg2; /usr/bin/python3) on the same store, TTL and spacing");
                    return 2;
            }
        }

        foreach (string backend in backends)
        {
            await using Store store = await Store.StartAsync(backend, cancellationToken);
            Console.Error.WriteLine($"coordination: {backend} at {store.Url}, TTL {ttl} s, spacing {spacing} s");
            double ours = await TakeoverAsync(i => Member.StartOurs(store.Url, ttl, spacing, i), "leader task ran token=", spacing, kills, cancellationToken);
            double oursOverhead = await OurOverheadAsync(store.Url, ttl, spacing, cancellationToken);
            Figures.Print("coordination", "ours", backend + "_takeover_ms", ours);
            Figures.Print("coordination", "ours", backend + "_overhead_ms", oursOverhead);
            if (!peer)
            {
                continue;
            }

            string toozUrl = store.ToozUrl;
            double tooz = await TakeoverAsync(i => Member.StartTooz(toozUrl, ttl, spacing, $"--member=m{i}"), "ran ", spacing, kills, cancellationToken);
            Dictionary<string, string>? values = await BenchProcess.RunPythonPeerAsync("coordination", "coordination_tooz.py",
                ["--url", toozUrl, "--ttl", ttl.ToString(CultureInfo.InvariantCulture), "--spacing", "0.2", "--overhead", "20"], cancellationToken);
            Figures.Print("coordination", "tooz", backend + "_takeover_ms", tooz);
            Figures.Ratio("coordination", "tooz", backend + "_takeover_ms", ours, tooz);
            if (values?.GetValueOrDefault("overhead_ms") is { } overhead)
            {
                double toozOverhead = double.Parse(overhead, CultureInfo.InvariantCulture);
                Figures.Print("coordination", "tooz", backend + "_overhead_ms", toozOverhead);
                Figures.Ratio("coordination", "tooz", backend + "_overhead_ms", oursOverhead, toozOverhead);
            }
        }

        return 0;
    }

    /// <summary>The median over <paramref name="kills"/> takeovers (each with new members).</summary>
    private static async Task<double> TakeoverAsync(Func<int, Member> start, string runMarker, double spacing, int kills, CancellationToken cancellationToken)
    {
        var takeovers = new List<double>();
        for (int i = 0; i < kills; i++)
        {
            takeovers.Add(await TakeoverOnceAsync(start, runMarker, spacing, cancellationToken));
        }

        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"coordination: takeovers {string.Join(", ", takeovers.Select(t => t.ToString("F0", CultureInfo.InvariantCulture)))} ms"));
        return Repetitions.Median(takeovers);
    }

    /// <summary>
    /// Two members; SIGKILL the one running the task; ms until the other's first run. The second member starts a
    /// random part of a spacing after the first, and the kill comes a random part of a spacing after 3 s: replicas
    /// start independently and crash at any moment. Without this, two members started together tick in step, and
    /// a kill timed from a run lands just after the leader's tick, so a polling follower's next tick came right after
    /// the kill (or the expiry) by construction, not by design.
    /// </summary>
    private static async Task<double> TakeoverOnceAsync(Func<int, Member> start, string runMarker, double spacing, CancellationToken cancellationToken)
    {
        await using Member a = start(0);
        await Task.Delay(TimeSpan.FromSeconds(Random.Shared.NextDouble() * spacing), cancellationToken);
        await using Member b = start(1);
        Member leader = await Member.FirstToPrintAsync([a, b], runMarker, TimeSpan.FromSeconds(180), cancellationToken);
        Member follower = leader == a ? b : a;
        // The follower up and campaigning, and the leader past its first renewal.
        await follower.WaitForAsync(l => l.Contains("started", StringComparison.Ordinal), TimeSpan.FromSeconds(120), cancellationToken);
        await Task.Delay(TimeSpan.FromSeconds(3 + (Random.Shared.NextDouble() * spacing)), cancellationToken);
        long killedAt = Stopwatch.GetTimestamp();
        leader.Kill();
        await follower.WaitForAsync(l => l.Contains(runMarker, StringComparison.Ordinal), TimeSpan.FromSeconds(120), cancellationToken, after: killedAt);
        return Stopwatch.GetElapsedTime(killedAt, follower.LastMatchAt).TotalMilliseconds;
    }

    /// <summary>Ours: the term check of each run, plus the renewals a spacing holds times the median renewal round trip.</summary>
    private static async Task<double> OurOverheadAsync(string url, int ttl, double spacing, CancellationToken cancellationToken)
    {
        BackendUrl parsed = BackendUrl.Parse(url);
        var leaseTtl = TimeSpan.FromSeconds(ttl);
        await using var coordinator = new Coordinator(parsed, leaseTtl, TimeSpan.FromSeconds(1));
        var election = coordinator.Election("bench-overhead");
        var wait = Stopwatch.StartNew();
        while (!election.TryGetTerm(out _) && wait.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(50, cancellationToken);
        }

        var checks = new List<double>();
        for (int i = 0; i < 1000; i++)
        {
            long t0 = Stopwatch.GetTimestamp();
            _ = election.TryGetTerm(out _);
            checks.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
        }

        await using ICoordinationBackend backend = parsed.Kind switch
        {
            BackendKind.PostgreSql => new PostgresBackend(parsed),
            BackendKind.Redis => new RedisBackend(parsed, leaseTtl),
            _ => new EtcdBackend(parsed, leaseTtl),
        };
        var renewals = new List<double>();
        for (int i = 0; i < 21; i++)
        {
            long t0 = Stopwatch.GetTimestamp();
            _ = await backend.AcquireOrRenewAsync("bench-renew", "bench", leaseTtl, cancellationToken);
            if (i > 0)
            {
                renewals.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
            }
        }

        double renewalsPerRun = (spacing / (ttl / 3.0)) + (backend.LeaseFollowsSession ? 1 : 0);
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"coordination: ours {parsed.Kind}: term check median {Repetitions.Median(checks) * 1000:F2} µs, renewal median {Repetitions.Median(renewals):F2} ms, {renewalsPerRun:F2} renewals per run"));
        return Repetitions.Median(checks) + (renewalsPerRun * Repetitions.Median(renewals));
    }

    /// <summary>A member process with its output lines timestamped.</summary>
    private sealed class Member : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly ConcurrentQueue<(long At, string Text)> _lines = new();
        private readonly string? _configFile;

        private Member(ProcessStartInfo info, string? configFile)
        {
            info.RedirectStandardOutput = true;
            info.RedirectStandardError = true;
            _configFile = configFile;
            _process = Process.Start(info)!;
            _process.OutputDataReceived += (_, e) => Add(e.Data);
            _process.ErrorDataReceived += (_, e) => Add(e.Data);
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
        }

        public long LastMatchAt { get; private set; }

        public static Member StartOurs(string url, int ttl, double spacing, int index)
        {
            string conf = Path.Combine(Path.GetTempPath(), $"oslo-bench-coord-{Guid.NewGuid():N}.conf");
            File.WriteAllText(conf, string.Create(CultureInfo.InvariantCulture, $"""
                [DEFAULT]
                workers = 1
                leader_interval = {spacing}
                heartbeat_interval = 3600

                [coordination]
                backend_url = {url}
                lease_ttl = {ttl}
                max_retry_interval = 1
                """));
            string dll = Path.Combine(BenchProcess.FindRepositoryRoot(), "samples", "FooService", "bin", "Release", "net10.0", "FooService.dll");
            var info = new ProcessStartInfo("dotnet");
            foreach (string arg in (string[])[dll, "--config-file", conf])
            {
                info.ArgumentList.Add(arg);
            }

            _ = index;
            return new Member(info, conf);
        }

        public static Member StartTooz(string url, int ttl, double spacing, string member)
        {
            var info = new ProcessStartInfo("/usr/bin/python3");
            foreach (string arg in (string[])[Path.Combine(BenchProcess.FindRepositoryRoot(), "bench", "peers", "coordination_tooz.py"),
                "--url", url, "--ttl", ttl.ToString(CultureInfo.InvariantCulture), "--spacing", spacing.ToString(CultureInfo.InvariantCulture), member])
            {
                info.ArgumentList.Add(arg);
            }

            return new Member(info, null);
        }

        public static async Task<Member> FirstToPrintAsync(Member[] members, string marker, TimeSpan deadline, CancellationToken cancellationToken)
        {
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < deadline)
            {
                foreach (Member member in members)
                {
                    if (member._lines.Any(l => l.Text.Contains(marker, StringComparison.Ordinal)))
                    {
                        return member;
                    }
                }

                await Task.Delay(20, cancellationToken);
            }

            throw new TimeoutException($"coordination: no member printed '{marker}':\n{string.Join('\n', members.SelectMany(m => m._lines).Select(l => l.Text))}");
        }

        public async Task WaitForAsync(Func<string, bool> match, TimeSpan deadline, CancellationToken cancellationToken, long after = 0)
        {
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < deadline)
            {
                foreach ((long at, string text) in _lines)
                {
                    if (at > after && match(text))
                    {
                        LastMatchAt = at;
                        return;
                    }
                }

                await Task.Delay(5, cancellationToken);
            }

            throw new TimeoutException($"coordination: no matching line:\n{string.Join('\n', _lines.Select(l => l.Text))}");
        }

        public void Kill() => BenchProcess.Signal(_process.Id, 9);

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _ = BenchProcess.Kill(_process.Id, 9);
            }

            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            _process.Dispose();
            if (_configFile is not null)
            {
                File.Delete(_configFile);
            }
        }

        private void Add(string? text)
        {
            if (text is not null)
            {
                _lines.Enqueue((Stopwatch.GetTimestamp(), text));
            }
        }
    }

    /// <summary>A store from its Debian package: a temp dir, a free port; killed and removed at the end.</summary>
    private sealed class Store : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly string _dir;

        private Store(Process process, string dir, string url, string toozUrl)
        {
            _process = process;
            _dir = dir;
            Url = url;
            ToozUrl = toozUrl;
        }

        public string Url { get; }

        public string ToozUrl { get; }

        public static async Task<Store> StartAsync(string backend, CancellationToken cancellationToken)
        {
            string dir = Directory.CreateTempSubdirectory("oslo-bench-coord-").FullName;
            int port = FreePort();
            string[] command;
            string url;
            string toozUrl;
            switch (backend)
            {
                case "postgresql":
                    string bin = Path.Combine(Directory.GetDirectories("/usr/lib/postgresql").Order().Last(), "bin");
                    string[] asPostgres = Environment.UserName == "root" ? ["setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups", "--"] : [];
                    if (asPostgres.Length > 0)
                    {
                        await BenchProcess.RunToEndAsync("chown", ["postgres:postgres", dir], cancellationToken);
                    }

                    string[] initdb = [.. asPostgres, Path.Combine(bin, "initdb"), "-D", dir, "-U", "postgres", "-A", "trust", "--no-sync"];
                    await BenchProcess.RunToEndAsync(initdb[0], initdb[1..], cancellationToken);
                    command = [.. asPostgres, Path.Combine(bin, "postgres"), "-D", dir, "-p", port.ToString(CultureInfo.InvariantCulture), "-k", dir,
                        "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "max_connections=200"];
                    url = $"postgresql://postgres@127.0.0.1:{port}/postgres";
                    toozUrl = url;
                    break;
                case "redis":
                    command = ["redis-server", "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", dir, "--save", "", "--appendonly", "no"];
                    url = $"redis://127.0.0.1:{port}";
                    toozUrl = url;
                    break;
                default:
                    int peer = FreePort();
                    string client = $"http://127.0.0.1:{port}";
                    string peers = $"http://127.0.0.1:{peer}";
                    command = ["etcd", "--name", "default", "--data-dir", Path.Combine(dir, "data"), "--listen-client-urls", client, "--advertise-client-urls", client,
                        "--listen-peer-urls", peers, "--initial-advertise-peer-urls", peers, "--initial-cluster", "default=" + peers, "--log-level", "warn"];
                    url = $"etcd3+http://127.0.0.1:{port}";
                    toozUrl = url;
                    break;
            }

            var info = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (string arg in command[1..])
            {
                info.ArgumentList.Add(arg);
            }

            Process process = Process.Start(info)!;
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var clock = Stopwatch.StartNew();
            while (true)
            {
                try
                {
                    using var socket = new TcpClient();
                    await socket.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
                    break;
                }
                catch (SocketException) when (clock.Elapsed < TimeSpan.FromSeconds(60) && !process.HasExited)
                {
                    await Task.Delay(100, cancellationToken);
                }
            }

            // Accepting connections is not ready (PostgreSQL's start-up, etcd's first election).
            await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
            return new Store(process, dir, url, toozUrl);
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _ = BenchProcess.Kill(_process.Id, 9);
            }

            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            _process.Dispose();
            Directory.Delete(_dir, recursive: true);
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }
}
