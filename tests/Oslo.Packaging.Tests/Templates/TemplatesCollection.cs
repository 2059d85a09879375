namespace Oslo.Packaging.Tests.Templates;

/// <summary>
/// The template tests share one packed and installed <see cref="TemplatePackage"/> and run one after the other
/// (each builds a project: two builds at once on a 2-core CI machine would only be slower).
/// </summary>
[CollectionDefinition(Name)]
public sealed class TemplatesCollection : ICollectionFixture<TemplatePackage>
{
    public const string Name = "Templates";
}
