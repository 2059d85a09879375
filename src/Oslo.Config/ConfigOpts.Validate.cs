using Oslo.Config.Validation;

namespace Oslo.Config;

public sealed partial class ConfigOpts
{
    /// <summary>
    /// What <see cref="Validate()"/> does with a section or option in the config files that no registered group
    /// or option matches (a typo such as <c>wokers</c> or <c>[inventry]</c>): log a warning naming the file and
    /// line (the default), fail like a bad value, or ignore it.
    /// </summary>
    public UnknownOptionHandling UnknownOptions { get; set; } = UnknownOptionHandling.Warn;

    /// <summary>
    /// Checks the whole configuration now, as .NET's <c>ValidateOnStart</c> does: every registered option's value is
    /// converted (not only the ones read so far; <see cref="Parse"/> keeps oslo's lazy semantics), <c>$references</c>
    /// are substituted, and the files are checked for unknown sections and options (see
    /// <see cref="UnknownOptions"/>). The launchers call it before any service starts and after every reload, so a
    /// bad <c>report_interval = 0</c> stops start-up with one line instead of failing in a worker later.
    /// </summary>
    /// <exception cref="NotInitializedException"><see cref="Parse"/> has not run.</exception>
    /// <exception cref="OsloConfigException">
    /// The one problem found (e.g. <see cref="ConfigFileValueException"/> naming file and line), or a
    /// <see cref="ConfigValidationException"/> listing several.
    /// </exception>
    public void Validate()
    {
        ConfigState state = State;
        if (state.Current is null)
        {
            throw new NotInitializedException();
        }

        ValidateState(state);
    }

    private void ValidateState(ConfigState state)
    {
        var errors = new List<OsloConfigException>();
        foreach (OptEntry entry in state.Registry.AllOpts)
        {
            try
            {
                Resolve(state, entry, null);
            }
            catch (OsloConfigException e)
            {
                errors.Add(e);
            }
        }

        UnknownOptionHandling handling = UnknownOptions;
        if (handling != UnknownOptionHandling.Ignore)
        {
            foreach (Finding finding in FindUnknown(state))
            {
                if (handling == UnknownOptionHandling.Error)
                {
                    errors.Add(new UnknownOptionException(finding.File, finding.Line, finding.Message));
                }
                else if (_warned.TryAdd($"unknown:{finding.File}:{finding.Line}:{finding.Message}", true))
                {
                    Log.UnknownOptionFound(_logger, finding.File, finding.Line, finding.Message);
                }
            }
        }

        if (errors.Count == 1)
        {
            throw errors[0];
        }

        if (errors.Count > 1)
        {
            throw new ConfigValidationException(errors);
        }
    }

    // The validator tool's rules, run over the registered groups and options.
    private static IEnumerable<Finding> FindUnknown(ConfigState state)
    {
        var listings = state.Registry.Order.Select(g => (g.Group ?? (g.Name is null ? null : new OptGroup(g.Name)),
            (IReadOnlyList<Opt>)g.Opts.Values.Select(e => e.Opt).ToList()));
        return new ConfigValidator(listings).Validate(state.Current!.Files)
            .Where(f => f.Rule is FindingRule.UnknownSection or FindingRule.UnknownOption);
    }
}
