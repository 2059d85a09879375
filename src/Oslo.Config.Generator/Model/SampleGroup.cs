namespace Oslo.Config.Generator.Model;

/// <summary>A group as a namespace lists it.</summary>
/// <param name="Name">The section name.</param>
/// <param name="Help">The group help, written under the section header when present.</param>
/// <param name="IsObject">
/// True when the namespace gave an OptGroup with a title or help (Python's <c>OptGroup</c>), false for a bare name
/// (Python's <c>str</c>). oslo keys a namespace's groups by object, so the two spellings of one group are listed
/// separately, each under its own "From" header.
/// </param>
internal sealed record SampleGroup(string Name, string? Help = null, bool IsObject = false);
