using System.Net.Sockets;
using System.Text;

namespace Oslo.Service.Backdoor.Console;

// What a session writes back: results and exceptions formatted for the console, and the socket writes (Print from
// typed code, the prompt and results from the session) under one lock so lines stay whole.
internal sealed partial class ConsoleSession
{
    private string Describe(EvaluationResult result)
    {
        if (result.Errors.Count > 0)
        {
            return string.Join('\n', result.Errors);
        }

        if (result.Exception is { } exception)
        {
            return exception is OperationCanceledException ? "Cancelled." : FormatException(exception);
        }

        return result.HasValue ? ValueFormatter.Format(result.Value) : "";
    }

    // The typed code's own frames are useful; the scripting machinery below them is not.
    private static string FormatException(Exception exception)
    {
        var text = new StringBuilder();
        text.Append(exception.GetType().FullName).Append(": ").Append(exception.Message).Append('\n');
        foreach (string frame in (exception.StackTrace ?? "").Split('\n'))
        {
            if (frame.Contains("Microsoft.CodeAnalysis.Scripting", StringComparison.Ordinal) || frame.Contains("--- End of stack trace", StringComparison.Ordinal))
            {
                break;
            }

            text.Append(frame.TrimEnd('\r')).Append('\n');
        }

        if (exception.InnerException is { } inner)
        {
            text.Append(" ---> ").Append(inner.GetType().FullName).Append(": ").Append(inner.Message).Append('\n');
        }

        return text.ToString();
    }

    private BackdoorGlobals Globals() => _globals ??= new BackdoorGlobals(_context, Print, Roots);

    private IEnumerable<object?> Roots()
    {
        yield return _context.Conf;
        yield return _context.Launcher;
        foreach (object service in _context.Services)
        {
            yield return service;
        }

        if (_evaluator is not null)
        {
            foreach (object? variable in _evaluator.Variables)
            {
                yield return variable;
            }
        }
    }

    private void Print(string text)
    {
        // Called from typed code on the evaluation's thread; the write is short and the lock keeps lines whole.
        _writeLock.Wait(_closed.Token);
        try
        {
            byte[] bytes = Encoding.UTF8.GetBytes(text);
            _stream.Write(bytes);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task WriteAsync(string text, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _stream.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    // Best effort: the peer may already be gone, or not reading.
    private async Task TryWriteAsync(string text)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        try
        {
            await WriteAsync(text, deadline.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    private static string Terminate(string text) => text.Length == 0 || text.EndsWith('\n') ? text : text + "\n";
}
