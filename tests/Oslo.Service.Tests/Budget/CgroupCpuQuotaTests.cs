using Oslo.Service.Supervision;

using Xunit;

namespace Oslo.Service.Tests.Budget;

/// <summary>The default worker count from cgroup v2 files written in a temporary directory.</summary>
public sealed class CgroupCpuQuotaTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("oslo-cgroup-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Theory]
    [InlineData("200000 100000", 2.0)]
    [InlineData("150000 100000\n", 1.5)]
    [InlineData("50000 100000", 0.5)]
    [InlineData("300000", 3.0)]
    public void ReadQuota_QuotaAndPeriod_CpusAsAFraction(string cpuMax, double expected)
    {
        string self = Cgroup("/kubepods/pod1/ctr", ("kubepods/pod1/ctr", cpuMax));

        Assert.Equal(expected, CgroupCpuQuota.ReadQuota(_root, self));
    }

    [Theory]
    [InlineData("max 100000")]
    [InlineData("")]
    [InlineData("garbage 100000")]
    [InlineData("100000 0")]
    public void ReadQuota_UnlimitedOrUnreadable_Null(string cpuMax)
    {
        string self = Cgroup("/a", ("a", cpuMax));

        Assert.Null(CgroupCpuQuota.ReadQuota(_root, self));
    }

    [Fact]
    public void ReadQuota_TheTightestOfTheCgroupAndItsParents()
    {
        // A Pod's limit sits on its cgroup; the container's own cpu.max says max.
        string self = Cgroup("/kubepods/pod1/ctr", ("", "max 100000"), ("kubepods", "800000 100000"), ("kubepods/pod1", "250000 100000"), ("kubepods/pod1/ctr", "max 100000"));

        Assert.Equal(2.5, CgroupCpuQuota.ReadQuota(_root, self));
    }

    [Fact]
    public void ReadQuota_CgroupV1Only_Null()
    {
        string self = Path.Combine(_root, "self-cgroup");
        File.WriteAllText(self, "12:cpu,cpuacct:/docker/abc\n11:memory:/docker/abc\n");

        Assert.Null(CgroupCpuQuota.ReadQuota(_root, self));
    }

    [Fact]
    public void ReadQuota_NoProcFile_Null() =>
        Assert.Null(CgroupCpuQuota.ReadQuota(_root, Path.Combine(_root, "missing")));

    [Theory]
    [InlineData("150000 100000", 8, 1)]
    [InlineData("50000 100000", 8, 1)]
    [InlineData("400000 100000", 8, 4)]
    [InlineData("1600000 100000", 8, 8)]
    [InlineData("max 100000", 6, 6)]
    public void DefaultWorkerCount_QuotaRoundedDown_AtLeastOne_AtMostTheCpus(string cpuMax, int processors, int expected)
    {
        // The namespaced view inside a container: "0::/" and the limit on the mount's own cpu.max.
        string self = Cgroup("/", ("", cpuMax));

        Assert.Equal(expected, CgroupCpuQuota.DefaultWorkerCount(_root, self, processors));
    }

    private string Cgroup(string selfPath, params (string Directory, string CpuMax)[] files)
    {
        foreach ((string directory, string cpuMax) in files)
        {
            string path = Path.Combine(_root, directory);
            Directory.CreateDirectory(path);
            File.WriteAllText(Path.Combine(path, "cpu.max"), cpuMax);
        }

        string self = Path.Combine(_root, "self-cgroup");
        File.WriteAllText(self, $"0::{selfPath}\n");
        return self;
    }
}
