using Microsoft.AspNetCore.Http;

namespace Oslo.Service.Wsgi.Paste;

/// <summary>
/// A filter (middleware) factory named by <c>paste.filter_factory = Namespace.Type, Assembly</c> in a
/// <c>[filter:NAME]</c> section. The type needs a public parameterless constructor.
/// </summary>
public interface IPasteFilterFactory
{
    /// <summary>Builds the filter: a function from the next app to the wrapped app.</summary>
    /// <param name="context">The configuration and the paste file's globals.</param>
    /// <param name="localConf">The other keys of the filter's section.</param>
    Func<RequestDelegate, RequestDelegate> CreateFilter(PasteContext context, IReadOnlyDictionary<string, string> localConf);
}
