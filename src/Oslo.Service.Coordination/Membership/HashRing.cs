using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Oslo.Service.Coordination.Membership;

/// <summary>
/// A consistent-hash ring, as tooz's <c>HashRing</c>: each member owns <see cref="PointsPerMember"/> points (the MD5
/// of <c>member-index</c>), an item belongs to the first point at or after its own hash. When a member joins or leaves,
/// only the items next to its points move. Pure: the same members give the same owners in every process.
/// </summary>
public sealed class HashRing
{
    /// <summary>Points per member (tooz's default <c>partitions = 2**5</c>).</summary>
    public const int PointsPerMember = 32;

    private readonly ulong[] _points;
    private readonly string[] _owners;

    /// <summary>Builds the ring of <paramref name="members"/>.</summary>
    /// <param name="members">The members; duplicates are ignored.</param>
    public HashRing(IEnumerable<string> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        Members = [.. members.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        var points = new List<(ulong Hash, string Member)>(Members.Count * PointsPerMember);
        foreach (string member in Members)
        {
            for (int i = 0; i < PointsPerMember; i++)
            {
                points.Add((Hash($"{member}-{i}"), member));
            }
        }

        points.Sort((a, b) => a.Hash != b.Hash ? a.Hash.CompareTo(b.Hash) : string.CompareOrdinal(a.Member, b.Member));
        _points = [.. points.Select(p => p.Hash)];
        _owners = [.. points.Select(p => p.Member)];
    }

    /// <summary>The members, sorted ordinally.</summary>
    public IReadOnlyList<string> Members { get; }

    /// <summary>The member that owns <paramref name="item"/>; null when the ring is empty.</summary>
    /// <param name="item">The item's key.</param>
    /// <returns>The owner.</returns>
    public string? Owner(string item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (_points.Length == 0)
        {
            return null;
        }

        int index = Array.BinarySearch(_points, Hash(item));
        if (index < 0)
        {
            index = ~index;
        }

        return _owners[index == _points.Length ? 0 : index];
    }

    // MD5 as tooz's ring, for spread, not for security: nothing secret is hashed and nobody chooses keys to collide.
#pragma warning disable CA5351
    private static ulong Hash(string key) => BinaryPrimitives.ReadUInt64BigEndian(MD5.HashData(Encoding.UTF8.GetBytes(key)));
#pragma warning restore CA5351
}
