namespace Oslo.Config.Tests.Generator;

/// <summary>
/// The option listings behind the golden files: each mirrors, option for option, the scenario of the same name in
/// Golden/make_golden.py, whose .conf output the real Python oslo-config-generator produced. Most are the scenarios
/// of oslo.config's own tests/test_generator.py.
/// </summary>
internal static class GoldenScenarios
{
    private const string Lorem =
        "Lorem ipsum dolor sit amet, consectetur adipisicing elit, sed do eiusmod tempor incididunt ut labore et " +
        "dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut aliquip " +
        "ex ea commodo consequat. Duis aute irure dolor in.";

    private const string Long =
        "Lorem ipsum dolor sit amet, consectetur adipisicing elit, sed do eiusmod tempor incididunt ut labore et " +
        "dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut aliquip ex " +
        "ea commodo consequat. Duis aute irure dolor in reprehenderit in voluptate velit esse cillum dolore eu " +
        "fugiat nulla pariatur. Excepteur sint occaecat cupidatat non proident, sunt in culpa qui officia deserunt " +
        "mollit anim id est laborum.";

    private const string Pre =
        "This is a very long help text which is preformatted with line breaks. It should break when it is too long " +
        "but also keep the specified line breaks. This makes it possible to create lists with items:\n\n" +
        "* item 1\n* item 2\n\nand should increase the readability.";

    private static readonly OptGroup s_group1 = new("group1", help: Lorem);
    private static readonly OptGroup s_group2 = new("group2", title: "Group 2");
    private static readonly OptGroup s_foo = new("foo", title: "Foo Title", help: "foo help");

    private static Opt Foo => new StrOpt("foo", help: "foo option");

    private static Opt Bar => new StrOpt("bar", help: "bar option");

    public static IReadOnlyList<(string Namespace, IReadOnlyList<(OptGroup? Group, IReadOnlyList<Opt> Opts)> Groups)> Get(string name) => name switch
    {
        "empty" => [],
        "single_namespace" => [Ns("test", (null, [Foo]))],
        "multiple_namespaces" => [Ns("test", (null, [Foo])), Ns("other", (null, [Bar]))],
        "group" => [Ns("test", (s_group1, [Foo]))],
        "empty_group" => [Ns("test", (s_group1, []))],
        "multiple_groups" => [Ns("test", (s_group1, [Foo]), (s_group2, [Bar]))],
        "group_in_multiple_namespaces" => [Ns("test", (s_group1, [Foo])), Ns("other", (s_group1, [Bar]))],
        "hyphenated_name" => [Ns("test", (null, [new StrOpt("foo-bar", help: "foobar")]))],
        "no_help" => [Ns("test", (null, [new StrOpt("no_help")]))],
        "long_help" or "long_help_wrap_at_40" or "long_help_no_wrapping" => [Ns("test", (null, [new StrOpt("long_help", help: Long)]))],
        "long_help_pre" => [Ns("test", (null, [new StrOpt("long_help_pre", help: Pre)]))],
        "choices_opt" => [Ns("test", (null, [new StrOpt("choices_opt", @default: "a", choices: [null, "", "a", "b", "c"], help: "a string with choices")]))],
        "deprecated_opt_without_deprecated_group" => [Ns("test", (s_foo, [new StrOpt("bar", deprecatedName: "foobar", help: "deprecated")]))],
        "deprecated_for_removal" => [Ns("test", (s_foo, [new StrOpt("bar", deprecatedForRemoval: true, help: "deprecated for removal")]))],
        "deprecated_reason" => [Ns("test", (s_foo, [new BoolOpt("turn_off_stove", @default: false, deprecatedForRemoval: true,
            deprecatedReason: "This was supposed to work but it really, really did not. Always buy house insurance.",
            help: "DEPRECATED: Turn off stove")]))],

        // No help at all: oslo crashes on it (None.startswith) and prints a warning instead of the option; we print
        // what oslo prints for an empty help (differences.md).
        "deprecated_since" => [Ns("test", (s_foo, [new BoolOpt("tune_in", deprecatedForRemoval: true, deprecatedSince: "13.0")]))],
        "deprecated_opt_with_deprecated_group" => [Ns("test", (s_foo, [new StrOpt("bar", deprecatedName: "foobar", deprecatedGroup: "group1", help: "deprecated")]))],
        "opt_with_DeprecatedOpt" => [Ns("test", (null, [new BoolOpt("foo-bar", help: "Opt with DeprecatedOpt", deprecatedOpts: [new DeprecatedOpt("foo-bar", "deprecated")])]))],
        "str_opt" => [Ns("test", (null, [new StrOpt("str_opt", @default: "foo bar", help: "a string")]))],
        "str_opt_with_space" => [Ns("test", (null, [new StrOpt("str_opt", @default: "  foo bar  ", help: "a string with spaces")]))],
        "str_opt_multiline" => [Ns("test", (null, [new StrOpt("str_opt", @default: "foo\nbar\nbaz", help: "a string with newlines")]))],
        "bool_opt" => [Ns("test", (null, [new BoolOpt("bool_opt", @default: false, help: "a boolean")]))],
        "int_opt" => [Ns("test", (null, [new IntOpt("int_opt", @default: 10, min: 1, max: 20, help: "an integer")]))],
        "int_opt_min_0" => [Ns("test", (null, [new IntOpt("int_opt_min_0", @default: 10, min: 0, max: 20, help: "an integer")]))],
        "int_opt_max_0" => [Ns("test", (null, [new IntOpt("int_opt_max_0", @default: -1, max: 0, help: "an integer")]))],
        "float_opt" => [Ns("test", (null, [new FloatOpt("float_opt", @default: 0.1, help: "a float")]))],
        "list_opt" => [Ns("test", (null, [new ListOpt("list_opt", @default: new[] { "1", "2", "3" }, help: "a list")]))],
        "list_opt_with_bounds" => [Ns("test", (null, [new ListOpt("list_opt_with_bounds", @default: new[] { "1", "2", "3" }, help: "a list", bounds: true)]))],
        "list_int_opt" => [Ns("test", (null, [new ListOpt<int?>("list_int_opt", itemType: new IntegerType(), @default: new int?[] { 1, 2, 3 }, help: "a list")]))],
        "dict_opt" => [Ns("test", (null, [new DictOpt("dict_opt", @default: new Dictionary<string, string?> { ["1"] = "yes", ["2"] = "no" }, help: "a dict")]))],
        "ip_opt" => [Ns("test", (null, [new IPOpt("ip_opt", @default: "127.0.0.1", help: "an ip address")]))],
        "port_opt" => [Ns("test", (null, [new PortOpt("port_opt", @default: 80, help: "a port")]))],
        "hostname_opt" => [Ns("test", (null, [new HostnameOpt("hostname_opt", @default: "compute01.nova.site1", help: "a hostname")]))],
        "uri_opt" => [Ns("test", (null, [new URIOpt("uri_opt", @default: "http://example.com", help: "a URI")]))],
        "multi_opt" => [Ns("test", (null, [new MultiStrOpt("multi_opt", @default: new[] { "1", "2", "3" }, help: "multiple strings")]))],
        "multi_opt_none" => [Ns("test", (null, [new MultiStrOpt("multi_opt_none", help: "multiple strings")]))],
        "multi_opt_empty" => [Ns("test", (null, [new MultiStrOpt("multi_opt_empty", @default: Array.Empty<string>(), help: "multiple strings")]))],
        "str_opt_sample_default" => [Ns("test", (null, [new StrOpt("str_opt", @default: "fooishbar", help: "a string")]))],
        "advanced" => [Ns("namespace1", ("alpha", [
            new StrOpt("foo", help: "foo option", @default: "fred"),
            new StrOpt("bar", help: "bar option", advanced: true),
            new StrOpt("foo_bar", help: "foobar"),
            new BoolOpt("bars", help: "bars foo", @default: true, advanced: true)]))],
        "host_address" => [Ns("namespace", ("alpha", [new HostAddressOpt("foo", help: "foo option", @default: "0.0.0.0")]))],
        "host_domain" => [Ns("namespace", ("alpha", [new HostDomainOpt("foo", help: "foo option", @default: "0.0.0.0")]))],
        "required_minimal" => [Ns("namespace1", ("alpha", [
            new StrOpt("foo", help: "foo option", @default: "fred"),
            new StrOpt("bar", help: "bar option", required: true),
            new StrOpt("foo_bar", help: "foobar"),
            new StrOpt("bars", help: "bars foo", required: true)]))],
        "summarize" => [Ns("namespace1", ("alpha", [
            new StrOpt("foo", @default: "fred", help: """
                This is the summary line for a config option.

                I can provide a lot more detail here, but I may not want to bloat my
                config file. In this scenario, I can use the 'summarize' config option
                to ensure only a summary of the option is output to the config file.
                However, the Sphinx-generated documentation, hosted online, remains
                unchanged.

                Hopefully this works.

                """),
            new StrOpt("bar", required: true, help: """
                This is a less carefully formatted configuration
                option, where the author has not broken their description into a brief
                summary line and larger description. Watch this person's commit
                messages!
                """)]))],
        "str_opt_str_group" => [
            Ns("test", ("foo", [new StrOpt("str_opt", @default: "foo bar", help: "a string")]), (s_foo, [new IntOpt("int_opt", @default: 10, min: 1, max: 20, help: "an integer")])),
            Ns("foo", ("foo", [new BoolOpt("bool_opt", @default: false, help: "a boolean")]))],
        "opt_str_opt_group" => [
            Ns("test", (s_foo, [new IntOpt("int_opt", @default: 10, min: 1, max: 20, help: "an integer")]), ("foo", [new StrOpt("str_opt", @default: "foo bar", help: "a string")])),
            Ns("foo", (s_foo, [new BoolOpt("bool_opt", @default: false, help: "a boolean")]))],
        "cleanup" => [
            Ns("ns",
                ("Alpha", [new StrOpt("a", help: "first a"), new StrOpt("b", help: "b")]),
                ("ALPHA", [new StrOpt("a", help: "second a", @default: "2")]),
                ("default", [new StrOpt("c", help: "c in DEFAULT")])),
            Ns("ns", ("alpha", [new StrOpt("d", help: "d")]))],
        "demo" => Demo,
        "extras" or "extras_wrap_at_40" or "extras_minimal" or "extras_summarize" => Extras,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "no such golden scenario"),
    };

    /// <summary>The demo namespace of the reference's section 8.4 excerpt (DEFAULT and [ssl]).</summary>
    public static IReadOnlyList<(string Namespace, IReadOnlyList<(OptGroup? Group, IReadOnlyList<Opt> Opts)> Groups)> Demo =>
    [
        Ns("demo",
            (null, [
                new StrOpt("mode", @default: "fast", mutable: true, help: "Mode.",
                    choices: [("fast", "Go fast"), ("safe", "Be careful, this is a long description that will need wrapping to fit")]),
                new IntOpt("workers", @default: 4, min: 1, max: 64, help: "Worker count.",
                    deprecatedOpts: [new DeprecatedOpt("worker_count", "old")]),
                new StrOpt("password", secret: true, deprecatedForRemoval: true, deprecatedSince: "2024.1",
                    deprecatedReason: "Use keystone.", help: "A secret."),
                new DictOpt("labels", @default: new Dictionary<string, string?> { ["b"] = "2", ["a"] = "1" }, help: "Labels."),
                new StrOpt("host", @default: "node1", sampleDefault: "<hostname>", help: "Host name."),
            ]),
            (new OptGroup("ssl", help: "SSL options."), [
                new StrOpt("ca_file", deprecatedForRemoval: true, help: "CA certificate file to use to verify connecting clients.",
                    deprecatedOpts: [new DeprecatedOpt("ssl_ca_file", "DEFAULT")]),
            ])),
    ];

    private static IReadOnlyList<(string Namespace, IReadOnlyList<(OptGroup? Group, IReadOnlyList<Opt> Opts)> Groups)> Extras =>
    [
        Ns("extras",
            (new OptGroup("extras", help: "First paragraph of the group help.\n\nSecond paragraph, long enough to need wrapping when the width is seventy columns wide."), [
                new FloatOpt("ratio", @default: 0.5, min: 0.0, max: 2.5, help: "A float with bounds."),
                new FloatOpt("tiny", @default: 1e-05, help: "A tiny float."),
                new FloatOpt("huge", @default: 1e16, help: "A huge float."),
                new FloatOpt("whole", @default: 3.0, help: "A whole float."),
                new IntOpt("level", @default: 2, choices: [(1, "low"), (2, "medium"), (3, null)], help: "Int with choices."),
                new PortOpt("bind_port", @default: 8080, min: 1024, help: "A port with a minimum."),
                new PortOpt("choice_port", @default: 80, choices: [80, 443], help: "A port with choices."),
                new ListOpt<int?>("ports", itemType: new IntegerType(), @default: new int?[] { 80, 443 }, bounds: true, help: "Ints in brackets."),
                new ListOpt("names", @default: new[] { " padded", "plain" }, help: "Items with spaces are quoted."),
                new ListOpt("empty_list", @default: Array.Empty<string>(), help: "An empty list."),
                new DictOpt("empty_dict", @default: new Dictionary<string, string?>(), help: "An empty dict."),
                new URIOpt("endpoint", @default: "https://example.com:5000/v3", schemes: ["https"], help: "A URI."),
                new IPOpt("bind_ip", @default: "::1", version: 6, help: "An IPv6 address."),
                new HostAddressOpt("host_address", @default: "0.0.0.0", help: "A host address."),
                new HostDomainOpt("host_domain", @default: "my_host.example", help: "A host domain."),
                new HostnameOpt("hostname", @default: "node-1.example.com", help: "A hostname."),
                new StrOpt("empty", @default: "", help: "An empty string default."),
                new StrOpt("sample_empty", @default: "x", sampleDefault: "", help: "An empty sample default."),
                new MultiOpt<int?>("multi_int", itemType: new IntegerType(), help: "Multi-valued ints."),
                new MultiStrOpt("multi_padded", @default: new[] { " a", "b " }, help: "Multi with spaces."),
                new StrOpt("old_and_new", @default: "v", help: "Several deprecated names.",
                    deprecatedOpts: [new DeprecatedOpt("old_name"), new DeprecatedOpt("older", "legacy"), new DeprecatedOpt("dash-name")]),
                new BoolOpt("adv_deprecated", @default: true, advanced: true, deprecatedForRemoval: true,
                    deprecatedSince: "Zed", help: "Advanced and deprecated."),
                new StrOpt("mutable_secret", secret: true, mutable: true, @default: "s3cr3t",
                    help: "A well-known, self-evident, hyphen-separated help text -- with an em-dash -- that wraps at hyphens when it must."),
                new StrOpt("tabs", help: "Tab\tseparated\thelp and  double  spaces."),
                new StrOpt("verylongword", help: "See https://docs.openstack.org/oslo.config/latest/reference/defining.html#a-very-long-anchor-name for details."),
                new IntOpt("req", required: true, help: "A required integer."),
            ]),
            (null, [Foo])),
        Ns("aaa", ("extras", [Bar])),
    ];

    private static (string, IReadOnlyList<(OptGroup?, IReadOnlyList<Opt>)>) Ns(string ns, params (OptGroup? Group, Opt[] Opts)[] groups) =>
        (ns, [.. groups.Select(g => (g.Group, (IReadOnlyList<Opt>)g.Opts))]);
}
