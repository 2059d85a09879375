namespace Oslo.Bench;

/// <summary>
/// One benchmark scenario of <c>bench/run</c>. Scenarios are discovered by reflection, so adding one is adding a
/// file. A scenario prints its figures through <see cref="Figures"/> as <c>SCENARIO.SYSTEM.METRIC=NUMBER</c>.
/// </summary>
internal interface IScenario
{
    /// <summary>The name given on the command line, e.g. <c>config</c>.</summary>
    string Name { get; }

    /// <summary>
    /// What <c>bench/run NAME --help</c> prints under the usage line: what the scenario measures, then its options,
    /// one a line (<c>  --seconds S   ...</c>). A scenario without options says so.
    /// </summary>
    string Help => "(no options documented)";

    /// <summary>Runs the scenario with the arguments that follow its name.</summary>
    Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken);
}
