using Oslo.Config;
using Oslo.Service.Supervision;

using Xunit;

namespace Oslo.Service.Tests.Supervision;

/// <summary>
/// <c>worker_processor_count</c>: each worker's runtime is told its share of the CPUs (<c>DOTNET_PROCESSOR_COUNT</c>)
/// unless the user chose otherwise.
/// </summary>
public sealed class ProcessorShareTests
{
    [Theory]
    [InlineData(2, 2, "1")]
    [InlineData(8, 3, "2")]
    [InlineData(2, 3, "1")]
    [InlineData(16, 4, "4")]
    public void Automatic_CoresDividedByWorkers(int cores, int workers, string expected)
    {
        var environment = new Dictionary<string, string>();
        ProcessorShare.Apply(environment, 0, cores, workers);
        Assert.Equal(expected, environment[ProcessorShare.Variable]);
    }

    [Theory]
    [InlineData(2, 1)]
    [InlineData(4, 0)]
    [InlineData(1, 4)]
    public void Automatic_ShareIsEveryCore_NothingSet(int cores, int workers)
    {
        var environment = new Dictionary<string, string>();
        ProcessorShare.Apply(environment, 0, cores, workers);
        Assert.Empty(environment);
    }

    [Fact]
    public void Automatic_UserSetTheVariable_KeptAsIs()
    {
        var environment = new Dictionary<string, string> { [ProcessorShare.Variable] = "6" };
        ProcessorShare.Apply(environment, 0, 8, 4);
        Assert.Equal("6", environment[ProcessorShare.Variable]);
    }

    [Fact]
    public void Explicit_WinsOverTheInheritedVariable()
    {
        var environment = new Dictionary<string, string> { [ProcessorShare.Variable] = "6" };
        ProcessorShare.Apply(environment, 3, 8, 4);
        Assert.Equal("3", environment[ProcessorShare.Variable]);
    }

    [Fact]
    public void Off_NothingSet()
    {
        var environment = new Dictionary<string, string>();
        ProcessorShare.Apply(environment, -1, 8, 4);
        Assert.Empty(environment);
    }

    [Fact]
    public void Option_ReadFromProcessLauncherGroup()
    {
        var conf = new ConfigOpts();
        ProcessorShareOptions.Register(conf);
        conf.Parse([]);
        // oslo-config services keep the runtime's own count unless told; UseOsloWorkers apps default to the share.
        Assert.Equal(-1, ProcessorShareOptions.Read(conf));
        Assert.Equal(-1, SupervisionSettings.Default.WorkerProcessorCount);
        Assert.Equal(0, new Oslo.Service.Hosting.OsloWorkerOptions().ToSupervisionSettings().WorkerProcessorCount);
        conf.SetOverride("worker_processor_count", 0, "process_launcher");
        Assert.Equal(0, ProcessorShareOptions.Read(conf));
    }
}
