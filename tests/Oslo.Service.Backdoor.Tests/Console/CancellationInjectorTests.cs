using Oslo.Service.Backdoor.Console;

namespace Oslo.Service.Backdoor.Tests.Console;

public sealed class CancellationInjectorTests
{
    [Theory]
    [InlineData("while (true) { x++; }", "while (true) {Cancellation.ThrowIfCancellationRequested(); x++; }")]
    [InlineData("for (;;) x++;", "for (;;) {Cancellation.ThrowIfCancellationRequested();x++;}")]
    [InlineData("do { } while (true);", "do {Cancellation.ThrowIfCancellationRequested(); } while (true);")]
    [InlineData("foreach (var i in xs) { }", "foreach (var i in xs) {Cancellation.ThrowIfCancellationRequested(); }")]
    public void Rewrite_PutsACheckAtTheTopOfEveryLoop(string code, string expected) =>
        Assert.Equal(WithoutSpace(expected), WithoutSpace(CancellationInjector.Rewrite(code)));

    private static string WithoutSpace(string text) => string.Concat(text.Where(c => !char.IsWhiteSpace(c)));

    [Fact]
    public void Rewrite_LeavesCodeWithErrorsAlone() =>
        Assert.Equal("while (true {", CancellationInjector.Rewrite("while (true {"));

    [Theory]
    [InlineData("1 + 1", true)]
    [InlineData("for (int i = 0; i < 3; i++)", false)]
    [InlineData("if (x) {", false)]
    public void IsComplete(string code, bool complete) => Assert.Equal(complete, CancellationInjector.IsComplete(code));
}
