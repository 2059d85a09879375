using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

using Oslo.Config;
using Oslo.Service.Extensions;
using Oslo.Service.Launching;

namespace Oslo.Service.Backdoor.Tests.Extensions;

public sealed class ProcessExtensionsTests
{
    [Fact]
    public void WarnAboutUnclaimedOptions_BackdoorPortSetWithoutConsole_WarnsHowToEnable()
    {
        ConfigOpts conf = Parsed("backdoor_port = 8800");
        var logger = new ListLogger();

        IReadOnlyList<string> warned = new ProcessExtensions().WarnAboutUnclaimedOptions(conf, logger);

        Assert.Equal(["backdoor_port"], warned);
        (LogLevel level, string message) = Assert.Single(logger.Entries);
        Assert.Equal(LogLevel.Warning, level);
        Assert.Equal("backdoor_port is set (8800) but the debug console is not enabled; call launcher.UseBackdoor() "
            + "(package Oslo.Service.Backdoor) before WaitAsync to enable it", message);
    }

    [Fact]
    public void WarnAboutUnclaimedOptions_ConsoleAdded_NoWarning()
    {
        ConfigOpts conf = Parsed("backdoor_port = 8800\nbackdoor_socket = /tmp/x");
        var extensions = new ProcessExtensions();
        extensions.Add(new BackdoorExtension());
        var logger = new ListLogger();

        Assert.Empty(extensions.WarnAboutUnclaimedOptions(conf, logger));
        Assert.Empty(logger.Entries);
    }

    [Fact]
    public void WarnAboutUnclaimedOptions_NothingSet_NoWarning() =>
        Assert.Empty(new ProcessExtensions().WarnAboutUnclaimedOptions(Parsed(""), new ListLogger()));

    [Fact]
    public void Add_SameNameTwice_Throws()
    {
        var extensions = new ProcessExtensions();
        extensions.Add(new BackdoorExtension());
        Assert.Throws<InvalidOperationException>(() => extensions.Add(new BackdoorExtension()));
    }

    [Fact]
    public async Task StartAsync_StartsInOrder_StopAsyncStopsInReverse_FailingStartStopsTheStartedOnes()
    {
        var journal = new List<string>();
        var extensions = new ProcessExtensions();
        extensions.Add(new Recording("a", journal));
        extensions.Add(new Recording("b", journal));
        var context = new ProcessExtensionContext(Parsed(""), NullLoggerFactory.Instance, () => []);

        await extensions.StartAsync(context);
        await extensions.StopAsync();
        Assert.Equal(["start a", "start b", "stop b", "stop a"], journal);

        journal.Clear();
        extensions.Add(new Recording("c", journal, fail: true));
        await Assert.ThrowsAsync<InvalidOperationException>(() => extensions.StartAsync(context));
        Assert.Equal(["start a", "start b", "start c", "stop b", "stop a"], journal);
    }

    [Fact]
    public void PublishBackdoorPort_SetsItOnAwareServices()
    {
        var aware = new AwareService();
        var context = new ProcessExtensionContext(Parsed(""), NullLoggerFactory.Instance, () => [aware]);

        context.PublishBackdoorPort("8801");

        Assert.Equal("8801", aware.BackdoorPort);
        Assert.Equal("8801", context.BackdoorPort);
    }

    private static ConfigOpts Parsed(string defaults)
    {
        string file = Path.Combine(Path.GetTempPath(), $"bdunit-{Guid.NewGuid():N}.conf");
        File.WriteAllText(file, "[DEFAULT]\n" + defaults + "\n");
        try
        {
            var conf = new ConfigOpts();
            conf.RegisterOpts(ServiceOptions.EventletBackdoorOpts);
            conf.Parse(["--config-file", file]);
            return conf;
        }
        finally
        {
            File.Delete(file);
        }
    }

    private sealed class Recording(string name, List<string> journal, bool fail = false) : IProcessExtension
    {
        public string Name => name;

        public IReadOnlyList<Opt> Options => [];

        public ValueTask StartAsync(ProcessExtensionContext context, CancellationToken cancellationToken = default)
        {
            journal.Add("start " + name);
            return fail ? throw new InvalidOperationException("bad value") : ValueTask.CompletedTask;
        }

        public ValueTask StopAsync(CancellationToken cancellationToken = default)
        {
            journal.Add("stop " + name);
            return ValueTask.CompletedTask;
        }
    }

    private sealed class AwareService : ServiceBase, IBackdoorPortAware
    {
        public string? BackdoorPort { get; set; }

        public override Task StartAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

        public override Task StopAsync(bool graceful = true, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public override Task WaitAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

        public override Task ResetAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;
    }

    private sealed class ListLogger : ILogger
    {
        public List<(LogLevel Level, string Message)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Add((logLevel, formatter(state, exception)));
    }
}
