namespace Oslo.Service.Threading;

/// <summary>
/// A long-running task of a <see cref="ThreadGroup"/> (oslo's <c>threadgroup.Thread</c>). .NET cannot kill a thread,
/// so <see cref="Stop"/> cancels the <see cref="CancellationToken"/> the callback was given and the callback is
/// expected to return promptly.
/// </summary>
public sealed class GroupThread
{
    private static int s_nextIdent;

    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _state; // 0 = not started, 1 = started, 2 = cancelled before it started

    internal GroupThread(string name)
    {
        Name = name;
        Ident = Interlocked.Increment(ref s_nextIdent);
    }

    /// <summary>A number that identifies this thread within the process (oslo's <c>ident</c>).</summary>
    public int Ident { get; }

    /// <summary>The callback's name.</summary>
    public string Name { get; }

    /// <summary>
    /// Completes when the callback has returned and the thread has left its group: successfully, faulted with the
    /// callback's exception, or cancelled when the callback honoured <see cref="Stop"/> or never started.
    /// </summary>
    public Task Completion => _completion.Task;

    /// <summary>Whether the thread has finished.</summary>
    public bool IsCompleted => _completion.Task.IsCompleted;

    /// <summary>The group thread whose callback is running on the current async flow, if any.</summary>
    internal static GroupThread? Current => TimingContext.Owner as GroupThread;

    /// <summary>The token given to the callback.</summary>
    internal CancellationToken StopToken => _stop.Token;

    /// <summary>Asks the callback to stop by cancelling its token (oslo's <c>kill()</c>, made cooperative).</summary>
    public void Stop()
    {
        try
        {
            _stop.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The thread has already finished.
        }
    }

    /// <summary>Prevents the callback from running if it has not started yet (oslo's <c>cancel()</c>).</summary>
    /// <returns>Whether the callback was prevented from running.</returns>
    public bool Cancel()
    {
        bool cancelled = Interlocked.CompareExchange(ref _state, 2, 0) == 0;
        if (cancelled)
        {
            Stop();
        }

        return cancelled;
    }

    /// <summary>Waits for the thread to finish and rethrows the callback's exception (oslo's <c>wait()</c>).</summary>
    /// <param name="cancellationToken">Stops waiting (not the thread).</param>
    /// <returns>A task that completes as <see cref="Completion"/> does.</returns>
    public Task WaitAsync(CancellationToken cancellationToken = default) => Completion.WaitAsync(cancellationToken);

    /// <summary>Runs the callback unless cancelled first, then reports to the group and completes.</summary>
    /// <param name="callback">The callback.</param>
    /// <param name="onFailed">Logs a failure; runs before completion.</param>
    /// <param name="onDone">Removes the thread from its group and frees its slot; runs after completion, so a thread
    /// is never missing from its group while it has not completed.</param>
    /// <returns>A task that completes after <paramref name="onDone"/>.</returns>
    internal async Task RunAsync(Func<CancellationToken, Task> callback, Action<GroupThread, Exception> onFailed, Action<GroupThread> onDone)
    {
        Exception? failure = null;
        bool cancelled = false;
        if (Interlocked.CompareExchange(ref _state, 1, 0) != 0)
        {
            cancelled = true;
        }
        else
        {
            TimingContext.Owner = this;
            try
            {
                await callback(_stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                cancelled = true;
            }
            catch (Exception ex)
            {
                failure = ex;
            }
        }

        _stop.Dispose();
        if (failure is not null)
        {
            onFailed(this, failure);
            _completion.SetException(failure);
        }
        else if (cancelled)
        {
            _completion.SetCanceled();
        }
        else
        {
            _completion.SetResult();
        }

        onDone(this);
    }
}
