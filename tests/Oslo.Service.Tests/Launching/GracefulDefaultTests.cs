using System.Reflection;

using Oslo.Service.Launching;

using Xunit;

namespace Oslo.Service.Tests.Launching;

/// <summary>
/// One meaning of <c>graceful</c> (docs/differences.md): C# takes an optional parameter's default from the static type
/// of the call, so an override of <see cref="ServiceBase.StopAsync"/> that declared <c>graceful = false</c> made
/// <c>pool.StopAsync()</c> and <c>service.StopAsync()</c> mean different things.
/// </summary>
public sealed class GracefulDefaultTests
{
    [Fact]
    public void EveryStopAsyncOverride_DefaultsGracefulToTrue()
    {
        Assembly[] assemblies = [typeof(ServiceBase).Assembly, typeof(GracefulDefaultTests).Assembly];
        var overrides = assemblies
            .SelectMany(a => a.GetTypes())
            .Where(t => t.IsSubclassOf(typeof(ServiceBase)) || t == typeof(ServiceBase))
            .Select(t => t.GetMethod(nameof(ServiceBase.StopAsync), BindingFlags.Instance | BindingFlags.Public | BindingFlags.DeclaredOnly, [typeof(bool), typeof(CancellationToken)]))
            .OfType<MethodInfo>()
            .ToList();

        Assert.True(overrides.Count > 5, $"only {overrides.Count} StopAsync overrides found");
        Assert.All(overrides, method => Assert.True(
            method.GetParameters()[0].DefaultValue is true,
            $"{method.DeclaringType}.StopAsync(graceful = {method.GetParameters()[0].DefaultValue})"));
    }
}
