using Microsoft.Extensions.Logging;

namespace FooService;

/// <summary>The minimum log level, changeable while the program runs (the <c>debug</c> option).</summary>
internal sealed class LogLevelSwitch
{
    private volatile int _minimum = (int)LogLevel.Information;

    public LogLevel Minimum
    {
        get => (LogLevel)_minimum;
        set => _minimum = (int)value;
    }

    public bool IsEnabled(LogLevel level) => level >= Minimum;
}
