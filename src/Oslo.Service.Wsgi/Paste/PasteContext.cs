using Oslo.Config;

namespace Oslo.Service.Wsgi.Paste;

/// <summary>What a paste factory is given besides its own section's options (paste's <c>global_conf</c> and more).</summary>
/// <param name="Conf">The service's configuration.</param>
/// <param name="GlobalConf">The paste file's <c>[DEFAULT]</c> section.</param>
/// <param name="ConfigPath">The paste file.</param>
/// <param name="Services">Services the program handed to the <see cref="Loader"/>, if any.</param>
public sealed record PasteContext(ConfigOpts Conf, IReadOnlyDictionary<string, string> GlobalConf, string ConfigPath, IServiceProvider? Services);
