namespace Oslo.Config;

/// <summary>oslo's <c>types.Port</c>: an integer in [0, 65535] (narrower bounds allowed).</summary>
public sealed class PortType : IntegerType
{
    /// <summary>Lowest port number.</summary>
    public const int PortMin = 0;

    /// <summary>Highest port number.</summary>
    public const int PortMax = 65535;

    /// <summary>Creates the type.</summary>
    /// <param name="min">Smallest allowed port (default 0; must not be below 0).</param>
    /// <param name="max">Largest allowed port (default 65535; must not be above 65535).</param>
    /// <param name="choices">Allowed ports.</param>
    public PortType(int? min = null, int? max = null, IReadOnlyList<Choice<int>>? choices = null)
        : base(CheckMin(min), CheckMax(max), choices)
    {
    }

    /// <inheritdoc/>
    public override string TypeName => "port value";

    /// <inheritdoc/>
    public override string ToString() => Describe("Port");

    private static int CheckMin(int? min) => min is < PortMin
        ? throw new ArgumentException($"Min value cannot be less than {PortMin}")
        : min ?? PortMin;

    private static int CheckMax(int? max) => max is > PortMax
        ? throw new ArgumentException($"Max value cannot be more than {PortMax}")
        : max ?? PortMax;
}
