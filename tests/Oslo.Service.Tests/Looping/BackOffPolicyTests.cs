using Oslo.Service.Looping;

using Xunit;

namespace Oslo.Service.Tests.Looping;

public class BackOffPolicyTests
{
    internal static readonly double[] OsloVector =
        [1.6, 2.4, 3.6, 5.4, 8.1, 12.15, 18.225, 27.3375, 41.00625, 61.509375, 92.2640625];

    [Theory]
    [InlineData(0.8)]
    [InlineData(-0.8)] // oslo takes abs() of the gauss draw
    public void Next_RepeatedFailures_FollowOslosVectorThenTimeOut(double draw)
    {
        BackOffParameters options = new();
        BackOffState state = new(options.StartingInterval, 0);
        List<double> sleeps = [];
        BackOffStep step;
        while (!(step = BackOffPolicy.Next(state, success: false, draw, options)).TimedOut)
        {
            sleeps.Add(step.IdleSeconds);
            state = step.State;
        }

        Assert.Equal(OsloVector.Length, sleeps.Count);
        for (int i = 0; i < OsloVector.Length; i++)
        {
            Assert.Equal(OsloVector[i], sleeps[i], 9);
        }

        Assert.True(step.IdleSeconds > 300);
    }

    [Fact]
    public void Next_MaxInterval60_CapsEachSleep()
    {
        BackOffParameters options = new(MaxInterval: 60);
        BackOffState state = new(options.StartingInterval, 0);
        List<double> sleeps = [];
        BackOffStep step;
        while (!(step = BackOffPolicy.Next(state, success: false, 0.8, options)).TimedOut)
        {
            sleeps.Add(step.IdleSeconds);
            state = step.State;
        }

        double[] expected = [.. OsloVector.Take(9), 60, 60, 60];
        Assert.Equal(expected.Length, sleeps.Count);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], sleeps[i], 9);
        }
    }

    [Fact]
    public void Next_Success_ResetsAndSleepsStartingIntervalTimesJitter()
    {
        BackOffParameters options = new();
        BackOffStep failure = BackOffPolicy.Next(new BackOffState(1, 0), success: false, 0.8, options);
        BackOffStep success = BackOffPolicy.Next(failure.State, success: true, 0.8, options);

        Assert.Equal(0.8, success.IdleSeconds, 9);
        Assert.Equal(new BackOffState(1, 0), success.State);
    }

    [Fact]
    public void Next_NoTimeout_NeverTimesOut()
    {
        BackOffParameters options = new(Timeout: 0);
        BackOffState state = new(1, 0);
        for (int i = 0; i < 100; i++)
        {
            BackOffStep step = BackOffPolicy.Next(state, success: false, 0.8, options);
            Assert.False(step.TimedOut);
            state = step.State;
        }
    }
}
