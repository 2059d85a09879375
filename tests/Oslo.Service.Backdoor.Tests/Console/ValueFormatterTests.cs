using Oslo.Service.Backdoor.Console;

namespace Oslo.Service.Backdoor.Tests.Console;

public sealed class ValueFormatterTests
{
    public sealed class Plain
    {
        public int Count { get; set; } = 3;

        public string Name { get; set; } = "x";
    }

    [Fact]
    public void Format_Values_Readably()
    {
        Assert.Equal("42", ValueFormatter.Format(42));
        Assert.Equal("1.5", ValueFormatter.Format(1.5));
        Assert.Equal("true", ValueFormatter.Format(true));
        Assert.Equal("text", ValueFormatter.Format("text"));
        Assert.Equal("null", ValueFormatter.Format(null));
        Assert.Equal("[1, 2, 3]", ValueFormatter.Format(new List<int> { 1, 2, 3 }));
        Assert.Equal("[\"a\", \"b\"]", ValueFormatter.Format(new[] { "a", "b" }));
        Assert.Equal("{\"a\": 1}", ValueFormatter.Format(new Dictionary<string, int> { ["a"] = 1 }));
        Assert.Equal("Plain { Count = 3, Name = \"x\" }", ValueFormatter.Format(new Plain()));
        Assert.Equal("00:01:00", ValueFormatter.Format(TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public void Format_LongCollections_AreCut()
    {
        string text = ValueFormatter.Format(Enumerable.Range(0, 1000).ToList());
        Assert.EndsWith(", ...] (1000 items)", text, StringComparison.Ordinal);
    }
}
