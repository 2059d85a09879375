using Oslo.Config.Tests.Generator;

// Namespaces the tools find in this (loaded) test assembly, exactly as they find an application's.
[assembly: Oslo.Config.OsloConfigOpts("demo", typeof(TestNamespaces), nameof(TestNamespaces.ListDemo))]
[assembly: Oslo.Config.OsloConfigOpts("extras", typeof(TestNamespaces), nameof(TestNamespaces.ListExtras))]
[assembly: Oslo.Config.OsloConfigOpts("aaa", typeof(TestNamespaces), nameof(TestNamespaces.ListAaa))]
[assembly: Oslo.Config.OsloConfigOpts("broken", typeof(TestNamespaces), nameof(TestNamespaces.ListBroken))]

namespace Oslo.Config.Tests.Generator;

/// <summary>Option lists published by the test assembly for the tools' command-line tests.</summary>
public static class TestNamespaces
{
    /// <summary>The reference's demo namespace.</summary>
    public static IReadOnlyList<(OptGroup? Group, IReadOnlyList<Opt> Opts)> ListDemo() => GoldenScenarios.Demo[0].Groups;

    /// <summary>The "extras" namespace of the golden scenario of that name.</summary>
    public static IReadOnlyList<(OptGroup? Group, IReadOnlyList<Opt> Opts)> ListExtras() =>
        GoldenScenarios.Get("extras").Single(l => l.Namespace == "extras").Groups;

    /// <summary>The "aaa" namespace of the golden scenario "extras".</summary>
    public static IReadOnlyList<(OptGroup? Group, IReadOnlyList<Opt> Opts)> ListAaa() =>
        GoldenScenarios.Get("extras").Single(l => l.Namespace == "aaa").Groups;

    /// <summary>A namespace whose list method fails, as a broken entry point does.</summary>
    public static IReadOnlyList<(OptGroup? Group, IReadOnlyList<Opt> Opts)> ListBroken() =>
        throw new InvalidOperationException("the options module failed to import");
}
