using System.Diagnostics.CodeAnalysis;

using Microsoft.Extensions.Options;

namespace Oslo.Service.Logging;

/// <summary>Options that never change, for the console provider built without a container.</summary>
internal sealed class FixedOptionsMonitor<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TOptions>(TOptions value) : IOptionsMonitor<TOptions>
{
    /// <inheritdoc/>
    public TOptions CurrentValue => value;

    /// <inheritdoc/>
    public TOptions Get(string? name) => value;

    /// <inheritdoc/>
    public IDisposable? OnChange(Action<TOptions, string?> listener) => null;
}
