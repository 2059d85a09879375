// These tests bind real sockets, Unix sockets and chmod files: Linux is what we test.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
