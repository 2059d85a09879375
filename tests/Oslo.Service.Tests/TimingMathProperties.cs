using CsCheck;

using Oslo.Service.Looping;
using Oslo.Service.Periodic;
using Oslo.Service.Retry;

using Xunit;

namespace Oslo.Service.Tests;

/// <summary>Properties of the pure timing math, over generated numbers (whole milliseconds keep them exact).</summary>
public class TimingMathProperties
{
    private static TimeSpan Ms(long ms) => TimeSpan.FromMilliseconds(ms);

    [Fact]
    public void NearestBoundary_WithoutJitter_IsOnTheGridAtOrBeforeNowAndWithinOneSpacing() =>
        Gen.Select(Gen.Long[0, 10_000_000], Gen.Long[1, 1_000_000], Gen.Long[0, 10_000_000])
            .Sample((last, spacing, ahead) =>
            {
                TimeSpan now = Ms(last + spacing + ahead); // a due task: now >= last + spacing
                TimeSpan boundary = PeriodicSchedule.NearestBoundary(Ms(last), Ms(spacing), now, 0);
                Assert.True(boundary <= now);
                Assert.True(now - boundary < Ms(spacing));
                Assert.Equal(0, (boundary - Ms(last)).Ticks % Ms(spacing).Ticks);
            });

    [Fact]
    public void NearestBoundary_Jitter_IsWholeSecondsAndAtMostFivePercent() =>
        Gen.Select(Gen.Long[1, 10_000_000], Gen.Double[0, 0.999999])
            .Sample((spacing, random) =>
            {
                TimeSpan now = Ms(3 * spacing);
                TimeSpan plain = PeriodicSchedule.NearestBoundary(TimeSpan.Zero, Ms(spacing), now, 0);
                TimeSpan jitter = PeriodicSchedule.NearestBoundary(TimeSpan.Zero, Ms(spacing), now, random) - plain;
                Assert.Equal(0, jitter.Ticks % TimeSpan.TicksPerSecond);
                Assert.True(jitter.TotalMilliseconds <= spacing / 20.0);
            });

    [Fact]
    public void FixedInterval_SleepPlusRunIsThePeriodUnlessItOverran() =>
        Gen.Select(Gen.Long[1, 100_000], Gen.Long[0, 200_000])
            .Sample((interval, elapsed) =>
            {
                (TimeSpan idle, TimeSpan overrun) = FixedIntervalPolicy.IdleFor(Ms(interval), Ms(elapsed));
                Assert.True(idle >= TimeSpan.Zero);
                if (elapsed < interval)
                {
                    Assert.Equal(Ms(interval), idle + Ms(elapsed));
                    Assert.Equal(TimeSpan.Zero, overrun);
                }
                else
                {
                    Assert.Equal(TimeSpan.Zero, idle);
                }
            });

    [Fact]
    public void FixedInterval_NextStartStaysOnTheGridAndNeverQueues() =>
        Gen.Select(Gen.Long[0, 1_000_000], Gen.Long[1, 100_000], Gen.Long[0, 1_000_000])
            .Sample((intendedK, interval, now) =>
            {
                TimeSpan intended = Ms(intendedK * interval);
                TimeSpan next = FixedIntervalPolicy.NextStart(intended, Ms(interval), Ms(now));
                Assert.Equal(0, next.Ticks % Ms(interval).Ticks); // on the grid: the phase is kept
                Assert.True(next > intended);
                if (next <= Ms(now))
                {
                    Assert.True(Ms(now) - next < Ms(interval)); // overdue: only the latest missed point runs
                }
                else
                {
                    Assert.Equal(intended + Ms(interval), next);
                }
            });

    [Fact]
    public void BackOff_SleepsStayWithinMinAndMaxAndTheTotalWithinTheTimeout() =>
        Gen.Select(Gen.Double[0.01, 5], Gen.Double[1, 100], Gen.Double[0.1, 2])
            .Sample((starting, max, jitter) =>
            {
                BackOffParameters options = new(StartingInterval: starting, Timeout: 300, MaxInterval: max, Jitter: jitter, MinInterval: 0.001);
                BackOffState state = new(starting, 0);
                double total = 0;
                for (int i = 0; i < 1000; i++)
                {
                    BackOffStep step = BackOffPolicy.Next(state, success: false, jitter, options);
                    if (step.TimedOut)
                    {
                        Assert.True(step.IdleSeconds > 300);
                        return;
                    }

                    Assert.InRange(step.IdleSeconds, 0.001, max);
                    total += step.IdleSeconds;
                    Assert.True(total <= 300 + 1e-9);
                    state = step.State;
                }
            });

    [Fact]
    public void Retry_SleepsGrowLinearlyAndNeverPassTheCap() =>
        Gen.Select(Gen.Int[1, 1000], Gen.Long[0, 100_000], Gen.Long[0, 1_000_000])
            .Sample((retry, inc, max) =>
            {
                TimeSpan sleep = RetryPolicy.SleepBefore(retry, Ms(inc), Ms(max));
                Assert.Equal(Ms(Math.Min(retry * inc, max)), sleep);
            });
}
