using Oslo.Service.ChaosTests.Infrastructure;

using Xunit.Abstractions;

namespace Oslo.Service.ChaosTests;

/// <summary>
/// The config file abused before SIGHUP — garbage, truncated mid-line, unreadable, a dangling symlink, deleted —
/// while HelloApi (2 workers) serves: each reload is refused with the file and the line (or the reason) in the log,
/// nothing is restarted, and GET / keeps answering with the old greeting. An emptied file (valid, but the workers
/// cannot start from it) stops the rolling reload with the old workers serving. A good file then reloads as usual.
/// </summary>
public sealed class ConfigAbuseTests(ITestOutputHelper output)
{
    [Fact]
    public async Task BrokenConfigBeforeSighup_KeepsServingOldGreeting_LogsFileAndLineOrReason()
    {
        await using var hello = await HelloApi.StartAsync(workers: 2, greeting: "original");
        string good = File.ReadAllText(hello.ConfigFile);
        int[] workers = [.. hello.Process.LiveChildren().Order()];
        await using var load = LoadGenerator.Start(hello.Port, connections: 4);

        // Garbage: binary and text that is no INI, after two good lines.
        await AbuseAsync(hello, "garbage", () => File.WriteAllText(hello.ConfigFile, "[DEFAULT]\ngreeting = garbage\n\u0001\u0002\u00ff\u0000 this is not ini\n"),
            expected: $"{hello.ConfigFile}:3");

        // Truncated: a write cut short in the middle of a line (the greeting line before it is complete).
        string changed = good.Replace("greeting = original", "greeting = truncated", StringComparison.Ordinal);
        int cut = changed.IndexOf("api_paste_config", StringComparison.Ordinal) + 5;
        int cutLine = changed[..cut].Count(c => c == '\n') + 1;
        await AbuseAsync(hello, "truncated", () => File.WriteAllText(hello.ConfigFile, changed[..cut]), expected: $"{hello.ConfigFile}:{cutLine}");

        // Unreadable. chmod 000 denies nothing to root (CI runs as root), so the file is made unreadable for any
        // user the way a botched deployment does it: a directory where the file was.
        await AbuseAsync(hello, "a directory", () =>
        {
            File.Delete(hello.ConfigFile);
            Directory.CreateDirectory(hello.ConfigFile);
        }, expected: $"Failed to read config file {hello.ConfigFile}: not a regular file (a directory)");
        Directory.Delete(hello.ConfigFile);

        // A dangling symlink (a config-management tool that links to a file it has not written yet).
        await AbuseAsync(hello, "a dangling symlink", () => File.CreateSymbolicLink(hello.ConfigFile, Path.Combine(hello.Process.Directory, "missing", "hello.conf")),
            expected: $"Failed to find some config files: {hello.ConfigFile}");
        File.Delete(hello.ConfigFile);

        // Deleted.
        await AbuseAsync(hello, "deleted", () => { }, expected: $"Failed to find some config files: {hello.ConfigFile}");

        // Truncated to nothing: an empty file is a valid config (every default), so the parent takes it, but the
        // replacement workers cannot build the app from it (no api_paste_config): the rolling reload stops and the
        // old workers keep serving the old greeting.
        File.WriteAllText(hello.ConfigFile, "");
        int skip = hello.Process.Lines.Count;
        hello.Process.Signal(Posix.SigHup);
        string aborted = await hello.Process.WaitForLineAsync("did not become ready; the reload stops and the old workers keep running", TimeSpan.FromSeconds(60), skip);
        output.WriteLine("empty: " + aborted[aborted.IndexOf("Service", StringComparison.Ordinal)..Math.Min(aborted.Length, aborted.IndexOf("running", StringComparison.Ordinal) + 7)]);
        await Poll.UntilAsync(() => hello.Process.LiveChildren().Count == 2, "the failed replacements gone", TimeSpan.FromSeconds(30));
        for (int i = 0; i < 4; i++)
        {
            Assert.StartsWith("original from pid", (await hello.GetAsync()).Body, StringComparison.Ordinal);
        }

        // The same workers served the old greeting through all of it, and no request failed; the aborted reload is
        // not reported as completed.
        Assert.Equal(workers, hello.Process.LiveChildren().Order());
        Assert.Empty(hello.Process.LinesWith("Reload completed", skip));

        // A good file reloads as usual afterwards.
        File.WriteAllText(hello.ConfigFile, good.Replace("greeting = original", "greeting = recovered", StringComparison.Ordinal));
        skip = hello.Process.Lines.Count;
        hello.Process.Signal(Posix.SigHup);
        await hello.Process.WaitForLineAsync("Reload completed", TimeSpan.FromSeconds(60), skip);
        // The old workers drain and exit; then only the new greeting answers.
        await Poll.UntilAsync(() => !workers.Any(ProcFs.IsAlive), "the old workers exited", TimeSpan.FromSeconds(30));
        Assert.StartsWith("recovered from pid", (await hello.GetAsync()).Body, StringComparison.Ordinal);
        await load.StopAsync();
        output.WriteLine($"{load.Ok} requests during the abuse, {load.FailedCount} failed");
        Assert.True(load.FailedCount == 0, string.Join("; ", load.Failures.Take(5).Select(f => f.Why)));
        Assert.All(load.Bodies, b => Assert.Matches("^(original|recovered) from pid", b));

        hello.Process.Signal(Posix.SigTerm);
        Assert.Equal(0, await hello.Process.WaitForExitAsync(TimeSpan.FromSeconds(30)));
    }

    private async Task AbuseAsync(HelloApi hello, string what, Action abuse, string expected)
    {
        abuse();
        int skip = hello.Process.Lines.Count;
        hello.Process.Signal(Posix.SigHup);
        await hello.Process.WaitForLineAsync("could not be applied", TimeSpan.FromSeconds(30), skip);
        string error = hello.Process.LinesWith("Caught Error while reloading configure files", skip).Single();
        output.WriteLine($"{what}: {error[(error.IndexOf("Caught", StringComparison.Ordinal))..]}");
        Assert.Contains(expected, error, StringComparison.Ordinal);

        // Nothing restarted, and the old values still answer.
        Assert.DoesNotContain(hello.Process.StartedChildren(), s => s.Line >= skip);
        Assert.Empty(hello.Process.LinesWith("Replacing", skip));
        for (int i = 0; i < 4; i++)
        {
            (int status, string body) = await hello.GetAsync();
            Assert.Equal(200, status);
            Assert.StartsWith("original from pid", body, StringComparison.Ordinal);
        }
    }
}
