using System.Reflection;

namespace Oslo.Config.Discovery;

/// <summary>
/// The namespaces published with <see cref="OsloConfigOptsAttribute"/> by the loaded assemblies: the .NET
/// counterpart of oslo's <c>oslo.config.opts</c> entry points, shared by oslo-config-generator and
/// oslo-config-validator. The libraries' own assemblies (Oslo.Service, Oslo.Service.Wsgi, Oslo.Service.Backdoor) are
/// always searched; <c>--assembly</c> adds an application's assemblies.
/// </summary>
public sealed class OptsCatalog
{
    // Always searched, so that the oslo.service namespaces need no --assembly.
    private static readonly string[] s_builtInAssemblies = ["Oslo.Service", "Oslo.Service.Wsgi", "Oslo.Service.Backdoor"];

    private readonly Dictionary<string, List<OsloConfigOptsAttribute>> _providers;

    private OptsCatalog(Dictionary<string, List<OsloConfigOptsAttribute>> providers) => _providers = providers;

    /// <summary>All known namespace names, sorted.</summary>
    public IReadOnlyList<string> Namespaces => [.. _providers.Keys.Order(StringComparer.Ordinal)];

    /// <summary>Searches the tool's assemblies, every assembly already loaded, and <paramref name="assemblyPaths"/>.</summary>
    /// <param name="assemblyPaths">Paths of .dll files or of directories whose .dll files are all searched.</param>
    /// <exception cref="DiscoveryException">A path does not exist or an assembly cannot be loaded.</exception>
    public static OptsCatalog Load(IEnumerable<string> assemblyPaths)
    {
        var assemblies = new List<Assembly>();
        foreach (string name in s_builtInAssemblies)
        {
            try
            {
                assemblies.Add(Assembly.Load(new AssemblyName(name)));
            }
            catch (FileNotFoundException)
            {
                // Running from a layout without them (e.g. a trimmed copy): the other sources still work.
            }
        }

        assemblies.AddRange(AppDomain.CurrentDomain.GetAssemblies());
        foreach (string path in assemblyPaths)
        {
            assemblies.AddRange(LoadFromPath(path));
        }

        var providers = new Dictionary<string, List<OsloConfigOptsAttribute>>(StringComparer.Ordinal);
        foreach (var assembly in assemblies.Distinct())
        {
            if (assembly.IsDynamic || !References(assembly, typeof(OsloConfigOptsAttribute).Assembly))
            {
                continue;
            }

            foreach (var attribute in assembly.GetCustomAttributes<OsloConfigOptsAttribute>())
            {
                if (!providers.TryGetValue(attribute.Namespace, out var list))
                {
                    list = [];
                    providers[attribute.Namespace] = list;
                }

                if (!list.Any(a => a.Provider == attribute.Provider && a.MethodName == attribute.MethodName))
                {
                    list.Add(attribute);
                }
            }
        }

        return new OptsCatalog(providers);
    }

    /// <summary>
    /// Calls the list methods of <paramref name="namespaces"/>. Like oslo's stevedore lookup, each namespace is
    /// listed once, in the order of the published entry points (sorted by name, as setuptools writes them), not in
    /// the order asked for; the JSON/YAML option order depends on it.
    /// </summary>
    /// <exception cref="DiscoveryException">A namespace is unknown, or its list method fails.</exception>
    public List<(string Namespace, IReadOnlyList<(OptGroup? Group, IReadOnlyList<Opt> Opts)> Groups)> List(
        IEnumerable<string> namespaces)
    {
        var result = new List<(string, IReadOnlyList<(OptGroup?, IReadOnlyList<Opt>)>)>();
        foreach (string ns in namespaces.Distinct().Order(StringComparer.Ordinal))
        {
            if (!_providers.TryGetValue(ns, out var providers))
            {
                string known = _providers.Count == 0 ? "(none)" : string.Join(", ", Namespaces);
                throw new DiscoveryException($"unknown namespace '{ns}'. Known namespaces: {known}. " +
                    "Namespaces come from [assembly: OsloConfigOpts(...)] in the tool's assemblies and in those given with --assembly.");
            }

            foreach (var provider in providers)
            {
                try
                {
                    result.Add((ns, provider.ListOpts()));
                }
                catch (Exception e) when (e is InvalidOperationException or TargetInvocationException)
                {
                    // Like oslo (on_load_failure_callback re-raises), a namespace that fails to list is fatal.
                    string reason = (e as TargetInvocationException)?.InnerException?.Message ?? e.Message;
                    throw new DiscoveryException($"failed to list the options of namespace '{ns}' ({provider.Provider.FullName}.{provider.MethodName}): {reason}");
                }
            }
        }

        return result;
    }

    private static bool References(Assembly assembly, Assembly target)
    {
        if (assembly == target)
        {
            return true;
        }

        string name = target.GetName().Name!;
        return assembly.GetReferencedAssemblies().Any(r => r.Name == name);
    }

    private static IEnumerable<Assembly> LoadFromPath(string path)
    {
        string full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            // One context for the whole folder, so its assemblies share their dependencies.
            var context = new PluginLoadContext(full, mainAssemblyPath: null);
            var loaded = new List<Assembly>();
            foreach (string dll in Directory.GetFiles(full, "*.dll").Order(StringComparer.Ordinal))
            {
                if (LoadOne(context, dll, skipUnloadable: true) is { } assembly)
                {
                    loaded.Add(assembly);
                }
            }

            return loaded;
        }

        if (!File.Exists(full))
        {
            throw new DiscoveryException($"--assembly {path}: no such file or directory");
        }

        var own = new PluginLoadContext(Path.GetDirectoryName(full)!, full);
        return LoadOne(own, full, skipUnloadable: false) is { } one ? [one] : [];
    }

    private static Assembly? LoadOne(PluginLoadContext context, string dll, bool skipUnloadable)
    {
        AssemblyName name;
        try
        {
            name = AssemblyName.GetAssemblyName(dll);
        }
        catch (BadImageFormatException) when (skipUnloadable)
        {
            // A native library sitting next to the managed ones.
            return null;
        }
        catch (BadImageFormatException e)
        {
            throw new DiscoveryException($"--assembly {dll}: not a .NET assembly ({e.Message})");
        }

        // The tool's own copy wins (Oslo.Config must be one type identity); application copies are not loaded twice.
        if (PluginLoadContext.TryLoadShared(name) is { } shared)
        {
            return shared;
        }

        try
        {
            return context.LoadFromAssemblyPath(dll);
        }
        catch (Exception e) when (e is FileLoadException or BadImageFormatException)
        {
            if (skipUnloadable)
            {
                return null;
            }

            throw new DiscoveryException($"--assembly {dll}: cannot load ({e.Message})");
        }
    }
}
