using Microsoft.Extensions.Logging;

namespace Oslo.Service.Logging;

/// <summary>
/// One log event as the caller hands it to <see cref="LogLineWriter"/>: the line itself is formatted later, on the
/// writer thread, so that logging costs the caller no string and no formatting.
/// </summary>
/// <param name="Time">When it was logged, local time.</param>
/// <param name="Level">Its level.</param>
/// <param name="Category">The logger's category.</param>
/// <param name="EventId">The event id's number.</param>
/// <param name="Message">The formatted message.</param>
/// <param name="ExceptionText">The exception's text, taken when it was logged.</param>
/// <param name="FlushMarker">Not an event: set by the writer once everything queued before it is written.</param>
internal readonly record struct LogRecord(
    DateTimeOffset Time, LogLevel Level, string Category, int EventId, string? Message, string? ExceptionText, ManualResetEventSlim? FlushMarker = null)
{
    /// <summary>An upper bound of the formatted line's length: timestamp, level and its colours, separators.</summary>
    internal int MaxLength => 112 + Category.Length + (Message?.Length ?? 0) + (ExceptionText?.Length ?? 0);
}
