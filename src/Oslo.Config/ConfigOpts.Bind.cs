using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Reflection;
using System.Text;

namespace Oslo.Config;

public sealed partial class ConfigOpts
{
    internal const DynamicallyAccessedMemberTypes BindMembers =
        DynamicallyAccessedMemberTypes.PublicParameterlessConstructor | DynamicallyAccessedMemberTypes.PublicProperties;

    /// <summary>
    /// Creates a <typeparamref name="T"/> and sets each public writable property from the option of the group
    /// with the same name: the property name as written (<c>workers</c>) or in snake case (<c>RestartIntensity</c>
    /// reads <c>restart_intensity</c>). Values are converted by the options' types first (a bad value fails here,
    /// naming file and line); an <see cref="int"/> or <see cref="double"/> value also binds to a
    /// <see cref="TimeSpan"/> property as seconds. Properties without an option keep their initial value.
    /// The same values are reachable through <c>IConfiguration</c> with
    /// <c>configuration.AddOsloConfig(conf)</c> and <c>GetSection(group).Get&lt;T&gt;()</c>, where keys are the options'
    /// names as written.
    /// </summary>
    /// <param name="group">The group (null or <c>DEFAULT</c> for the default group).</param>
    /// <exception cref="NoSuchGroupException">The group is not registered.</exception>
    /// <exception cref="ConfigValueException">A value cannot be converted to its property's type.</exception>
    public T Bind<[DynamicallyAccessedMembers(BindMembers)] T>(string? group = null)
        where T : new()
    {
        var target = new T();
        string? key = group == OptGroup.DefaultName ? null : group;
        if (State.Registry.FindGroup(key) is null)
        {
            throw new NoSuchGroupException(group!);
        }

        foreach (PropertyInfo property in typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (!property.CanWrite || property.GetIndexParameters().Length > 0)
            {
                continue;
            }

            string? name = Contains(property.Name, key) ? property.Name
                : Contains(SnakeCase(property.Name), key) ? SnakeCase(property.Name)
                : null;
            if (name is null)
            {
                continue;
            }

            object? value = GetValue(name, key);
            property.SetValue(target, ConvertForBind(value, property.PropertyType, name, key));
        }

        return target;
    }

    private static object? ConvertForBind(object? value, Type target, string name, string? group)
    {
        Type underlying = Nullable.GetUnderlyingType(target) ?? target;
        if (value is null)
        {
            return target.IsValueType && Nullable.GetUnderlyingType(target) is null
                ? throw new RequiredOptException(name, group)
                : null;
        }

        if (underlying.IsInstanceOfType(value))
        {
            return value;
        }

        if (underlying == typeof(TimeSpan) && value is int or double)
        {
            return TimeSpan.FromSeconds(Convert.ToDouble(value, CultureInfo.InvariantCulture));
        }

        if (underlying == typeof(string[]) && value is IEnumerable items and not string)
        {
            return items.Cast<object?>().Select(i => i?.ToString() ?? "").ToArray();
        }

        try
        {
            return underlying.IsEnum
                ? Enum.Parse(underlying, value.ToString()!, ignoreCase: true)
                : Convert.ChangeType(value, underlying, CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is InvalidCastException or FormatException or OverflowException or ArgumentException)
        {
            throw new ConfigValueException(
                $"Cannot bind option {name} in group [{group ?? OptGroup.DefaultName}] ({value.GetType().Name}) to a {target.Name} property", e);
        }
    }

    // RestartIntensity -> restart_intensity; HTTPPort -> http_port.
    internal static string SnakeCase(string name)
    {
        var sb = new StringBuilder(name.Length + 4);
        for (int i = 0; i < name.Length; i++)
        {
            char c = name[i];
            if (char.IsUpper(c))
            {
                bool boundary = i > 0 && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1])
                    || (i + 1 < name.Length && char.IsLower(name[i + 1]) && char.IsUpper(name[i - 1])));
                if (boundary)
                {
                    sb.Append('_');
                }

                sb.Append(char.ToLowerInvariant(c));
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }
}
