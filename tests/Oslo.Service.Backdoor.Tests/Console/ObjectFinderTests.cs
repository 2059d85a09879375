using Oslo.Service.Backdoor.Console;

namespace Oslo.Service.Backdoor.Tests.Console;

public sealed class ObjectFinderTests
{
    private sealed class Needle(int id)
    {
        public int Id { get; } = id;
    }

    private sealed class Holder
    {
        public List<Needle> Items { get; } = [new(1), new(2)];

        public Needle? Single { get; set; } = new(3);

        public Func<int>? Captures { get; set; }
    }

    [Fact]
    public void Find_WalksFieldsCollectionsAndClosures_OncePerObject()
    {
        var hidden = new Needle(4);
        var holder = new Holder { Captures = () => hidden.Id };
        holder.Items.Add(holder.Single!);

        IReadOnlyList<object> found = ObjectFinder.Find(typeof(Needle), [holder, holder], includeStatics: false);

        Assert.Equal([1, 2, 3, 4], found.Cast<Needle>().Select(n => n.Id).Order());
    }

    [Fact]
    public void Find_NothingReachable_Empty() =>
        Assert.Empty(ObjectFinder.Find(typeof(Needle), [new object(), "text", 42], includeStatics: false));
}
