using Oslo.Service.Timing;

using Xunit;

namespace Oslo.Service.Tests.Timing;

public class TimerHeapTests
{
    private sealed class Item(string name)
    {
        public override string ToString() => name;
    }

    [Fact]
    public void TakeDue_ReturnsItemsDueByNow_EarliestFirst_AndKeepsTheRest()
    {
        TimerHeap<Item> heap = new();
        Item a = new("a"), b = new("b"), c = new("c");
        heap.Schedule(c, 30);
        heap.Schedule(a, 10);
        heap.Schedule(b, 20);
        List<(Item, long)> due = [];

        heap.TakeDue(20, due);

        Assert.Equal([(a, 10L), (b, 20L)], due);
        Assert.True(heap.TryPeekDue(out long next));
        Assert.Equal(30, next);
        Assert.Equal(1, heap.Count);
    }

    [Fact]
    public void Schedule_AgainReplacesTheDeadline_SoTheItemFiresOnceAtTheNewTime()
    {
        TimerHeap<Item> heap = new();
        Item a = new("a");
        heap.Schedule(a, 10);
        heap.Schedule(a, 50);
        List<(Item, long)> due = [];

        heap.TakeDue(40, due);
        Assert.Empty(due);
        Assert.True(heap.TryPeekDue(out long next));
        Assert.Equal(50, next);

        heap.TakeDue(50, due);
        Assert.Equal([(a, 50L)], due);
        Assert.False(heap.TryPeekDue(out _));
    }

    [Fact]
    public void Cancel_UnschedulesTheItem_AndTheEarliestDeadlineSkipsIt()
    {
        TimerHeap<Item> heap = new();
        Item a = new("a"), b = new("b");
        heap.Schedule(a, 10);
        heap.Schedule(b, 20);

        Assert.True(heap.Cancel(a));
        Assert.False(heap.Cancel(a));

        Assert.True(heap.TryPeekDue(out long next));
        Assert.Equal(20, next);
        List<(Item, long)> due = [];
        heap.TakeDue(100, due);
        Assert.Equal([(b, 20L)], due);
        Assert.Equal(0, heap.Count);
    }

    [Fact]
    public void Cancel_ManyTimes_CompactsTheStaleEntries()
    {
        TimerHeap<Item> heap = new();
        Item keep = new("keep");
        heap.Schedule(keep, 5);
        for (int i = 0; i < 1000; i++)
        {
            // A long sleep interrupted again and again: a new far deadline each time, then cancelled.
            Item sleeper = new("sleeper");
            heap.Schedule(sleeper, 1_000_000 + i);
            heap.Cancel(sleeper);
        }

        Assert.Equal(1, heap.Count);
        Assert.True(heap.EntryCount <= 65, $"{heap.EntryCount} entries left for 1 live item");
        List<(Item, long)> due = [];
        heap.TakeDue(long.MaxValue, due);
        Assert.Equal([(keep, 5L)], due);
    }
}
