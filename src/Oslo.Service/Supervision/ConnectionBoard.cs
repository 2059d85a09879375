using System.IO.MemoryMappedFiles;
using System.Runtime.InteropServices;

using Microsoft.Win32.SafeHandles;

using Oslo.Service.Interop;

namespace Oslo.Service.Supervision;

/// <summary>
/// How many connections each accepting worker of one pool holds, in memory the parent and its workers share (a
/// <c>memfd</c> the workers inherit): a worker that holds more than its share of the pool's connections lets the
/// others accept first (<see cref="AcceptBalance"/>).
/// </summary>
/// <remarks>
/// <para>Why: every worker accepts from the same inherited socket, and which one wins each connection is a race. A
/// client that opens its keep-alive connections in one burst (a load balancer's pool, <c>wrk -c64</c>) often gets
/// them split 63/1, and keeps that split for as long as the connections live. A worker sized for its share of the
/// CPUs (<see cref="ProcessorShare"/>) then queues most of the requests while another idles; a worker sized for
/// every CPU does not, but two of them busy on two cores preempt each other. An even split with the share is the
/// fast case (docs/operations.md, "Performance"). The kernel's own balancing (<c>SO_REUSEPORT</c> groups) needs a
/// socket per worker and lets any process of the same user join the port, which the shared socket was chosen to
/// avoid.</para>
/// <para>The layout: a header line (how many slots were ever claimed), then <see cref="Slots"/> slots of one cache
/// line each, so that workers writing their own counts do not contend for a line. A slot holds the pid that claimed
/// it (0: free) and that process's open connections. A worker claims a slot when it starts accepting and frees it
/// when it stops; the parent frees the slot of a worker that died without doing so. Only the workers of
/// <c>UseOsloWorkers</c> apps join (their listener, <c>WorkerListenerFactory</c>); the board of any other pool stays
/// empty.</para>
/// </remarks>
internal sealed unsafe class ConnectionBoard : IDisposable
{
    /// <summary>How many accepting processes one pool's board can hold; a worker finding none free does not balance.</summary>
    internal const int Slots = 256;

    private const int SlotBytes = 64;

    // The first line holds how many slots were ever claimed (readers scan no further); the slots follow.
    private const int Size = (Slots + 1) * SlotBytes;

    private static ConnectionBoard? s_current;

    private readonly SafeFileHandle _handle;
    private readonly MemoryMappedFile _file;
    private readonly MemoryMappedViewAccessor _view;
    private readonly byte* _base;
    private int _disposed;

    private ConnectionBoard(SafeFileHandle handle)
    {
        _handle = handle;
        _file = MemoryMappedFile.CreateFromFile(handle, null, Size, MemoryMappedFileAccess.ReadWrite, HandleInheritability.None, leaveOpen: true);
        _view = _file.CreateViewAccessor(0, Size, MemoryMappedFileAccess.ReadWrite);
        byte* pointer = null;
        _view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        _base = pointer + _view.PointerOffset;
    }

    /// <summary>This worker's board (see <see cref="Adopt"/>); null in a parent, a single process, or when none was passed.</summary>
    internal static ConnectionBoard? Current => Volatile.Read(ref s_current);

    /// <summary>The descriptor a worker inherits.</summary>
    internal int Fd => (int)_handle.DangerousGetHandle();

    /// <summary>A new, empty board for a pool (Linux); null where shared memory cannot be had, and then nobody balances.</summary>
    internal static ConnectionBoard? Create()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        int fd = Libc.MemfdCreate("oslo-connections", Libc.MfdCloExec);
        if (fd < 0)
        {
            return null;
        }

        var handle = new SafeFileHandle(fd, ownsHandle: true);
        try
        {
            RandomAccess.SetLength(handle, Size);
            return new ConnectionBoard(handle);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            handle.Dispose();
            return null;
        }
    }

    /// <summary>
    /// Maps the board a worker inherited as <see cref="Current"/>; a descriptor that is not a board of the expected
    /// size is ignored (the worker then accepts without balancing).
    /// </summary>
    internal static void Adopt(int fd)
    {
        if (Open(fd) is { } board)
        {
            Volatile.Write(ref s_current, board);
        }
    }

    /// <summary>Maps the board open as <paramref name="fd"/>, which it then owns; null when it is not one.</summary>
    internal static ConnectionBoard? Open(int fd)
    {
        if (fd < 0 || !OperatingSystem.IsLinux())
        {
            return null;
        }

        var handle = new SafeFileHandle(fd, ownsHandle: true);
        try
        {
            if (RandomAccess.GetLength(handle) == Size)
            {
                return new ConnectionBoard(handle);
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException)
        {
            // Not a board: the worker accepts without balancing.
        }

        handle.Dispose();
        return null;
    }

    /// <summary>Claims a free slot for <paramref name="pid"/>, its count at zero; -1 when every slot is taken.</summary>
    internal int Claim(int pid)
    {
        for (int slot = 0; slot < Slots; slot++)
        {
            if (Interlocked.CompareExchange(ref Owner(slot), pid, 0) == 0)
            {
                Volatile.Write(ref Count(slot), 0);
                int used;
                while ((used = Volatile.Read(ref Used)) <= slot && Interlocked.CompareExchange(ref Used, slot + 1, used) != used)
                {
                }

                return slot;
            }
        }

        return -1;
    }

    /// <summary>Frees a slot this process claimed.</summary>
    internal void Release(int slot)
    {
        Volatile.Write(ref Count(slot), 0);
        Volatile.Write(ref Owner(slot), 0);
    }

    /// <summary>Frees every slot <paramref name="pid"/> held (the parent, once that worker has exited).</summary>
    internal void ReleaseAll(int pid)
    {
        int used = Math.Min(Slots, Volatile.Read(ref Used));
        for (int slot = 0; slot < used; slot++)
        {
            if (Volatile.Read(ref Owner(slot)) == pid)
            {
                Volatile.Write(ref Count(slot), 0);
                _ = Interlocked.CompareExchange(ref Owner(slot), 0, pid);
            }
        }
    }

    /// <summary>Adds <paramref name="delta"/> to a claimed slot's count.</summary>
    internal void Add(int slot, int delta) => Interlocked.Add(ref Count(slot), delta);

    /// <summary>A slot's count.</summary>
    internal int CountOf(int slot) => Volatile.Read(ref Count(slot));

    /// <summary>The connections of every accepting process and how many processes accept.</summary>
    internal (int Connections, int Accepting) Read()
    {
        int connections = 0;
        int accepting = 0;
        int used = Math.Min(Slots, Volatile.Read(ref Used));
        for (int slot = 0; slot < used; slot++)
        {
            if (Volatile.Read(ref Owner(slot)) != 0)
            {
                accepting++;
                connections += Math.Max(0, Volatile.Read(ref Count(slot)));
            }
        }

        return (connections, accepting);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
            _view.Dispose();
            _file.Dispose();
            _handle.Dispose();
        }
    }

    private ref int Used => ref *(int*)_base;

    private ref int Owner(int slot) => ref *(int*)(_base + ((slot + 1) * SlotBytes));

    private ref int Count(int slot) => ref *(int*)(_base + ((slot + 1) * SlotBytes) + sizeof(int));
}
