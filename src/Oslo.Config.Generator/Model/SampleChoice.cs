namespace Oslo.Config.Generator.Model;

/// <summary>One allowed value of an option and its description.</summary>
/// <param name="Value">The raw choice (null for Python's <c>None</c>).</param>
/// <param name="Text">The choice as oslo prints it (<c>&lt;None&gt;</c>, <c>''</c>, or <c>str(value)</c>).</param>
/// <param name="Description">The description, or null when none was given.</param>
internal sealed record SampleChoice(object? Value, string Text, string? Description);
