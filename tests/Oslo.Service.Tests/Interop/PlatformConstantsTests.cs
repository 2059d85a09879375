using System.Diagnostics;
using System.Globalization;
using System.Reflection;

using Oslo.Service.Interop;

using Xunit;

namespace Oslo.Service.Tests.Interop;

/// <summary>
/// The Linux constants and buffer sizes of <c>Interop</c> (and the few kept elsewhere) against the C library's own
/// headers: a small C program compiled with clang prints them, so a wrong number fails here, not in production.
/// </summary>
public sealed class PlatformConstantsTests
{
    private const string Program = """
        #define _GNU_SOURCE
        #include <errno.h>
        #include <fcntl.h>
        #include <poll.h>
        #include <signal.h>
        #include <spawn.h>
        #include <stddef.h>
        #include <stdio.h>
        #include <sys/eventfd.h>
        #include <sys/prctl.h>
        #include <sys/socket.h>
        #include <sys/syscall.h>
        #include <sys/wait.h>
        #include <time.h>
        #define P(name) printf("%s=%ld\n", #name, (long)(name));
        #define S(name, type) printf("%s=%ld\n", name, (long)sizeof(type));
        int main(void) {
            P(SIGHUP) P(SIGINT) P(SIGKILL) P(SIGTERM) P(SIGUSR2) P(SIGSTOP)
            P(O_RDONLY) P(O_NOCTTY) P(O_NONBLOCK) P(O_CLOEXEC)
            P(EPERM) P(EACCES) P(ECHILD) P(EINTR) P(ENOENT) P(ENOTDIR)
            P(F_GETFD) P(F_SETFD) P(FD_CLOEXEC) P(F_DUPFD_CLOEXEC) P(WNOHANG)
            P(EFD_CLOEXEC) P(EFD_NONBLOCK) P(POLLIN) P(CLOCK_MONOTONIC)
            P(POSIX_SPAWN_SETSIGDEF) P(POSIX_SPAWN_SETSIGMASK) P(PR_SET_PDEATHSIG)
            P(AF_UNIX) P(SOCK_STREAM) P(SOCK_CLOEXEC)
            P(SYS_pidfd_open) P(SYS_pidfd_send_signal)
            S("sizeof_sigset_t", sigset_t) S("sizeof_posix_spawnattr_t", posix_spawnattr_t)
            S("sizeof_struct_sigaction", struct sigaction) S("sizeof_struct_pollfd", struct pollfd)
            S("sizeof_struct_timespec", struct timespec)
            printf("offsetof_pollfd_revents=%ld\n", (long)offsetof(struct pollfd, revents));
            return 0;
        }
        """;

    [Fact]
    public void InteropConstants_EqualTheCLibrarysValues()
    {
        if (!OperatingSystem.IsLinux())
        {
            // The constants are Linux's and used only there (Platform.IsUnix is Linux).
            return;
        }

        Dictionary<string, long> c = CompileAndRun();
        var ours = new Dictionary<string, long>
        {
            ["SIGHUP"] = SignalNumbers.SigHup,
            ["SIGINT"] = SignalNumbers.SigInt,
            ["SIGKILL"] = SignalNumbers.SigKill,
            ["SIGTERM"] = SignalNumbers.SigTerm,
            ["SIGUSR2"] = ExtraSignalNumbers.SigUsr2,
            ["SIGSTOP"] = ExtraSignalNumbers.SigStop,
            ["O_RDONLY"] = Libc.ORdOnly,
            ["O_NOCTTY"] = Libc.ONoCtty,
            ["O_NONBLOCK"] = Libc.ONonBlock,
            ["O_CLOEXEC"] = Libc.OCloExec,
            ["EPERM"] = Libc.EPerm,
            ["EACCES"] = Libc.EAcces,
            ["ECHILD"] = Libc.EChild,
            ["EINTR"] = Libc.EIntr,
            ["F_GETFD"] = Libc.FGetFd,
            ["F_SETFD"] = Libc.FSetFd,
            ["FD_CLOEXEC"] = Libc.FdCloExec,
            ["F_DUPFD_CLOEXEC"] = Libc.FDupFdCloExec,
            ["WNOHANG"] = Libc.WNoHang,
            ["EFD_CLOEXEC"] = Libc.EFD_CLOEXEC,
            ["EFD_NONBLOCK"] = Libc.EFD_NONBLOCK,
            ["POLLIN"] = Libc.POLLIN,
            ["CLOCK_MONOTONIC"] = Libc.ClockMonotonic,
            ["POSIX_SPAWN_SETSIGDEF"] = Libc.PosixSpawnSetSigDef,
            ["POSIX_SPAWN_SETSIGMASK"] = Libc.PosixSpawnSetSigMask,
            ["PR_SET_PDEATHSIG"] = Libc.PrSetPdeathsig,
            ["AF_UNIX"] = Libc.AfUnix,
            ["SOCK_STREAM"] = Libc.SockStream,
            ["SOCK_CLOEXEC"] = Libc.SockCloExec,
            ["SYS_pidfd_open"] = Private<long>(typeof(PidFd), "SysPidfdOpen"),
            ["SYS_pidfd_send_signal"] = Private<long>(typeof(PidFd), "SysPidfdSendSignal"),
            // Oslo.Config's reader tells a missing file from an unreadable one by errno.
            ["ENOENT"] = Private<int>(ConfigFileReader, "ENoEnt"),
            ["ENOTDIR"] = Private<int>(ConfigFileReader, "ENotDir"),
        };

        var wrong = ours.Where(o => c[o.Key] != o.Value).Select(o => $"{o.Key}: ours {o.Value}, libc {c[o.Key]}").ToList();
        Assert.True(wrong.Count == 0, "Interop constants differ from the C library's:\n" + string.Join('\n', wrong));
        Assert.Equal(Private<int>(ConfigFileReader, "EAcces"), c["EACCES"]);
        Assert.Equal(Private<int>(ConfigFileReader, "EPerm"), c["EPERM"]);
    }

    [Fact]
    public void InteropBuffersAndLayouts_HoldTheCLibrarysStructures()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        Dictionary<string, long> c = CompileAndRun();

        // Buffers we hand to libc must be at least its structure's size.
        Assert.True(Libc.SigSetSize >= c["sizeof_sigset_t"], $"sigset_t is {c["sizeof_sigset_t"]} bytes, our buffer {Libc.SigSetSize}");
        Assert.True(Libc.PosixSpawnAttrSize >= c["sizeof_posix_spawnattr_t"], $"posix_spawnattr_t is {c["sizeof_posix_spawnattr_t"]} bytes, our buffer {Libc.PosixSpawnAttrSize}");
        Type disposition = typeof(Libc).Assembly.GetType("Oslo.Service.Signals.SignalDisposition", throwOnError: true)!;
        Assert.True(Private<int>(disposition, "SigActionBufferSize") >= c["sizeof_struct_sigaction"]);
        // Structures we lay out ourselves must match exactly.
        Assert.Equal(c["sizeof_struct_pollfd"], System.Runtime.InteropServices.Marshal.SizeOf<Libc.PollFd>());
        Assert.Equal(c["offsetof_pollfd_revents"], (long)System.Runtime.InteropServices.Marshal.OffsetOf<Libc.PollFd>(nameof(Libc.PollFd.ReturnedEvents)));
        Assert.Equal(c["sizeof_struct_timespec"], System.Runtime.InteropServices.Marshal.SizeOf<Libc.TimeSpec>());
    }

    private static Type ConfigFileReader =>
        typeof(Oslo.Config.ConfigOpts).Assembly.GetType("Oslo.Config.Ini.ConfigFileReader", throwOnError: true)!;

    private static T Private<T>(Type type, string name) =>
        (T)(type.GetField(name, BindingFlags.NonPublic | BindingFlags.Static)
            ?? throw new InvalidOperationException($"{type.Name}.{name} not found")).GetRawConstantValue()!;

    // clang is a test dependency on Linux (.ci/run installs it): without it the test fails rather than passing unchecked.
    private static Dictionary<string, long> CompileAndRun()
    {
        string dir = Directory.CreateTempSubdirectory("oslo-constants-").FullName;
        try
        {
            string source = Path.Combine(dir, "constants.c");
            string binary = Path.Combine(dir, "constants");
            File.WriteAllText(source, Program);
            (int status, string output) = Run("clang", ["-o", binary, source]);
            Assert.True(status == 0, $"clang could not compile the constants program (install clang):\n{output}");
            (status, output) = Run(binary, []);
            Assert.Equal(0, status);
            return output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => line.Split('='))
                .ToDictionary(p => p[0], p => long.Parse(p[1], CultureInfo.InvariantCulture), StringComparer.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static (int Status, string Output) Run(string file, string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using Process process = Process.Start(info)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(60)), $"{file} did not finish within 60 s");
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
