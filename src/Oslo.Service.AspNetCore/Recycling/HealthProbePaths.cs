using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;

namespace Oslo.Service.AspNetCore;

/// <summary>
/// The paths of the health endpoints the app mapped with <c>MapHealthChecks</c> (a load balancer's or Kubernetes'
/// probes, which <c>max_requests</c> does not count), read from the app's endpoints at the first request, once they
/// are all mapped.
/// </summary>
/// <remarks>
/// Only literal routes (no parameters) are known; a health endpoint behind a route parameter, or one added with the
/// older <c>UseHealthChecks(path)</c> middleware rather than as an endpoint, counts as a request.
/// </remarks>
internal sealed class HealthProbePaths(IServiceProvider services)
{
    /// <summary><c>MapHealthChecks</c>' display name for its endpoints.</summary>
    internal const string HealthChecksDisplayName = "Health checks";

    private string[]? _paths;

    /// <summary>True when <paramref name="path"/> is a health endpoint's (routing's comparison: case-insensitive, a trailing slash allowed).</summary>
    internal bool IsProbe(string? path)
    {
        string[] paths = _paths ??= Find(services.GetService(typeof(EndpointDataSource)) as EndpointDataSource);
        if (paths.Length == 0 || string.IsNullOrEmpty(path))
        {
            return false;
        }

        ReadOnlySpan<char> trimmed = path.Length > 1 && path[^1] == '/' ? path.AsSpan(0, path.Length - 1) : path;
        foreach (string probe in paths)
        {
            if (trimmed.Equals(probe, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The literal paths of the health-check endpoints in <paramref name="endpoints"/>.</summary>
    internal static string[] Find(EndpointDataSource? endpoints)
    {
        if (endpoints is null)
        {
            return [];
        }

        var paths = new List<string>();
        foreach (Endpoint endpoint in endpoints.Endpoints)
        {
            if (endpoint is RouteEndpoint { RoutePattern: { Parameters.Count: 0 } pattern } route && IsHealthChecks(route))
            {
                string path = "/" + string.Join('/', pattern.PathSegments.Select(segment =>
                    string.Concat(segment.Parts.OfType<RoutePatternLiteralPart>().Select(part => part.Content))));
                paths.Add(path);
            }
        }

        return [.. paths.Distinct(StringComparer.OrdinalIgnoreCase)];
    }

    private static bool IsHealthChecks(RouteEndpoint endpoint) =>
        endpoint.DisplayName == HealthChecksDisplayName || endpoint.RequestDelegate?.Target is HealthCheckMiddleware;
}
