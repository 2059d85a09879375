namespace Oslo.Config.Discovery;

/// <summary>
/// Runs a tool's command line through a normal <see cref="ConfigOpts"/>, as oslo's tools do: every option is a CLI
/// opt, so <c>--config-file tool.conf</c> can give any of them (keys are the option dests under <c>[DEFAULT]</c>),
/// sources apply in argument order, and <c>--help</c>/<c>--version</c>/usage errors behave like oslo's.
/// </summary>
public static class ToolConfig
{
    /// <summary>
    /// Parses <paramref name="args"/>. Returns the parsed config, or null after writing help, version or an error to
    /// the writers, with the exit code in <paramref name="exitCode"/>.
    /// </summary>
    public static ConfigOpts? Parse(string prog, IEnumerable<Opt> opts, string[] args, TextWriter stdout, TextWriter stderr, out int exitCode)
    {
        var conf = new ConfigOpts();
        conf.RegisterCliOpts(opts);
        exitCode = 0;
        try
        {
            // No default config files: a tool's settings come from its command line (and the files it names), so
            // that running it never depends on what happens to sit in ~ or /etc.
            conf.Parse(args, prog: prog, version: Version, defaultConfigFiles: [], defaultConfigDirs: []);
            return conf;
        }
        catch (CommandLineExitException e)
        {
            (e.IsError ? stderr : stdout).Write(e.Output);
            exitCode = e.ExitCode;
        }
        catch (RequiredOptException e)
        {
            // oslo prints the help and raises RequiredOptError.
            stderr.Write(conf.FormatHelp(prog));
            stderr.WriteLine($"{prog}: error: {e.Message}");
            exitCode = 1;
        }
        catch (OsloConfigException e)
        {
            // Missing, unreadable or malformed --config-file / --config-dir, or a bad value in one: the message
            // names the file (and line).
            stderr.WriteLine($"{prog}: error: {e.Message}");
            exitCode = 1;
        }

        return null;
    }

    /// <summary>The value of a multi-valued option as strings (empty when unset).</summary>
    public static IReadOnlyList<string> GetAll(ConfigOpts conf, string name) =>
        conf.GetValue(name) is IEnumerable<string?> values ? [.. values.OfType<string>()] : [];

    private static string Version =>
        typeof(ToolConfig).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion
        ?? "0.0.0";
}
