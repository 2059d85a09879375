using Oslo.Config;
using Oslo.Service.Wsgi;

// The .NET counterpart of oslo.service's "oslo.config.opts" entry points: found by oslo-config-generator.
[assembly: OsloConfigOpts("oslo.service.sslutils", typeof(SslOptions), nameof(SslOptions.ListOpts))]
[assembly: OsloConfigOpts("oslo.service.wsgi", typeof(WsgiOptions), nameof(WsgiOptions.ListOpts))]
