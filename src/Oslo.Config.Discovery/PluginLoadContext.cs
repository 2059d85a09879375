using System.Reflection;
using System.Runtime.Loader;

namespace Oslo.Config.Discovery;

/// <summary>
/// Loads an application's assembly given with <c>--assembly</c> together with its dependencies from next to it,
/// while assemblies the tool already has (Oslo.Config above all) come from the tool's own context: the discovery
/// attribute and the <see cref="Opt"/> types must be the tool's types, or nothing would be found.
/// </summary>
internal sealed class PluginLoadContext : AssemblyLoadContext
{
    private readonly AssemblyDependencyResolver? _resolver;
    private readonly string _directory;

    /// <param name="directory">Where dependencies are probed.</param>
    /// <param name="mainAssemblyPath">The application's main assembly, whose .deps.json (if any) guides resolution.</param>
    public PluginLoadContext(string directory, string? mainAssemblyPath)
        : base($"oslo-config plugins from {directory}")
    {
        _directory = directory;

        // The resolver needs the application's .deps.json; without it we still probe the directory.
        if (mainAssemblyPath is not null && File.Exists(Path.ChangeExtension(mainAssemblyPath, ".deps.json")))
        {
            _resolver = new AssemblyDependencyResolver(mainAssemblyPath);
        }
    }

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (TryLoadShared(assemblyName) is { } shared)
        {
            return shared;
        }

        string? path = _resolver?.ResolveAssemblyToPath(assemblyName);
        if (path is null)
        {
            string candidate = Path.Combine(_directory, assemblyName.Name + ".dll");
            path = File.Exists(candidate) ? candidate : null;
        }

        return path is null ? null : LoadFromAssemblyPath(path);
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        string? path = _resolver?.ResolveUnmanagedDllToPath(unmanagedDllName);
        return path is null ? IntPtr.Zero : LoadUnmanagedDllFromPath(path);
    }

    /// <summary>An assembly the tool's own context already has or can load (framework, Oslo.*), or null.</summary>
    internal static Assembly? TryLoadShared(AssemblyName assemblyName)
    {
        foreach (var loaded in Default.Assemblies)
        {
            if (AssemblyName.ReferenceMatchesDefinition(assemblyName, loaded.GetName()) ||
                string.Equals(loaded.GetName().Name, assemblyName.Name, StringComparison.OrdinalIgnoreCase))
            {
                return loaded;
            }
        }

        try
        {
            return Default.LoadFromAssemblyName(assemblyName);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (FileLoadException)
        {
            return null;
        }
    }
}
