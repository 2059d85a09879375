namespace Oslo.Service.Interop;

/// <summary>The process environment, as both .NET and native code (and <c>system()</c>, <c>exec</c>) see it.</summary>
internal static class ProcessEnvironment
{
    /// <summary>
    /// Removes <paramref name="name"/> from .NET's copy of the environment and from the C library's: .NET reads and
    /// starts processes from its copy, native code and the children it starts from the C library's.
    /// </summary>
    internal static void Remove(string name)
    {
        Environment.SetEnvironmentVariable(name, null);
        if (Platform.IsUnix)
        {
            _ = Libc.UnsetEnv(name);
        }
    }
}
