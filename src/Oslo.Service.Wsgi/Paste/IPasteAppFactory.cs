using Microsoft.AspNetCore.Http;

namespace Oslo.Service.Wsgi.Paste;

/// <summary>
/// An app factory named by <c>paste.app_factory = Namespace.Type, Assembly</c> in an <c>[app:NAME]</c> section
/// (paste.deploy's <c>paste.app_factory</c> entry point). The type needs a public parameterless constructor.
/// </summary>
public interface IPasteAppFactory
{
    /// <summary>Builds the app.</summary>
    /// <param name="context">The configuration and the paste file's globals.</param>
    /// <param name="localConf">The other keys of the app's section.</param>
    RequestDelegate CreateApp(PasteContext context, IReadOnlyDictionary<string, string> localConf);
}
