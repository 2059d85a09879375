using System.Globalization;

namespace Oslo.Service.Supervision;

/// <summary>
/// Turns the family's memory budget into one worker's GC settings, passed through the runtime's environment knobs
/// (read before any managed code runs, so they work for every program, AOT included).
/// </summary>
/// <remarks>
/// <para><c>DOTNET_GCHeapHardLimit</c> (hexadecimal bytes, as the runtime reads every GC knob) is the worker's share:
/// the GC sizes its budgets against it and <see cref="GC.GetGCMemoryInfo()"/> reports it as the memory available. A
/// percentage knob inherited from the parent (<c>DOTNET_GCHeapHardLimitPercent</c>) is removed: it would be of the
/// whole machine or container, which is the budget of the family, not of one worker.</para>
/// <para><c>DOTNET_GCDynamicAdaptationMode=1</c> (DATAS): workers run the workstation GC by default, where it does
/// nothing; an app that chooses the server GC for its workers would otherwise get one heap per core, each with a
/// minimum size, inside a share meant for one process among N. DATAS starts with one heap and adds heaps only as the
/// allocation rate needs them, so the heap count follows the share instead of the core count. An explicit
/// <c>DOTNET_GCHeapCount</c> the user set is left as it is.</para>
/// </remarks>
internal static class MemoryBudget
{
    internal const string HardLimitVariable = "DOTNET_GCHeapHardLimit";
    internal const string HardLimitPercentVariable = "DOTNET_GCHeapHardLimitPercent";
    internal const string DynamicAdaptationVariable = "DOTNET_GCDynamicAdaptationMode";

    /// <summary>One worker's share of <paramref name="budgetMb"/> MiB among <paramref name="workers"/>, in bytes; 0 when there is no budget.</summary>
    internal static long ShareBytes(int budgetMb, int workers) =>
        budgetMb <= 0 ? 0 : (long)budgetMb * 1024 * 1024 / Math.Max(1, workers);

    /// <summary>Applies the share to a worker's environment (see the remarks); nothing when there is no budget.</summary>
    internal static void Apply(IDictionary<string, string> environment, int budgetMb, int workers)
    {
        long share = ShareBytes(budgetMb, workers);
        if (share <= 0)
        {
            return;
        }

        environment.Remove(HardLimitPercentVariable);
        environment[HardLimitVariable] = share.ToString("x", CultureInfo.InvariantCulture);
        environment.TryAdd(DynamicAdaptationVariable, "1");
    }
}
