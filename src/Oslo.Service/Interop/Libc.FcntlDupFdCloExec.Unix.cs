namespace Oslo.Service.Interop;

internal static partial class Libc
{
    /// <summary>
    /// Linux/BSD <c>F_DUPFD_CLOEXEC</c> for <see cref="Fcntl"/>: a duplicate descriptor that programs we start do not
    /// inherit (the wsgi Server hands one to Kestrel at every start).
    /// </summary>
    internal const int FDupFdCloExec = 1030;
}
