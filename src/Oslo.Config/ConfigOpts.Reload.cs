namespace Oslo.Config;

public sealed partial class ConfigOpts
{
    /// <summary>
    /// Re-reads every config file with the original arguments (oslo's <c>reload_config_files</c>). All or
    /// nothing: the new files are parsed and the required options checked before anything is swapped in; on any
    /// error every value stays as it was, the error is logged
    /// (<c>Caught Error while reloading configure files: ...</c>) and false is returned. On success every option,
    /// mutable or not, reads the new files and the reload token fires.
    /// </summary>
    /// <exception cref="NotInitializedException"><see cref="Parse"/> has not run.</exception>
    public bool ReloadConfigFiles() => ReloadConfigFiles(validate: false);

    /// <summary>
    /// <see cref="ReloadConfigFiles()"/>; with <paramref name="validate"/> the new configuration must also pass
    /// <see cref="Validate()"/> (every value, not only the required ones) before it replaces the old one.
    /// </summary>
    /// <exception cref="NotInitializedException"><see cref="Parse"/> has not run.</exception>
    public bool ReloadConfigFiles(bool validate)
    {
        lock (_writeLock)
        {
            ConfigState state = State;
            ParsedConfig current = state.Current ?? throw new NotInitializedException();
            ConfigState next;
            try
            {
                ParsedConfig parsed = ParseSources(state, current.Options);
                next = state.With(startup: parsed, current: parsed);
                CheckAfterParse(next);
                if (validate)
                {
                    ValidateState(next);
                }
            }
            catch (OsloConfigException e)
            {
                Log.ReloadFailed(_logger, e.Message);
                ConfigMetrics.Reloaded("reload", succeeded: false);
                return false;
            }

            Publish(next);
        }

        ConfigMetrics.Reloaded("reload", succeeded: true);

        FireReloadToken();
        return true;
    }

    /// <summary>
    /// Re-reads every config file and applies the new values of <em>mutable</em> options only (oslo's
    /// <c>mutate_config_files</c>). Changed immutable options are reported with
    /// <c>Ignoring change to immutable option group.name</c> and keep their startup value; each changed mutable
    /// option is logged as <c>Option group.name changed from [old] to [new]</c>; then every mutate hook is called
    /// with the typed changes and the reload token fires. Unlike oslo, a broken or missing file, a bad new value
    /// or a missing required option does not throw: nothing changes and <see cref="MutateResult.Error"/> says why.
    /// </summary>
    /// <exception cref="NotInitializedException"><see cref="Parse"/> has not run.</exception>
    public MutateResult MutateConfigFiles() => MutateConfigFiles(validate: false);

    /// <summary>
    /// <see cref="MutateConfigFiles()"/>; with <paramref name="validate"/> the new configuration must also pass
    /// <see cref="Validate()"/> before any value changes.
    /// </summary>
    /// <exception cref="NotInitializedException"><see cref="Parse"/> has not run.</exception>
    public MutateResult MutateConfigFiles(bool validate)
    {
        SortedDictionary<OptKey, OptChange> changes;
        ConfigState next;
        List<Action<ConfigOpts, IReadOnlyDictionary<OptKey, OptChange>>> hooks;
        lock (_writeLock)
        {
            ConfigState state = State;
            ParsedConfig current = state.Current ?? throw new NotInitializedException();
            ParsedConfig startup = state.Startup!;
            var immutableChanged = new List<OptEntry>();
            changes = new SortedDictionary<OptKey, OptChange>(Comparer<OptKey>.Create(CompareKeys));
            try
            {
                ParsedConfig parsed = ParseSources(state, current.Options);
                next = state.With(current: parsed);
                CheckAfterParse(next);
                if (validate)
                {
                    ValidateState(next);
                }
                foreach (OptEntry entry in state.Registry.AllOpts)
                {
                    if (!entry.Opt.Mutable)
                    {
                        if (FindRaw(startup, entry)?.Fingerprint != FindRaw(parsed, entry)?.Fingerprint)
                        {
                            immutableChanged.Add(entry);
                        }

                        continue;
                    }

                    if (FindRaw(current, entry)?.Fingerprint != FindRaw(parsed, entry)?.Fingerprint)
                    {
                        // Converted now, so a bad new value refuses the mutate instead of failing at first use.
                        changes[entry.Key] = new OptChange(ResolveOrNull(state, entry), Resolve(next, entry, null));
                    }
                }
            }
            catch (OsloConfigException e)
            {
                Log.MutateFailed(_logger, e.Message);
                ConfigMetrics.Reloaded("mutate", succeeded: false);
                return new MutateResult(e, new Dictionary<OptKey, OptChange>());
            }

            foreach (OptEntry entry in immutableChanged)
            {
                Log.ImmutableChangeIgnored(_logger, entry.GroupDisplay, entry.Opt.Dest);
            }

            foreach ((OptKey key, OptChange change) in changes)
            {
                Log.OptionChanged(_logger, key.Group ?? OptGroup.DefaultName, key.Name,
                    PyRepr.Display(change.OldValue), PyRepr.Display(change.NewValue));
            }

            Publish(next);
            hooks = [.. _mutateHooks];
        }

        ConfigMetrics.Reloaded("mutate", succeeded: true);
        ConfigMetrics.Mutated(changes.Count);

        var result = new Dictionary<OptKey, OptChange>(changes);
        foreach (Action<ConfigOpts, IReadOnlyDictionary<OptKey, OptChange>> hook in hooks)
        {
            try
            {
                hook(this, result);
            }
#pragma warning disable CA1031 // A failing hook is the hook owner's bug; it must not stop the other hooks.
            catch (Exception e)
#pragma warning restore CA1031
            {
                Log.MutateHookFailed(_logger, e, hook.Method.Name);
            }
        }

        FireReloadToken();
        return new MutateResult(null, result);
    }

    // The value before a mutate; one that was already invalid does not block fixing it.
    private object? ResolveOrNull(ConfigState state, OptEntry entry)
    {
        try
        {
            return Resolve(state, entry, null);
        }
        catch (OsloConfigException)
        {
            return null;
        }
    }

    // oslo's order for change logs: DEFAULT first, then by group, then by name.
    private static int CompareKeys(OptKey a, OptKey b)
    {
        if (a.Group is null != b.Group is null)
        {
            return a.Group is null ? -1 : 1;
        }

        int byGroup = string.CompareOrdinal(a.Group, b.Group);
        return byGroup != 0 ? byGroup : string.CompareOrdinal(a.Name, b.Name);
    }
}
