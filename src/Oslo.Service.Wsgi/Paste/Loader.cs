using System.Diagnostics.CodeAnalysis;

using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

using Oslo.Config;
using Oslo.Config.Ini;
using Oslo.Service.Wsgi.Logging;

namespace Oslo.Service.Wsgi.Paste;

/// <summary>
/// oslo's <c>wsgi.Loader</c>: builds the app from a paste.deploy-style INI file (<c>api_paste_config</c>).
/// </summary>
/// <remarks>
/// <para>Sections, as in paste.deploy:</para>
/// <list type="bullet">
/// <item><description><c>[app:NAME]</c> with <c>paste.app_factory = Namespace.Type, Assembly</c> (an
/// <see cref="IPasteAppFactory"/>); the other keys are the factory's local options.</description></item>
/// <item><description><c>[filter:NAME]</c> with <c>paste.filter_factory = Namespace.Type, Assembly</c> (an
/// <see cref="IPasteFilterFactory"/>).</description></item>
/// <item><description><c>[pipeline:NAME]</c> with <c>pipeline = filter1 filter2 app</c>: the last name is an app,
/// pipeline or composite; the others are filters, the first one outermost.</description></item>
/// <item><description><c>[composite:NAME]</c> with <c>use = egg:Paste#urlmap</c> (or <c>urlmap</c>) and
/// <c>/prefix = name</c> lines: a URL-prefix map.</description></item>
/// <item><description><c>[DEFAULT]</c>: globals, given to every factory as <see cref="PasteContext.GlobalConf"/>.</description></item>
/// </list>
/// <para>An <c>[app:]</c> section may also say <c>use = OTHER</c> to reuse another section's factory with its own
/// local options. Python's egg entry points become .NET type names; that is the only change to the format.</para>
/// </remarks>
public sealed class Loader
{
    /// <summary>Why <see cref="LoadApp"/> is not trim-safe; the message trimming and Native AOT builds show.</summary>
    internal const string FindsTypesByName =
        "The paste loader finds paste.app_factory and paste.filter_factory types by their names in the paste file, " +
        "so trimming and Native AOT may remove them. Root the factory types (e.g. [DynamicDependency] or " +
        "<TrimmerRootAssembly>) or build the pipeline in code.";

    private const string UrlMapEgg = "egg:Paste#urlmap";
    private readonly ConfigOpts _conf;
    private readonly IServiceProvider? _services;
    private readonly ILogger _logger;

    /// <summary>oslo's <c>Loader(conf)</c>: registers the wsgi options and finds <c>api_paste_config</c>.</summary>
    /// <param name="conf">The configuration.</param>
    /// <param name="services">Handed to factories through <see cref="PasteContext.Services"/>.</param>
    /// <param name="loggerFactory">For "Couldn't lookup app" lines.</param>
    /// <exception cref="ConfigNotFoundException">"Could not find config at …": a relative path not found by
    /// <c>find_file</c>, or an absolute path that does not exist.</exception>
    public Loader(ConfigOpts conf, IServiceProvider? services = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(conf);
        WsgiOptions.RegisterOpts(conf);
        _conf = conf;
        _services = services;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Oslo.Service.Wsgi.Loader");
        string path = conf.Get(WsgiOptions.ApiPasteConfig) ?? "api-paste.ini";
        string? found = !Path.IsPathRooted(path) ? ConfigFileFinder.FindFile(conf, path) : File.Exists(path) ? path : null;
        ConfigPath = found ?? throw new ConfigNotFoundException(path);
    }

    /// <summary>The paste file that was found (oslo's <c>config_path</c>).</summary>
    public string ConfigPath { get; }

    /// <summary>oslo's <c>load_app(name)</c>: builds the named app, pipeline or composite.</summary>
    /// <exception cref="PasteAppNotFoundException">"Could not load paste app 'NAME' from PATH", with the reason.</exception>
    [RequiresUnreferencedCode(FindsTypesByName)]
    public RequestDelegate LoadApp(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        try
        {
            var document = IniParser.ParseFile(ConfigPath);
            var builder = new Builder(document, new PasteContext(_conf, Section(document, "DEFAULT"), ConfigPath, _services));
            return builder.App(name, depth: 0);
        }
        catch (Exception ex) when (ex is KeyNotFoundException or TypeLoadException or InvalidCastException or OsloConfigException or FormatException)
        {
            _logger.PasteAppLookupFailed(name, ex);
            throw new PasteAppNotFoundException(name, ConfigPath, ex);
        }
    }

    private static Dictionary<string, string> Section(IniDocument document, string section)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (document.Sections.TryGetValue(IniDocument.NormalizeSection(section), out var values))
        {
            foreach (var (key, list) in values)
            {
                if (list.Count > 0)
                {
                    result[key] = list[^1].Value;
                }
            }
        }

        return result;
    }

    [RequiresUnreferencedCode(FindsTypesByName)]
    private sealed class Builder(IniDocument document, PasteContext context)
    {
        public RequestDelegate App(string name, int depth)
        {
            if (depth > 32)
            {
                throw new FormatException($"paste sections refer to each other in a loop around '{name}'");
            }

            if (Has("app:" + name))
            {
                var local = Section(document, "app:" + name);
                var factory = Factory<IPasteAppFactory>(local, "paste.app_factory", "app:", name);
                return factory.CreateApp(context, Local(local));
            }

            if (Has("pipeline:" + name))
            {
                var local = Section(document, "pipeline:" + name);
                string[] names = (local.GetValueOrDefault("pipeline") ?? "").Split([' ', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries);
                if (names.Length == 0)
                {
                    throw new FormatException($"[pipeline:{name}] has no 'pipeline = ...' line");
                }

                RequestDelegate app = App(names[^1], depth + 1);
                for (int i = names.Length - 2; i >= 0; i--)
                {
                    app = Filter(names[i])(app);
                }

                return app;
            }

            if (Has("composite:" + name))
            {
                var local = Section(document, "composite:" + name);
                string use = local.GetValueOrDefault("use") ?? "";
                if (use is not (UrlMapEgg or "urlmap" or "egg:Paste#urlmap"))
                {
                    throw new FormatException($"[composite:{name}] use = {use}: only {UrlMapEgg} composites are supported");
                }

                var map = local.Where(kv => kv.Key.StartsWith('/'))
                    .Select(kv => KeyValuePair.Create(kv.Key, App(kv.Value.Trim(), depth + 1)))
                    .ToList();
                return UrlMap.Create(map);
            }

            throw new KeyNotFoundException($"no [app:{name}], [pipeline:{name}] or [composite:{name}] section");
        }

        private Func<RequestDelegate, RequestDelegate> Filter(string name)
        {
            if (!Has("filter:" + name))
            {
                throw new KeyNotFoundException($"no [filter:{name}] section");
            }

            var local = Section(document, "filter:" + name);
            return Factory<IPasteFilterFactory>(local, "paste.filter_factory", "filter:", name).CreateFilter(context, Local(local));
        }

        private T Factory<T>(Dictionary<string, string> local, string key, string kind, string name)
            where T : class
        {
            if (!local.TryGetValue(key, out string? typeName))
            {
                if (local.TryGetValue("use", out string? other) && Has(kind + other.Trim()))
                {
                    return Factory<T>(Section(document, kind + other.Trim()), key, kind, other.Trim());
                }

                throw new KeyNotFoundException($"[{kind}{name}] has no '{key} = Namespace.Type, Assembly' line");
            }

            var type = Type.GetType(typeName.Trim(), throwOnError: false)
                ?? AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetType(typeName.Trim(), throwOnError: false)).FirstOrDefault(t => t is not null)
                ?? throw new TypeLoadException($"[{kind}{name}] {key}: type '{typeName.Trim()}' not found");
            if (!typeof(T).IsAssignableFrom(type))
            {
                throw new InvalidCastException($"[{kind}{name}] {key}: {type.FullName} does not implement {typeof(T).Name}");
            }

            return (T)(Activator.CreateInstance(type)
                ?? throw new TypeLoadException($"[{kind}{name}] {key}: {type.FullName} could not be created"));
        }

        private static Dictionary<string, string> Local(Dictionary<string, string> section) =>
            section.Where(kv => kv.Key is not ("paste.app_factory" or "paste.filter_factory" or "use"))
                .ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);

        private bool Has(string section) => document.Sections.ContainsKey(IniDocument.NormalizeSection(section));
    }
}
