using System.Reflection;

using Oslo.Config.Discovery;

using Xunit;

namespace Oslo.Config.Tests.Generator;

// Option discovery is one library (Oslo.Config.Discovery) both tools use; the validator does not reach into the
// generator (issue #14 item 4), and every library namespace is found without --assembly (issue #15).
public class DiscoveryTests
{
    [Fact]
    public void Catalog_FindsEveryLibraryNamespace_IncludingTheDebugConsoles()
    {
        OptsCatalog catalog = OptsCatalog.Load([]);
        Assert.Contains("oslo.service.backdoor", catalog.Namespaces);
        var listed = catalog.List(["oslo.service.backdoor"]).SelectMany(l => l.Groups).SelectMany(g => g.Opts).Select(o => o.Name);
        Assert.Contains("backdoor_token_file", listed);
    }

    [Fact]
    public void Validator_DoesNotReferenceTheGenerator()
    {
        Assembly validator = Assembly.Load("oslo-config-validator");
        Assert.DoesNotContain(validator.GetReferencedAssemblies(), r => r.Name == "oslo-config-generator");
        Assert.Contains(validator.GetReferencedAssemblies(), r => r.Name == "Oslo.Config.Discovery");
        Assert.DoesNotContain(Assembly.Load("oslo-config-generator").GetCustomAttributes<System.Runtime.CompilerServices.InternalsVisibleToAttribute>(),
            a => a.AssemblyName == "oslo-config-validator");
    }

    [Fact]
    public void OptionsPage_ListsTheBackdoorTokenFile()
    {
        string? dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "OsloService.slnx")))
        {
            dir = Path.GetDirectoryName(dir);
        }

        string page = File.ReadAllText(Path.Combine(dir!, "docs", "options.md"));
        Assert.Contains("## oslo.service.backdoor", page, StringComparison.Ordinal);
        Assert.Contains("#backdoor_token_file = <None>", page, StringComparison.Ordinal);
    }
}
