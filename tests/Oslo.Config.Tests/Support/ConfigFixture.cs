namespace Oslo.Config.Tests.Support;

/// <summary>A ConfigOpts with a private environment, a capturing logger and a temp directory for files.</summary>
public sealed class ConfigFixture : IDisposable
{
    public ConfigFixture()
    {
        Conf = new ConfigOpts(Logs, name => Environment.GetValueOrDefault(name));
    }

    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

    public ListLoggerProvider Logs { get; } = new();

    public TempDir Dir { get; } = new();

    public ConfigOpts Conf { get; }

    public string Write(string name, string content) => Dir.Write(name, content);

    /// <summary>Parses with no default files or dirs, so the machine's /etc never leaks in.</summary>
    public void Parse(params string[] args) =>
        Conf.Parse(args, prog: "prog", defaultConfigFiles: [], defaultConfigDirs: []);

    public void Dispose() => Dir.Dispose();
}
