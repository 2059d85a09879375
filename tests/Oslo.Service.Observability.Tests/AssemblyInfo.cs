// Real processes, Unix sockets, signals and setpriv: these tests run on Linux only.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]

// Each test starts a process family; two at once on a shared 2-core machine only make both slower.
[assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)]
