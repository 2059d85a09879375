using System.Reflection;

using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;

namespace Oslo.Service.Backdoor.Console;

/// <summary>
/// One session's C# state (Roslyn scripting): each submission continues from the previous one, so variables and
/// methods defined on one line are there on the next. Created at a session's first evaluation, so a backdoor that
/// nobody uses never loads the compiler.
/// </summary>
internal sealed class ScriptEvaluator
{
    private static readonly string[] s_imports =
    [
        "System", "System.Linq", "System.Collections.Generic", "System.Diagnostics", "System.Threading",
        "System.Threading.Tasks", "Oslo.Config", "Oslo.Service.Launching", "Oslo.Service.Extensions",
    ];

    private readonly BackdoorGlobals _globals;
    private ScriptState<object>? _state;
    private ScriptOptions? _options;
    private int _referencedAssemblies;
    private Task? _warmUp;

    internal ScriptEvaluator(BackdoorGlobals globals)
    {
        _globals = globals;
    }

    /// <summary>The variables defined so far, for <c>fo</c>'s roots.</summary>
    internal IEnumerable<object?> Variables => _state?.Variables.Select(v => v.Value) ?? [];

    /// <summary>
    /// Loads and runs the compiler once in the background (a first submission of <c>0</c>) while the operator reads
    /// the banner: the first real evaluation then costs what every later one does.
    /// </summary>
    internal void WarmUp(CancellationToken cancellationToken) =>
        _warmUp = Task.Run(() => EvaluateCoreAsync("0", cancellationToken), cancellationToken);

    /// <summary>Compiles and runs one submission. Never throws for the submission's own errors.</summary>
    internal async Task<EvaluationResult> EvaluateAsync(string code, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _warmUp, null) is { } warmUp)
        {
            try
            {
                await warmUp.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // A failed warm-up only means the first real submission does the work itself.
            }
        }

        return await EvaluateCoreAsync(code, cancellationToken).ConfigureAwait(false);
    }

    private async Task<EvaluationResult> EvaluateCoreAsync(string code, CancellationToken cancellationToken)
    {
        string rewritten = CancellationInjector.Rewrite(code);
        _globals.Cancellation = cancellationToken;
        ScriptState<object> state;
        try
        {
            ScriptOptions options = Options();
            state = _state is null
                ? await CSharpScript.Create(rewritten, options, typeof(BackdoorGlobals))
                    .RunAsync(_globals, static _ => true, cancellationToken).ConfigureAwait(false)
                : await _state.ContinueWithAsync(rewritten, options, static _ => true, cancellationToken).ConfigureAwait(false);
        }
        catch (CompilationErrorException exception)
        {
            return new EvaluationResult(false, null, [.. exception.Diagnostics.Select(d => d.ToString())], null);
        }

        _state = state;
        if (state.Exception is { } thrown)
        {
            return new EvaluationResult(false, null, [], thrown);
        }

        return new EvaluationResult(state.ReturnValue is not null, state.ReturnValue, [], null);
    }

    // Every assembly loaded (the service's own included) is referenced, so its types can be named; the options are
    // rebuilt only when more assemblies have been loaded, because resolving the references is most of a small
    // submission's cost.
    private ScriptOptions Options()
    {
        Assembly[] loaded = [.. AppDomain.CurrentDomain.GetAssemblies().Where(a => !a.IsDynamic && !string.IsNullOrEmpty(a.Location))];
        if (_options is null || loaded.Length != _referencedAssemblies)
        {
            _referencedAssemblies = loaded.Length;
            _options = ScriptOptions.Default
                .WithReferences(loaded)
                .WithImports(s_imports)
                .WithLanguageVersion(Microsoft.CodeAnalysis.CSharp.LanguageVersion.Latest)
                .WithEmitDebugInformation(false);
        }

        return _options;
    }
}
