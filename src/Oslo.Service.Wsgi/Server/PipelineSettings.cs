using Oslo.Service.Wsgi.AccessLog;
using Oslo.Service.Wsgi.Health;

namespace Oslo.Service.Wsgi;

/// <summary>The per-start values of the pipeline (oslo reads the format, debug and keep-alive options at start).</summary>
internal sealed record PipelineSettings(
    AccessLogFormat? AccessLog,
    bool Debug,
    bool KeepAlive,
    int? MaxUrlLength,
    int MaxHeaderLine,
    HealthEndpoints? Health);
