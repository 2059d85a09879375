using System.Diagnostics.CodeAnalysis;
using System.Reflection;

namespace Oslo.Service.Periodic;

/// <summary>
/// Finds the methods of a <see cref="PeriodicTasks"/> subclass marked <see cref="PeriodicTaskAttribute"/>. Kept out
/// of <see cref="PeriodicTasks"/> because methods with trimming annotations may not live on a type that is itself
/// annotated (IL2114).
/// </summary>
internal static class DeclaredPeriodicTasks
{
    /// <summary>The members read here, which <see cref="PeriodicTasks"/>' annotation keeps on every subclass.</summary>
    internal const DynamicallyAccessedMemberTypes Methods = DynamicallyAccessedMemberTypes.PublicMethods | DynamicallyAccessedMemberTypes.NonPublicMethods;

    /// <summary>The tasks declared by <paramref name="target"/>'s class and its bases, base classes first.</summary>
    /// <param name="target">The instance the tasks are bound to.</param>
    /// <returns>The tasks.</returns>
    public static IEnumerable<PeriodicTask> Of(PeriodicTasks target) => Declared(target, target.GetType(), []);

    // Base classes first, each in declaration order, as oslo's metaclass copies the parent's tasks first. Recursive
    // rather than a stack of types so that the trimming annotation flows with each type.
    private static IEnumerable<PeriodicTask> Declared(PeriodicTasks target, [DynamicallyAccessedMembers(Methods)] Type type, HashSet<MethodInfo> seen)
    {
        if (type == typeof(PeriodicTasks))
        {
            yield break;
        }

        if (BaseOf(type) is { } baseType)
        {
            foreach (PeriodicTask task in Declared(target, baseType, seen))
            {
                yield return task;
            }
        }

        foreach (MethodInfo method in type.GetMethods(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
        {
            PeriodicTaskAttribute? attribute = method.GetCustomAttribute<PeriodicTaskAttribute>(inherit: true);
            if (attribute is null || !seen.Add(method.GetBaseDefinition()))
            {
                continue;
            }

            yield return new PeriodicTask(
                attribute.Name ?? method.Name,
                PeriodicMethodInvoker.Create(target, method),
                TimeSpan.FromSeconds(attribute.Spacing),
                attribute.RunImmediately,
                attribute.ExternalProcessOk,
                attribute.Enabled)
            {
                RunOn = attribute.RunOn,
            };
        }
    }

    [UnconditionalSuppressMessage("Trimming", "IL2073", Justification =
        "Only called on a PeriodicTasks instance's type and its bases up to PeriodicTasks. Each of them derives from " +
        "PeriodicTasks, whose [DynamicallyAccessedMembers] annotation the trimmer applies to every derived type, so " +
        "their methods are kept.")]
    [return: DynamicallyAccessedMembers(Methods)]
    private static Type? BaseOf([DynamicallyAccessedMembers(Methods)] Type type) => type.BaseType;
}
