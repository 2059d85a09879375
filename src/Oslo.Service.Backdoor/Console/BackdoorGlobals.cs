using System.Diagnostics.CodeAnalysis;

using Oslo.Config;
using Oslo.Service.Extensions;
using Oslo.Service.Launching;

namespace Oslo.Service.Backdoor.Console;

/// <summary>
/// What C# typed into the debug console sees as globals: the process's configuration, launcher and services, the
/// process itself, and oslo's helper <c>fo</c>. One instance per session (sessions are isolated).
/// </summary>
/// <remarks>Public because Roslyn's compiled submissions bind to it; not meant to be used from service code.</remarks>
public sealed class BackdoorGlobals
{
    private readonly Action<string> _print;
    private readonly Func<IEnumerable<object?>> _roots;

    internal BackdoorGlobals(ProcessExtensionContext context, Action<string> print, Func<IEnumerable<object?>> roots)
    {
        Context = context;
        _print = print;
        _roots = roots;
    }

    /// <summary>The process as its launcher describes it (role, worker id, backdoor port).</summary>
    public ProcessExtensionContext Context { get; }

    /// <summary>The configuration (oslo's <c>CONF</c>).</summary>
    public ConfigOpts Conf => Context.Conf;

    /// <summary>The launcher running this process's services, if any.</summary>
    public Launcher? Launcher => Context.Launcher;

    /// <summary>The services running in this process.</summary>
    public IReadOnlyList<ServiceBase> Services => Context.Services;

    /// <summary>This process.</summary>
    public System.Diagnostics.Process Process { get; } = System.Diagnostics.Process.GetCurrentProcess();

    /// <summary>Cancelled when the operator cancels the running evaluation (Ctrl-C or <c>cancel</c>); pass it on.</summary>
    public CancellationToken Cancellation { get; internal set; }

    /// <summary>Writes a value to this session (<c>Console.WriteLine</c> would go to the service's own output).</summary>
    /// <param name="value">The value, printed readably.</param>
    public void Print(object? value) => _print(ValueFormatter.Format(value) + "\n");

    /// <summary>
    /// oslo's <c>fo(t)</c>: live objects of type <typeparamref name="T"/> reachable from the services, the launcher,
    /// the configuration, this session's variables and the static fields of the application's assemblies.
    /// </summary>
    [SuppressMessage("Style", "IDE1006:Naming Styles", Justification = "oslo's backdoor helper name, kept for operators.")]
    public IReadOnlyList<T> fo<T>() => [.. ObjectFinder.Find(typeof(T), _roots()).Cast<T>()];

    /// <summary>oslo's <c>fo(t)</c> for a <see cref="Type"/> (see <see cref="fo{T}"/>).</summary>
    /// <param name="type">The type; instances of derived types count.</param>
    [SuppressMessage("Style", "IDE1006:Naming Styles", Justification = "oslo's backdoor helper name, kept for operators.")]
    public IReadOnlyList<object> fo(Type type) => ObjectFinder.Find(type, _roots());
}
