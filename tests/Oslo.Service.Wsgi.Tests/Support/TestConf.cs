using Oslo.Config;
using Oslo.Service.Wsgi;

namespace Oslo.Service.Wsgi.Tests.Support;

/// <summary>A parsed configuration with the wsgi and ssl options registered and nothing read from the environment.</summary>
internal static class TestConf
{
    public static ConfigOpts Create(params (string Name, object? Value, string? Group)[] overrides)
    {
        var conf = new ConfigOpts(null, _ => null);
        WsgiOptions.RegisterOpts(conf);
        SslOptions.RegisterOpts(conf);
        conf.Parse([], useEnv: false);
        foreach (var (name, value, group) in overrides)
        {
            conf.SetOverride(name, value, group);
        }

        return conf;
    }
}
