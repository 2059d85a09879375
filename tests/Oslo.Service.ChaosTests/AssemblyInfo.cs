// Real processes, signals, /proc and Unix sockets: Linux is what we test.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]

// One attack at a time: each test measures failures, CPU or memory of the processes it started, and the machine
// is small (2 cores), so tests of this suite must not compete with each other.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
