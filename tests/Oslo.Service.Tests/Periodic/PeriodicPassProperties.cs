using CsCheck;

using Oslo.Service.Tests.Support;

using Microsoft.Extensions.Time.Testing;

using Oslo.Service.Periodic;

using Xunit;

namespace Oslo.Service.Tests.Periodic;

/// <summary>The one-walk pass against the rule it implements, over generated task sets.</summary>
public class PeriodicPassProperties
{
    [Fact]
    public void RunPeriodicTasksAsync_Idle_IsTheMinimumOfSixtySpacingAndDueInMeasuredAtTheEnd() =>
        Gen.Select(
                Gen.Select(Gen.Int[0, 120], Gen.Bool, Gen.Bool, Gen.Int[0, 3000]).Array[1, 12],
                Gen.Bool,
                Gen.Int[0, 200_000],
                Gen.Int[1, 3])
            .Sample((specs, runExternal, startMs, passes) =>
            {
                FakeTimeProvider clock = new();
                PeriodicTasks tasks = new(runExternal, clock, random: new FixedRandom(0.5));
                for (int i = 0; i < specs.Length; i++)
                {
                    (int spacing, bool immediate, bool external, int runMs) = specs[i];
                    tasks.AddPeriodicTask(new PeriodicTask(
                        "t" + i,
                        _ => clock.Advance(TimeSpan.FromMilliseconds(runMs)), // a task that takes runMs to run
                        TimeSpan.FromSeconds(spacing),
                        immediate,
                        external));
                }

                clock.Advance(TimeSpan.FromMilliseconds(startMs));
                for (int pass = 0; pass < passes; pass++)
                {
                    TimeSpan idle = tasks.RunPeriodicTasksAsync(null).GetAwaiter().GetResult();

                    TimeSpan end = tasks.Now();
                    TimeSpan expected = PeriodicTasks.DefaultInterval;
                    for (int i = 0; i < specs.Length; i++)
                    {
                        if (specs[i].Item3 && !runExternal)
                        {
                            continue;
                        }

                        TimeSpan spacing = tasks.SpacingOf("t" + i);
                        TimeSpan dueIn = PeriodicSchedule.DueIn(tasks.LastRun("t" + i), spacing, end);
                        expected = new[] { expected, spacing, dueIn }.Min();
                    }

                    Assert.Equal(expected > TimeSpan.Zero ? expected : TimeSpan.Zero, idle);
                    clock.Advance(idle);
                }
            });
}
