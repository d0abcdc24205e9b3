using System.Runtime.CompilerServices;
namespace Vinculo.Core.Analytics.Files;

/// <summary>
/// Reads a byte stream record by record without decoding text or allocating per record. A record ends at a line
/// feed outside double quotes (so a quoted CSV field may hold line breaks); a trailing carriage return is dropped.
/// The record's span is valid until the next call.
/// </summary>
internal sealed class ByteLineReader(Stream stream, CancellationToken ct)
{
    private byte[] _buffer = new byte[1 << 18];
    private int _start;
    private int _end;
    private bool _eof;
    private long _nextLine = 1;

    /// <summary>The line number where the last returned record starts (1-based).</summary>
    public long Row { get; private set; }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool Next(out ReadOnlySpan<byte> record)
    {
        while (true)
        {
            var pos = _start;
            var embedded = 0;
            var odd = false;
            while (true)
            {
                var rest = _buffer.AsSpan(pos, _end - pos);
                var nl = rest.IndexOf((byte)'\n');
                if (nl < 0)
                {
                    break;
                }

                var segment = rest[..nl];
                if (segment.Contains((byte)'"') && (segment.Count((byte)'"') & 1) == 1)
                {
                    odd = !odd;
                }

                if (!odd)
                {
                    record = Trim(_buffer.AsSpan(_start, pos + nl - _start));
                    _start = pos + nl + 1;
                    Row = _nextLine;
                    _nextLine += 1 + embedded;
                    return true;
                }

                embedded++;
                pos += nl + 1;
            }

            if (_eof)
            {
                if (_start < _end)
                {
                    record = Trim(_buffer.AsSpan(_start, _end - _start));
                    _start = _end;
                    Row = _nextLine;
                    _nextLine += 1 + embedded;
                    return true;
                }

                record = default;
                return false;
            }

            Fill();
        }
    }

    private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> line) =>
        line.Length > 0 && line[^1] == (byte)'\r' ? line[..^1] : line;

    private void Fill()
    {
        ct.ThrowIfCancellationRequested();
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }

        var read = stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0)
        {
            _eof = true;
        }

        _end += read;
    }
}
