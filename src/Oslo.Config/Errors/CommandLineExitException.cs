namespace Oslo.Config;

/// <summary>
/// The command line asks the program to stop: <c>--help</c> / <c>--version</c> (exit code 0), a usage error
/// (exit code 2, <see cref="Output"/> = usage line + <c>prog: error: ...</c>) or a bad option value (exit code 1).
/// argparse writes and calls <c>sys.exit</c>; a library must not, so the caller decides (see
/// <see cref="ConfigOpts.ParseOrExit"/>).
/// </summary>
public sealed class CommandLineExitException : OsloConfigException
{
    /// <summary>Creates the exception.</summary>
    public CommandLineExitException(int exitCode, string output, bool isError)
        : base(output.TrimEnd('\n'))
    {
        ExitCode = exitCode;
        Output = output;
        IsError = isError;
    }

    /// <summary>The process exit status argparse would use (0 help/version, 2 usage error, 1 bad value).</summary>
    public int ExitCode { get; }

    /// <summary>The text to print, ending with a newline.</summary>
    public string Output { get; }

    /// <summary>True when <see cref="Output"/> belongs on stderr.</summary>
    public bool IsError { get; }
}
