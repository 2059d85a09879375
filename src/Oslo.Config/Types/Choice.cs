namespace Oslo.Config;

/// <summary>One allowed value of an option, with an optional description (oslo's <c>(value, description)</c> tuple).</summary>
/// <typeparam name="T">The value type.</typeparam>
/// <param name="Value">The allowed value.</param>
/// <param name="Description">Shown in the sample file after <c>value - </c>.</param>
public readonly record struct Choice<T>(T Value, string? Description = null)
{
    /// <summary>A choice without description.</summary>
    public static implicit operator Choice<T>(T value) => new(value);

    /// <summary>A choice with a description.</summary>
    public static implicit operator Choice<T>((T Value, string? Description) choice) => new(choice.Value, choice.Description);
}
