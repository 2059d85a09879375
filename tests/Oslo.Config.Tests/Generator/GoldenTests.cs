using Oslo.Config.Generator.Formatting;
using Oslo.Config.Generator.Model;

using Xunit;

namespace Oslo.Config.Tests.Generator;

/// <summary>
/// The whole INI output compared byte for byte with what the real Python oslo-config-generator (oslo.config 9.0.0,
/// Debian's python3-oslo.config) wrote for the same options; see Golden/make_golden.py.
/// </summary>
public class GoldenTests
{
    public static TheoryData<string, int, bool, bool> Scenarios => new()
    {
        { "empty", 70, false, false },
        { "single_namespace", 70, false, false },
        { "multiple_namespaces", 70, false, false },
        { "group", 70, false, false },
        { "empty_group", 70, false, false },
        { "multiple_groups", 70, false, false },
        { "group_in_multiple_namespaces", 70, false, false },
        { "hyphenated_name", 70, false, false },
        { "no_help", 70, false, false },
        { "long_help", 70, false, false },
        { "long_help_wrap_at_40", 40, false, false },
        { "long_help_no_wrapping", 0, false, false },
        { "long_help_pre", 70, false, false },
        { "choices_opt", 70, false, false },
        { "deprecated_opt_without_deprecated_group", 70, false, false },
        { "deprecated_for_removal", 70, false, false },
        { "deprecated_reason", 70, false, false },
        { "deprecated_since", 70, false, false },
        { "deprecated_opt_with_deprecated_group", 70, false, false },
        { "opt_with_DeprecatedOpt", 70, false, false },
        { "str_opt", 70, false, false },
        { "str_opt_with_space", 70, false, false },
        { "str_opt_multiline", 70, false, false },
        { "bool_opt", 70, false, false },
        { "int_opt", 70, false, false },
        { "int_opt_min_0", 70, false, false },
        { "int_opt_max_0", 70, false, false },
        { "float_opt", 70, false, false },
        { "list_opt", 70, false, false },
        { "list_opt_with_bounds", 70, false, false },
        { "list_int_opt", 70, false, false },
        { "dict_opt", 70, false, false },
        { "ip_opt", 70, false, false },
        { "port_opt", 70, false, false },
        { "hostname_opt", 70, false, false },
        { "uri_opt", 70, false, false },
        { "multi_opt", 70, false, false },
        { "multi_opt_none", 70, false, false },
        { "multi_opt_empty", 70, false, false },
        { "str_opt_sample_default", 70, false, false },
        { "advanced", 70, false, false },
        { "host_address", 70, false, false },
        { "host_domain", 70, false, false },
        { "required_minimal", 70, true, false },
        { "summarize", 70, false, true },
        { "str_opt_str_group", 70, false, false },
        { "opt_str_opt_group", 70, false, false },
        { "cleanup", 70, false, false },
        { "demo", 70, false, false },
        { "extras", 70, false, false },
        { "extras_wrap_at_40", 40, false, false },
        { "extras_minimal", 70, true, false },
        { "extras_summarize", 70, false, true },
    };

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Write_Scenario_ByteIdenticalToPythonGenerator(string scenario, int wrapWidth, bool minimal, bool summarize)
    {
        var listings = SampleOptFactory.FromListings(GoldenScenarios.Get(scenario));

        string actual = new IniSampleWriter(wrapWidth, minimal, summarize).Write(listings);

        Assert.Equal(GoldenFile.Read(scenario + ".conf"), actual);
    }

    [Fact]
    public void Write_NoHelp_WarnsLikeOslo()
    {
        var warnings = new List<string>();
        var listings = SampleOptFactory.FromListings(GoldenScenarios.Get("no_help"));

        new IniSampleWriter(warn: warnings.Add).Write(listings);

        Assert.Equal(["\"no_help\" is missing a help string"], warnings);
    }

    [Fact]
    public void Write_MixedCaseGroups_WarnsLikeOslo()
    {
        var warnings = new List<string>();
        var listings = SampleOptFactory.FromListings(GoldenScenarios.Get("cleanup"));

        new IniSampleWriter(warn: warnings.Add).Write(listings);

        Assert.Equal(
            ["normalizing group name 'Alpha' to 'alpha'", "normalizing group name 'ALPHA' to 'alpha'", "normalizing group name 'default' to 'DEFAULT'"],
            warnings);
    }

    [Fact]
    public void Write_OsloServiceNamespaces_ByteIdenticalToPythonGeneratorOnOsloService()
    {
        // oslo_service_all.conf is the output of Debian's real tool on Debian's real oslo.service 3.0.0:
        // python3 -m oslo_config.generator --namespace oslo.service.service --namespace oslo.service.periodic_task
        //   --namespace oslo.service.sslutils --namespace oslo.service.wsgi
        var catalog = Oslo.Config.Discovery.OptsCatalog.Load([]);
        var listings = SampleOptFactory.FromListings(catalog.List(
            ["oslo.service.service", "oslo.service.periodic_task", "oslo.service.sslutils", "oslo.service.wsgi"]));

        string actual = new IniSampleWriter().Write(listings);

        Assert.Equal(GoldenFile.Read("oslo_service_all.conf"), actual);
    }

    [Fact]
    public void Write_DemoScenario_ContainsReferenceExcerptVerbatim()
    {
        // The excerpt of the reference (oslo-config.md section 8.4), copied verbatim.
        const string excerpt = """
            # Mode. (string value)
            # Possible values:
            # fast - Go fast
            # safe - Be careful, this is a long description that will need
            # wrapping to fit
            # Note: This option can be changed without restarting.
            #mode = fast

            # Worker count. (integer value)
            # Minimum value: 1
            # Maximum value: 64
            # Deprecated group/name - [old]/worker_count
            #workers = 4

            # DEPRECATED: A secret. (string value)
            # This option is deprecated for removal since 2024.1.
            # Its value may be silently ignored in the future.
            # Reason: Use keystone.
            #password = <None>

            # Labels. (dict value)
            #labels = a:1,b:2

            # Host name. (string value)
            #
            # This option has a sample default set, which means that
            # its actual default value may vary from the one documented
            # below.
            #host = <hostname>
            """;
        var listings = SampleOptFactory.FromListings(GoldenScenarios.Demo);

        string actual = new IniSampleWriter().Write(listings);

        Assert.StartsWith("[DEFAULT]\n\n#\n# From demo\n#\n\n", actual, StringComparison.Ordinal);
        Assert.Contains(excerpt.ReplaceLineEndings("\n"), actual, StringComparison.Ordinal);
        Assert.Contains("\n\n[ssl]\n# SSL options.\n\n#\n# From demo\n#\n\n# DEPRECATED: CA certificate file to use to verify connecting clients.\n# (string value)\n", actual, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_GroupScenario_MatchesTestGeneratorExpectationVerbatim()
    {
        // test_generator.py, scenario 'group', expected output verbatim (also quoted by the reference, section 8.4).
        const string expected = """
            [DEFAULT]


            [group1]
            # Lorem ipsum dolor sit amet, consectetur adipisicing elit, sed do
            # eiusmod tempor incididunt ut labore et dolore magna aliqua. Ut enim
            # ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut
            # aliquip ex ea commodo consequat. Duis aute irure dolor in.

            #
            # From test
            #

            # foo option (string value)
            #foo = <None>

            """;
        var listings = SampleOptFactory.FromListings(GoldenScenarios.Get("group"));

        Assert.Equal(expected.ReplaceLineEndings("\n"), new IniSampleWriter().Write(listings));
    }
}
