using System.Diagnostics.CodeAnalysis;

namespace Oslo.Config;

/// <summary>
/// Publishes a namespace of options for <c>oslo-config-generator</c> and <c>oslo-config-validator</c>: the .NET
/// counterpart of oslo's <c>oslo.config.opts</c> entry points. The method named by <see cref="MethodName"/> on
/// <see cref="Provider"/> must be
/// <c>public static IReadOnlyList&lt;(OptGroup? Group, IReadOnlyList&lt;Opt&gt; Opts)&gt; ListOpts()</c> (null group =
/// DEFAULT) and return the original <see cref="Opt"/> objects.
/// </summary>
/// <param name="namespace">The namespace name, e.g. <c>oslo.service.service</c>.</param>
/// <param name="provider">The type that declares the list method.</param>
/// <param name="methodName">The list method's name.</param>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
public sealed class OsloConfigOptsAttribute(
    string @namespace,
    [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicMethods)] Type provider,
    string methodName) : Attribute
{
    /// <summary>The namespace name.</summary>
    public string Namespace { get; } = @namespace;

    /// <summary>The type that declares the list method (its public methods are kept by trimming and Native AOT).</summary>
    [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicMethods)]
    public Type Provider { get; } = provider;

    /// <summary>The list method's name.</summary>
    public string MethodName { get; } = methodName;

    /// <summary>Calls the list method.</summary>
    /// <exception cref="InvalidOperationException">The method is missing or has the wrong shape.</exception>
    public IReadOnlyList<(OptGroup? Group, IReadOnlyList<Opt> Opts)> ListOpts()
    {
        System.Reflection.MethodInfo? method = Provider.GetMethod(MethodName, System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static, Type.EmptyTypes);
        if (method?.Invoke(null, null) is IReadOnlyList<(OptGroup? Group, IReadOnlyList<Opt> Opts)> result)
        {
            return result;
        }

        throw new InvalidOperationException(
            $"{Provider.FullName}.{MethodName}() for namespace {Namespace} must be a public static method returning IReadOnlyList<(OptGroup? Group, IReadOnlyList<Opt> Opts)>");
    }
}
