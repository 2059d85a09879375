using Microsoft.Extensions.Logging;

using Oslo.Config.Tests.Support;

using Xunit;

namespace Oslo.Config.Tests.Engine;

// Ported from ConfigFileReloadTestCase / ConfigFileMutateTestCase (test_cfg.py:2778, 2871) and reference 6 and 9.
public class ReloadMutateTests : IDisposable
{
    private readonly ConfigFixture _f = new();
    private readonly string _file;

    public ReloadMutateTests()
    {
        _f.Conf.RegisterOpts([new StrOpt("foo", mutable: true), new IntOpt("port", mutable: true), new StrOpt("imm")]);
        _f.Conf.RegisterOpt(new StrOpt("boo"), "group");
        _f.Conf.RegisterOpt(new StrOpt("m2", mutable: true), "grp");
        _file = _f.Write("a.conf", "[DEFAULT]\nfoo = old_foo\nport = 10\nimm = 1\n[group]\nboo = old_boo\n[grp]\nm2 = a\n");
        _f.Parse("--config-file", _file);
    }

    public void Dispose() => _f.Dispose();

    private void Rewrite(string content) => File.WriteAllText(_file, content);

    [Fact]
    public void Reload_Success_EveryOptionReadsNewFile()
    {
        Rewrite("[DEFAULT]\nfoo = new_foo\nport = 11\nimm = 2\n");
        Assert.True(_f.Conf.ReloadConfigFiles());
        Assert.Equal("new_foo", _f.Conf.GetValue("foo"));
        Assert.Equal("2", _f.Conf.GetValue("imm"));
        Assert.Null(_f.Conf.GetValue("boo", "group"));
    }

    [Fact]
    public void Reload_BrokenFile_ReturnsFalseKeepsEverythingAndLogs()
    {
        Assert.Equal("old_foo", _f.Conf.GetValue("foo"));
        Rewrite("[DEFAULT]\nfoo = new_foo\nbroken line\n");
        Assert.False(_f.Conf.ReloadConfigFiles());
        Assert.Equal("old_foo", _f.Conf.GetValue("foo"));
        Assert.Equal("1", _f.Conf.GetValue("imm"));
        Assert.Equal(
            $"Caught Error while reloading configure files: Failed to parse {_file}: at {_file}:3, No ':' or '=' found in assignment: 'broken line'",
            Assert.Single(_f.Logs.Entries, e => e.Level == LogLevel.Warning).Message);
    }

    [Fact]
    public void Reload_MissingFileOrRequired_ReturnsFalse()
    {
        File.Delete(_file);
        Assert.False(_f.Conf.ReloadConfigFiles());
        Assert.Equal("old_foo", _f.Conf.GetValue("foo"));
        Assert.Equal($"Caught Error while reloading configure files: Failed to find some config files: {_file}", _f.Logs.Messages[^1]);

        var conf = new ConfigOpts(_f.Logs);
        conf.RegisterOpt(new StrOpt("needed", required: true));
        string file = _f.Write("r.conf", "[DEFAULT]\nneeded = x\n");
        conf.Parse(["--config-file", file], prog: "p", defaultConfigFiles: [], defaultConfigDirs: []);
        File.WriteAllText(file, "[DEFAULT]\n");
        Assert.False(conf.ReloadConfigFiles());
        Assert.Equal("x", conf.GetValue("needed"));
        Assert.Equal("Caught Error while reloading configure files: value required for option needed in group [DEFAULT]", _f.Logs.Messages[^1]);
    }

    [Fact]
    public void Mutate_OnlyMutableChange_LogsAndHooks()
    {
        IReadOnlyDictionary<OptKey, OptChange>? seen = null;
        _f.Conf.RegisterMutateHook((conf, changes) => seen = changes);
        Rewrite("[DEFAULT]\nfoo = new_foo\nport = 11\nimm = 2\n[group]\nboo = new_boo\n[grp]\nm2 = b\n");
        MutateResult result = _f.Conf.MutateConfigFiles();
        Assert.True(result.Succeeded);
        Assert.Equal("new_foo", _f.Conf.GetValue("foo"));
        Assert.Equal(11, _f.Conf.GetValue("port"));
        Assert.Equal("1", _f.Conf.GetValue("imm"));
        Assert.Equal("old_boo", _f.Conf.GetValue("boo", "group"));
        Assert.Equal(
            [
                "Ignoring change to immutable option DEFAULT.imm",
                "Ignoring change to immutable option group.boo",
                "Option DEFAULT.foo changed from [old_foo] to [new_foo]",
                "Option DEFAULT.port changed from [10] to [11]",
                "Option grp.m2 changed from [a] to [b]",
            ],
            _f.Logs.Messages);
        Assert.NotNull(seen);
        Assert.Equal(new OptChange(10, 11), seen[new OptKey(null, "port")]);
        Assert.Equal(new OptChange("a", "b"), seen[new OptKey("grp", "m2")]);
        Assert.Equal(3, seen.Count);
        Assert.Equal(seen, result.Changes);
    }

    [Fact]
    public void Mutate_BrokenFile_ReportsErrorChangesNothing()
    {
        int hookCalls = 0;
        _f.Conf.RegisterMutateHook((_, _) => hookCalls++);
        Rewrite("[DEFAULT]\nfoo = new_foo\n[broken\n");
        MutateResult result = _f.Conf.MutateConfigFiles();
        Assert.False(result.Succeeded);
        Assert.IsType<ConfigFileParseException>(result.Error);
        Assert.Empty(result.Changes);
        Assert.Equal("old_foo", _f.Conf.GetValue("foo"));
        Assert.Equal(0, hookCalls);
    }

    [Fact]
    public void Mutate_BadNewValue_Refused()
    {
        Rewrite("[DEFAULT]\nfoo = old_foo\nport = abc\nimm = 1\n[group]\nboo = old_boo\n[grp]\nm2 = a\n");
        MutateResult result = _f.Conf.MutateConfigFiles();
        Assert.IsType<ConfigFileValueException>(result.Error);
        Assert.Equal($"Value for option port from {_file}:3 is not valid: invalid literal for int() with base 10: 'abc'", result.Error!.Message);
        Assert.Equal(10, _f.Conf.GetValue("port"));
    }

    [Fact]
    public void Mutate_NoChange_HooksStillCalledWithEmptyDiff()
    {
        int calls = 0;
        _f.Conf.RegisterMutateHook((_, changes) => { calls++; Assert.Empty(changes); });
        Assert.True(_f.Conf.MutateConfigFiles().Succeeded);
        Assert.Equal(1, calls);
    }

    [Fact]
    public void Mutate_ThrowingHook_DoesNotStopOthers()
    {
        int calls = 0;
        _f.Conf.RegisterMutateHook((_, _) => throw new InvalidOperationException("boom"));
        _f.Conf.RegisterMutateHook((_, _) => calls++);
        Assert.True(_f.Conf.MutateConfigFiles().Succeeded);
        Assert.Equal(1, calls);
    }

    [Fact]
    public void ReloadAfterMutate_RefreshesMutableToo()
    {
        Rewrite("[DEFAULT]\nfoo = mutated\n");
        _f.Conf.MutateConfigFiles();
        Rewrite("[DEFAULT]\nfoo = reloaded\nimm = 5\n");
        Assert.True(_f.Conf.ReloadConfigFiles());
        Assert.Equal("reloaded", _f.Conf.GetValue("foo"));
        Assert.Equal("5", _f.Conf.GetValue("imm"));
    }

    [Fact]
    public void ReloadToken_FiresAfterReloadAndMutate_NotAfterFailure()
    {
        Microsoft.Extensions.Primitives.IChangeToken token = _f.Conf.GetReloadToken();
        Assert.False(token.HasChanged);
        Rewrite("[DEFAULT]\n[broken\n");
        _f.Conf.ReloadConfigFiles();
        Assert.False(token.HasChanged);
        Rewrite("[DEFAULT]\nfoo = x\n");
        _f.Conf.ReloadConfigFiles();
        Assert.True(token.HasChanged);

        Microsoft.Extensions.Primitives.IChangeToken next = _f.Conf.GetReloadToken();
        Assert.False(next.HasChanged);
        _f.Conf.MutateConfigFiles();
        Assert.True(next.HasChanged);
    }

    [Fact]
    public async Task Reload_ConcurrentReaders_NeverSeeHalfAReload()
    {
        // Two options that always change together: a reader must never see one old and one new.
        var conf = new ConfigOpts();
        conf.RegisterOpts([new IntOpt("a"), new IntOpt("b")]);
        string file = _f.Write("pair.conf", "[DEFAULT]\na = 0\nb = 0\n");
        conf.Parse(["--config-file", file], prog: "p", defaultConfigFiles: [], defaultConfigDirs: []);
        using var stop = new CancellationTokenSource();
        int mismatches = 0;
        Task reader = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                (object? a, object? b) = conf.GetPair();
                if (!Equals(a, b))
                {
                    Interlocked.Increment(ref mismatches);
                }
            }
        });
        for (int i = 1; i <= 50; i++)
        {
            File.WriteAllText(file, $"[DEFAULT]\na = {i}\nb = {i}\n");
            Assert.True(conf.ReloadConfigFiles());
        }

        stop.Cancel();
        await reader.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(0, mismatches);
    }
}

internal static class PairReader
{
    // Reads both options from the same snapshot, as a consumer would with a snapshot view.
    public static (object? A, object? B) GetPair(this ConfigOpts conf)
    {
        ConfigOptsSnapshot snapshot = conf.GetSnapshot();
        return (snapshot.GetValue("a"), snapshot.GetValue("b"));
    }
}
