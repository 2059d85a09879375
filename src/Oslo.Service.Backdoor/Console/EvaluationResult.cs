namespace Oslo.Service.Backdoor.Console;

/// <summary>What one submission produced: a value, compile errors, or an exception it threw.</summary>
/// <param name="HasValue">True when the submission was an expression with a non-null value.</param>
/// <param name="Value">The value.</param>
/// <param name="Errors">Compile errors, one per line; empty when it compiled.</param>
/// <param name="Exception">The exception the submission threw (caught, never rethrown into the service).</param>
internal sealed record EvaluationResult(bool HasValue, object? Value, IReadOnlyList<string> Errors, Exception? Exception);
