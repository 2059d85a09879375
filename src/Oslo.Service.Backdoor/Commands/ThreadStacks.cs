using System.Globalization;
using System.Text;

using Oslo.Service.Diagnostics;

namespace Oslo.Service.Backdoor.Commands;

/// <summary>
/// <c>pgt</c> (oslo: the stack of every green thread; here: of every thread running managed code) and <c>pnt</c>
/// (oslo: native threads; here: every OS thread of the process from <c>/proc/self/task</c>, with its managed stack
/// when it has one).
/// </summary>
internal static class ThreadStacks
{
    internal static async Task<string> FormatAsync(bool osThreads, CancellationToken cancellationToken)
    {
        IReadOnlyDictionary<int, IReadOnlyList<string>> stacks = await EventPipeStacks.CaptureAsync(
            Diagnostics.Self(), TimeSpan.FromMilliseconds(100), $"backdoor-stacks-{Environment.ProcessId}", cancellationToken).ConfigureAwait(false);
        var text = new StringBuilder();
        if (!osThreads)
        {
            foreach ((int id, IReadOnlyList<string> frames) in stacks.OrderBy(s => s.Key))
            {
                AppendStack(text, $"Thread {id} (0x{id:X})", frames);
            }

            text.Append(CultureInfo.InvariantCulture, $"{stacks.Count} managed thread(s)\n");
            return text.ToString();
        }

        int count = 0;
        foreach (string task in Directory.EnumerateDirectories("/proc/self/task").OrderBy(d => int.Parse(Path.GetFileName(d), CultureInfo.InvariantCulture)))
        {
            int tid = int.Parse(Path.GetFileName(task), CultureInfo.InvariantCulture);
            string name = ReadOrEmpty(Path.Combine(task, "comm")).Trim();
            string state = State(ReadOrEmpty(Path.Combine(task, "stat")));
            count++;
            AppendStack(text, $"OS thread {tid} \"{name}\" state {state}", stacks.TryGetValue(tid, out IReadOnlyList<string>? frames) ? frames : ["(no managed frames)"]);
        }

        text.Append(CultureInfo.InvariantCulture, $"{count} OS thread(s), {stacks.Count} with managed code\n");
        return text.ToString();
    }

    private static void AppendStack(StringBuilder text, string title, IReadOnlyList<string> frames)
    {
        text.Append(title).Append(":\n");
        foreach (string frame in frames)
        {
            text.Append("  ").Append(frame).Append('\n');
        }

        text.Append('\n');
    }

    // /proc/<pid>/task/<tid>/stat: "tid (comm) S ..." where comm may hold spaces and parentheses.
    private static string State(string stat)
    {
        int close = stat.LastIndexOf(')');
        return close >= 0 && close + 2 < stat.Length ? stat[close + 2].ToString() : "?";
    }

    private static string ReadOrEmpty(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return "";
        }
    }
}
