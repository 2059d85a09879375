namespace Oslo.Service.Sockets;

/// <summary>One socket handed to this process by systemd socket activation.</summary>
/// <param name="Name">Its <c>FileDescriptorName=</c> (from <c>LISTEN_FDNAMES</c>), or <c>unknown</c>.</param>
/// <param name="Fd">Its descriptor number (3, 4, …).</param>
internal readonly record struct ActivatedSocket(string Name, int Fd);
