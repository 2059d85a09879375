using Oslo.Service.Coordination.Membership;

namespace Oslo.Service.Coordination.Tests;

public sealed class HashRingTests
{
    private static readonly string[] s_items = [.. Enumerable.Range(0, 1000).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))];

    [Fact]
    public void Owner_SameMembersInAnyOrder_SameOwners()
    {
        var a = new HashRing(["a", "b", "c"]);
        var b = new HashRing(["c", "a", "b", "a"]);
        Assert.All(s_items, item => Assert.Equal(a.Owner(item), b.Owner(item)));
    }

    [Fact]
    public void Owner_MemberLeaves_OnlyItsItemsMove()
    {
        var before = new HashRing(["a", "b", "c"]);
        var after = new HashRing(["a", "b"]);
        Assert.All(s_items.Where(i => before.Owner(i) != "c"), item => Assert.Equal(before.Owner(item), after.Owner(item)));
        Assert.All(s_items, item => Assert.NotEqual("c", after.Owner(item)));
    }

    [Fact]
    public void Owner_ThreeMembers_EachGetsAShare()
    {
        var ring = new HashRing(["a", "b", "c"]);
        var counts = s_items.GroupBy(ring.Owner).ToDictionary(g => g.Key!, g => g.Count());
        Assert.Equal(3, counts.Count);
        Assert.All(counts.Values, count => Assert.InRange(count, 150, 550));
    }

    [Fact]
    public void Owner_EmptyRing_Null() => Assert.Null(new HashRing([]).Owner("x"));
}
