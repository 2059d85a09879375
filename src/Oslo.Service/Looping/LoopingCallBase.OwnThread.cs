using Oslo.Service.Interop;
using Oslo.Service.Logging;
using Oslo.Service.Threading;
using Oslo.Service.Timing;

namespace Oslo.Service.Looping;

// The loop on a thread of its own (a short fixed interval on the real clock, Linux): one precise, interruptible
// system call per sleep instead of the shared timer thread and a thread-pool hop.
public abstract partial class LoopingCallBase
{
    /// <summary>
    /// The loop of <see cref="RunLoopAsync"/> on a thread of its own: each sleep is one <c>poll</c> on a timerfd armed
    /// for the deadline (<see cref="ThreadWait"/>), woken early by a stop; a callback that completes synchronously runs
    /// inline, one that does not is waited for on this thread. One wake-up per period instead of the shared timer thread's wake-ups and
    /// a thread-pool hop, for the price of a thread.
    /// </summary>
    private void RunLoopOnThread(
        Func<object?, long, long, TimeSpan> idleFor,
        TimeSpan? initialDelay,
        bool stopOnException,
        CancellationTokenSource abortSource,
        CancellationTokenSource cancelSource,
        TaskCompletionSource<object?> done)
    {
        TimingContext.Owner = this;
        CancellationToken abort = abortSource.Token;
        CancellationToken cancel = cancelSource.Token;
        object? outcome = true;
        Exception? failure = null;
        using (var wait = new ThreadWait())
        {
            CancellationTokenRegistration interrupt = abort.UnsafeRegister(static w => ((ThreadWait)w!).Interrupt(), wait);
            try
            {
                if (initialDelay is { } delay && delay > TimeSpan.Zero)
                {
                    _ = wait.WaitUntil(TimeProvider.GetTimestamp() + Timing.WaitPlan.ToTimestampTicks(delay, TimeProvider.TimestampFrequency));
                }

                while (!abort.IsCancellationRequested)
                {
                    long startedAt = TimeProvider.GetTimestamp();
                    ValueTask<object?> run = stopOnException ? _callback(cancel) : InvokeSafelyAsync(cancel);
                    object? result = run.IsCompletedSuccessfully ? run.Result : run.AsTask().GetAwaiter().GetResult();
                    if (abort.IsCancellationRequested)
                    {
                        break;
                    }

                    long endedAt = TimeProvider.GetTimestamp();
                    TimeSpan idle = idleFor(result, startedAt, endedAt);
                    Logger.LoopingCallSleeping(Kind, Name, Math.Max(0, idle.TotalSeconds));
                    if (idle > TimeSpan.Zero)
                    {
                        _ = wait.WaitUntil(endedAt + Timing.WaitPlan.ToTimestampTicks(idle, TimeProvider.TimestampFrequency));
                    }
                }
            }
            catch (LoopingCallDone doneSignal)
            {
                outcome = doneSignal.ReturnValue;
            }
            catch (OperationCanceledException) when (cancel.IsCancellationRequested)
            {
                // A cooperative callback honoured Cancel(): the loop was stopped, not failed.
            }
            catch (Exception ex)
            {
                Logger.LoopingCallFailed(ex, Kind, Name);
                failure = ex;
            }

            // Waits for an interrupt in progress, so that none writes to the eventfd once it is closed.
            interrupt.Dispose();
        }

        Finish(abortSource, cancelSource, done, outcome, failure);
    }
}
