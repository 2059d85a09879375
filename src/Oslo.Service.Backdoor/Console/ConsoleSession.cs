using System.Globalization;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Channels;

using Microsoft.Extensions.Logging;

using Oslo.Service.Backdoor.Commands;
using Oslo.Service.Backdoor.Logging;
using Oslo.Service.Extensions;

namespace Oslo.Service.Backdoor.Console;

/// <summary>
/// One connection to the console: its own C# state, its own evaluation, its own cancellation. Whatever happens in a
/// session (a crash in typed code, a disconnect mid-evaluation) stays in the session.
/// </summary>
internal sealed partial class ConsoleSession : IAsyncDisposable
{
    /// <summary>Characters of unfinished code (a block still open) a session may hold before it is ended.</summary>
    internal const int MaxPendingCode = 64 * 1024;

    private const string Prompt = ">>> ";
    private const string Continuation = "... ";

    // Lines read ahead of the evaluation; past this the reader stops reading, and TCP pushes back on the client.
    private const int MaxQueuedLines = 64;

    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly int _id;
    private readonly BackdoorOptions _options;
    private readonly ConsoleCommands _commands;
    private readonly ProcessExtensionContext _context;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly CancellationTokenSource _closed = new();
    private readonly Channel<string> _lines = Channel.CreateBounded<string>(new BoundedChannelOptions(MaxQueuedLines)
    {
        SingleReader = true,
        SingleWriter = true,
        FullMode = BoundedChannelFullMode.Wait,
    });
    private readonly LineReader _reader;
    private BackdoorGlobals? _globals;
    private ScriptEvaluator? _evaluator;
    private CancellationTokenSource? _running;

    internal ConsoleSession(Socket socket, int id, BackdoorOptions options, ConsoleCommands commands, ProcessExtensionContext context, ILogger logger)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _id = id;
        _options = options;
        _commands = commands;
        _context = context;
        _logger = logger;
        _reader = new LineReader(_stream, () => CancelRunning());
    }

    /// <summary>
    /// Asks for the token and reads the first line, within <paramref name="timeout"/>. Runs before the connection
    /// holds a session slot, so connections that never authenticate cannot lock operators out.
    /// </summary>
    /// <returns>Null when the token matched; otherwise why the connection is refused (it has been told and is to be closed).</returns>
    internal async Task<string?> AuthenticateAsync(string token, TimeSpan timeout, CancellationToken stopping)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stopping, _closed.Token);
        deadline.CancelAfter(timeout);
        string? given;
        try
        {
            await WriteAsync("Token: ", deadline.Token).ConfigureAwait(false);
            given = await _reader.ReadLineAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            await TryWriteAsync("\nAuthentication timed out\n").ConfigureAwait(false);
            return $"no token within {timeout.TotalSeconds:0.#} s";
        }
        catch (Exception exception) when (exception is IOException or SocketException or ObjectDisposedException or EndOfStreamException or InvalidDataException or OperationCanceledException)
        {
            return "disconnected before sending a token";
        }

        byte[] expected = Encoding.UTF8.GetBytes(token);
        byte[] actual = Encoding.UTF8.GetBytes(given?.Trim() ?? "");
        if (CryptographicOperations.FixedTimeEquals(expected, actual))
        {
            return null;
        }

        await TryWriteAsync("Authentication failed\n").ConfigureAwait(false);
        return "wrong token";
    }

    /// <summary>Tells the client why it is refused (best effort) before the connection is closed.</summary>
    internal Task RefuseAsync(string message) => TryWriteAsync(message);

    /// <summary>Serves the connection until the peer disconnects or the backdoor stops.</summary>
    internal async Task RunAsync()
    {
        CancellationToken closed = _closed.Token;
        string remote = _socket.RemoteEndPoint?.ToString() is { Length: > 0 } r ? r : "unix socket";
        try
        {
            _logger.BackdoorSessionOpened(_id, remote);
            _evaluator = new ScriptEvaluator(Globals());
            _evaluator.WarmUp(closed);
            Task pump = PumpLinesAsync(_reader, closed);
            await WriteAsync(
                $"Oslo.Service debug console, process {Environment.ProcessId} ({_context.Role}), session {_id}. Type help for commands; anything else is C#.\n{Prompt}",
                closed).ConfigureAwait(false);
            var pending = new StringBuilder();
            await foreach (string line in _lines.Reader.ReadAllAsync(closed).ConfigureAwait(false))
            {
                await HandleLineAsync(line, pending, closed).ConfigureAwait(false);
            }

            await pump.ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is IOException or SocketException or OperationCanceledException or ObjectDisposedException or EndOfStreamException)
        {
            // The peer went away or the backdoor is stopping: the session simply ends.
        }
        catch (InputTooLongException)
        {
            _logger.BackdoorSessionInputTooLong(_id, MaxPendingCode);
            await TryWriteAsync($"\nInput too long (more than {MaxPendingCode} characters of unfinished code); session closed\n").ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            _logger.BackdoorSessionFailed(_id, exception);
        }
        finally
        {
            CancelRunning();
            _logger.BackdoorSessionClosed(_id);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _closed.CancelAsync().ConfigureAwait(false);
        CancelRunning();
        _socket.Dispose();
        await _stream.DisposeAsync().ConfigureAwait(false);
    }

    // Lines are read apart from the evaluation, so "cancel" and Ctrl-C reach a session that is busy evaluating.
    private async Task PumpLinesAsync(LineReader reader, CancellationToken cancellationToken)
    {
        try
        {
            while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
            {
                if (line.Trim() == "cancel")
                {
                    if (!CancelRunning())
                    {
                        await _lines.Writer.WriteAsync("", cancellationToken).ConfigureAwait(false);
                    }

                    continue;
                }

                await _lines.Writer.WriteAsync(line, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (exception is IOException or SocketException or OperationCanceledException or ObjectDisposedException or EndOfStreamException or InvalidDataException)
        {
            // Disconnected: close the session below.
        }
        finally
        {
            // Closing the session cancels what it runs; the service is not affected.
            CancelRunning();
            _lines.Writer.TryComplete();
        }
    }

    private async Task HandleLineAsync(string line, StringBuilder pending, CancellationToken cancellationToken)
    {
        if (pending.Length == 0)
        {
            string? output = await RunCancellableAsync(ct => _commands.TryRunAsync(line, Roots, ct), cancellationToken).ConfigureAwait(false);
            if (output is not null)
            {
                await WriteAsync(Terminate(output) + Prompt, cancellationToken).ConfigureAwait(false);
                return;
            }

            if (line.Trim().Length == 0)
            {
                await WriteAsync(Prompt, cancellationToken).ConfigureAwait(false);
                return;
            }
        }

        if (pending.Length + line.Length + 1 > MaxPendingCode)
        {
            throw new InputTooLongException();
        }

        pending.Append(line).Append('\n');
        string code = pending.ToString();
        if (line.Trim().Length > 0 && !CancellationInjector.IsComplete(code))
        {
            await WriteAsync(Continuation, cancellationToken).ConfigureAwait(false);
            return;
        }

        pending.Clear();
        _evaluator ??= new ScriptEvaluator(Globals());
        string result = await RunCancellableAsync(async ct => Describe(await _evaluator.EvaluateAsync(code, ct).ConfigureAwait(false)), cancellationToken).ConfigureAwait(false)
            ?? "";
        await WriteAsync(Terminate(result) + Prompt, cancellationToken).ConfigureAwait(false);
    }

    // Runs work on the thread pool (never on the session's reader) and stops waiting for it when cancelled.
    private async Task<string?> RunCancellableAsync(Func<CancellationToken, Task<string?>> work, CancellationToken closed)
    {
        using var running = CancellationTokenSource.CreateLinkedTokenSource(closed);
        Volatile.Write(ref _running, running);
        try
        {
            Task<string?> task = Task.Run(() => work(running.Token), CancellationToken.None);
            var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using CancellationTokenRegistration registration = running.Token.Register(() => cancelled.TrySetResult());
            if (await Task.WhenAny(task, cancelled.Task).ConfigureAwait(false) == task)
            {
                return await ResultOrError(task).ConfigureAwait(false);
            }

            closed.ThrowIfCancellationRequested();
            if (await Task.WhenAny(task, Task.Delay(_options.CancelGracePeriod, CancellationToken.None)).ConfigureAwait(false) == task)
            {
                return "Cancelled.";
            }

            string seconds = _options.CancelGracePeriod.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture);
            return "Cancelled; the evaluation did not stop within " + seconds + " s and keeps running in the background "
                + "(loops check for cancellation, blocking calls do not).";
        }
        finally
        {
            Interlocked.CompareExchange<CancellationTokenSource?>(ref _running, null, running);
        }
    }

    private static async Task<string?> ResultOrError(Task<string?> task)
    {
        try
        {
            return await task.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return "Cancelled.";
        }
        catch (Exception exception)
        {
            return FormatException(exception);
        }
    }

    private bool CancelRunning()
    {
        if (Volatile.Read(ref _running) is { } running)
        {
            try
            {
                running.Cancel();
                return true;
            }
            catch (ObjectDisposedException)
            {
                return false;
            }
        }

        return false;
    }
}
