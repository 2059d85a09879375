using System.Collections.Concurrent;
using System.Reflection;

namespace Oslo.Service.Backdoor.Console;

/// <summary>
/// oslo's <c>fo(t)</c> in .NET terms. Python can list every gc-tracked object; .NET cannot enumerate its heap from
/// inside the process, so this walks the object graph (fields, array elements) from the roots the console knows
/// (services, launcher, configuration, session variables) and from the static fields of the application's own
/// assemblies, and returns the objects of the wanted type it reaches.
/// </summary>
internal static class ObjectFinder
{
    /// <summary>The walk stops after this many objects, so a huge graph cannot stall the console.</summary>
    internal const int MaxVisited = 2_000_000;

    private static readonly ConcurrentDictionary<Type, FieldInfo[]> s_fields = new();

    internal static IReadOnlyList<object> Find(Type type, IEnumerable<object?> roots, bool includeStatics = true)
    {
        ArgumentNullException.ThrowIfNull(type);
        var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
        var found = new List<object>();
        var pending = new Stack<object>();
        foreach (object? root in includeStatics ? roots.Concat(StaticRoots()) : roots)
        {
            if (root is not null)
            {
                pending.Push(root);
            }
        }

        while (pending.Count > 0 && seen.Count < MaxVisited)
        {
            object current = pending.Pop();
            Type currentType = current.GetType();
            if (!currentType.IsValueType && !seen.Add(current))
            {
                continue;
            }

            if (type.IsInstanceOfType(current))
            {
                found.Add(current);
            }

            if (IsLeaf(currentType))
            {
                continue;
            }

            if (current is Array array)
            {
                if (!currentType.GetElementType()!.IsPrimitive)
                {
                    foreach (object? element in array)
                    {
                        if (element is not null)
                        {
                            pending.Push(element);
                        }
                    }
                }

                continue;
            }

            foreach (FieldInfo field in FieldsOf(currentType))
            {
                if (field.GetValue(current) is { } value)
                {
                    pending.Push(value);
                }
            }
        }

        return found;
    }

    // Strings, primitives and reflection metadata hold nothing a service owns and are large to walk.
    private static bool IsLeaf(Type type) =>
        type.IsPrimitive || type.IsEnum || type.IsPointer || type == typeof(string) || typeof(MemberInfo).IsAssignableFrom(type)
        || typeof(Assembly).IsAssignableFrom(type) || typeof(Module).IsAssignableFrom(type);

    private static FieldInfo[] FieldsOf(Type type) => s_fields.GetOrAdd(type, static t =>
    {
        var fields = new List<FieldInfo>();
        for (Type? current = t; current is not null; current = current.BaseType)
        {
            fields.AddRange(current
                .GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
                .Where(f => !f.FieldType.IsPointer && !f.FieldType.IsFunctionPointer && !f.FieldType.IsByRefLike && !IsPrimitiveField(f)));
        }

        return [.. fields];
    });

    private static bool IsPrimitiveField(FieldInfo field) => field.FieldType.IsPrimitive || field.FieldType.IsEnum;

    private static IEnumerable<object?> StaticRoots()
    {
        foreach (Assembly assembly in AppDomain.CurrentDomain.GetAssemblies())
        {
            if (assembly.IsDynamic || IsPlatformAssembly(assembly))
            {
                continue;
            }

            Type[] types;
            try
            {
                types = assembly.GetTypes();
            }
            catch (ReflectionTypeLoadException exception)
            {
                types = [.. exception.Types.OfType<Type>()];
            }

            foreach (Type type in types)
            {
                if (type.ContainsGenericParameters)
                {
                    continue;
                }

                foreach (FieldInfo field in type.GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                {
                    if (field.IsLiteral || field.FieldType.IsPointer || field.FieldType.IsByRefLike || IsPrimitiveField(field)
                        || field.IsDefined(typeof(ThreadStaticAttribute)))
                    {
                        continue;
                    }

                    object? value;
                    try
                    {
                        value = field.GetValue(null);
                    }
                    catch (Exception exception) when (exception is TypeInitializationException or TargetInvocationException or NotSupportedException or FieldAccessException)
                    {
                        continue;
                    }

                    yield return value;
                }
            }
        }
    }

    private static bool IsPlatformAssembly(Assembly assembly)
    {
        string name = assembly.GetName().Name ?? "";
        return name.StartsWith("System", StringComparison.Ordinal) || name.StartsWith("Microsoft", StringComparison.Ordinal)
            || name is "mscorlib" or "netstandard" || name.StartsWith("xunit", StringComparison.Ordinal)
            || name.StartsWith("ℛ*", StringComparison.Ordinal);
    }
}
