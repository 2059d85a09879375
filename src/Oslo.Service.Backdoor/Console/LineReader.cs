using System.Text;

namespace Oslo.Service.Backdoor.Console;

/// <summary>
/// Reads lines from a console connection (nc, socat, telnet), dropping telnet's IAC negotiation and turning an
/// interrupt (Ctrl-C as byte 3, or telnet's IAC IP) into a callback so a running evaluation can be cancelled while
/// the session is busy.
/// </summary>
internal sealed class LineReader(Stream stream, Action interrupt)
{
    private const byte Iac = 255;
    private const byte InterruptProcess = 244;
    private const byte SubnegotiationBegin = 250;
    private const byte SubnegotiationEnd = 240;
    private const int MaxLineBytes = 1 << 20;

    private readonly byte[] _buffer = new byte[4096];
    private readonly List<byte> _line = [];
    private int _start;
    private int _end;

    /// <summary>The next line without its end (CR and LF removed); null at end of stream.</summary>
    internal async Task<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_start == _end)
            {
                _start = 0;
                _end = await stream.ReadAsync(_buffer, cancellationToken).ConfigureAwait(false);
                if (_end == 0)
                {
                    return _line.Count > 0 ? Take() : null;
                }
            }

            byte b = _buffer[_start++];
            switch (b)
            {
                case (byte)'\n':
                    return Take();
                case (byte)'\r' or 0:
                    continue;
                case 3:
                    interrupt();
                    continue;
                case Iac:
                    await SkipTelnetCommandAsync(cancellationToken).ConfigureAwait(false);
                    continue;
                default:
                    if (_line.Count >= MaxLineBytes)
                    {
                        throw new InvalidDataException("Line longer than 1 MiB.");
                    }

                    _line.Add(b);
                    continue;
            }
        }
    }

    private async Task SkipTelnetCommandAsync(CancellationToken cancellationToken)
    {
        byte command = await NextAsync(cancellationToken).ConfigureAwait(false);
        switch (command)
        {
            case InterruptProcess:
                interrupt();
                break;
            case Iac:
                _line.Add(Iac);
                break;
            case >= 251 and <= 254:
                // WILL / WONT / DO / DONT carry one option byte.
                await NextAsync(cancellationToken).ConfigureAwait(false);
                break;
            case SubnegotiationBegin:
                byte previous = 0;
                while (true)
                {
                    byte current = await NextAsync(cancellationToken).ConfigureAwait(false);
                    if (previous == Iac && current == SubnegotiationEnd)
                    {
                        break;
                    }

                    previous = current;
                }

                break;
        }
    }

    private async Task<byte> NextAsync(CancellationToken cancellationToken)
    {
        if (_start == _end)
        {
            _start = 0;
            _end = await stream.ReadAsync(_buffer, cancellationToken).ConfigureAwait(false);
            if (_end == 0)
            {
                throw new EndOfStreamException();
            }
        }

        return _buffer[_start++];
    }

    private string Take()
    {
        string line = Encoding.UTF8.GetString([.. _line]);
        _line.Clear();
        return line;
    }
}
