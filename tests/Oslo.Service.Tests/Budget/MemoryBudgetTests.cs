using Oslo.Service.Supervision;

using Xunit;

namespace Oslo.Service.Tests.Budget;

/// <summary>The family's budget turned into one worker's GC environment.</summary>
public sealed class MemoryBudgetTests
{
    [Theory]
    [InlineData(512, 4, 134_217_728L)]
    [InlineData(1000, 3, 349_525_333L)]
    [InlineData(0, 4, 0L)]
    [InlineData(256, 0, 268_435_456L)]
    public void ShareBytes_BudgetDividedByWorkers(int budgetMb, int workers, long expected) =>
        Assert.Equal(expected, MemoryBudget.ShareBytes(budgetMb, workers));

    [Fact]
    public void Apply_HardLimitInHex_PercentFromTheParentRemoved_DatasUnlessChosen()
    {
        var environment = new Dictionary<string, string>
        {
            ["DOTNET_GCHeapHardLimitPercent"] = "50",
            ["DOTNET_GCHeapHardLimit"] = "1000000",
            ["PATH"] = "/bin",
        };

        MemoryBudget.Apply(environment, 512, 4);

        Assert.Equal("8000000", environment["DOTNET_GCHeapHardLimit"]);
        Assert.False(environment.ContainsKey("DOTNET_GCHeapHardLimitPercent"));
        Assert.Equal("1", environment["DOTNET_GCDynamicAdaptationMode"]);
        Assert.Equal("/bin", environment["PATH"]);
    }

    [Fact]
    public void Apply_UsersOwnAdaptationMode_Kept()
    {
        var environment = new Dictionary<string, string> { ["DOTNET_GCDynamicAdaptationMode"] = "0" };

        MemoryBudget.Apply(environment, 512, 4);

        Assert.Equal("0", environment["DOTNET_GCDynamicAdaptationMode"]);
    }

    [Fact]
    public void Apply_NoBudget_EnvironmentUntouched()
    {
        var environment = new Dictionary<string, string> { ["DOTNET_GCHeapHardLimitPercent"] = "50" };

        MemoryBudget.Apply(environment, 0, 4);

        Assert.Equal(["DOTNET_GCHeapHardLimitPercent"], environment.Keys);
    }
}
