namespace Vinculo.Core.ImportExport;

/// <summary>
/// Picks the CSV separator from the header line alone. Data lines cannot be trusted for this: a cell such as
/// <c>a@x.es;b@y.es</c> holds a list, and guessing from it would split a one-column file on ';'. Header names never
/// contain a separator, so the most frequent of ',', ';' and tab in the first line is the one (',' when there is none).
/// A spreadsheet saved as CSV with Spanish settings (';') imports like a comma file.
/// </summary>
internal static class HeaderSniffer
{
    private const int MaxHeaderBytes = 64 * 1024;

    /// <summary>The separator, and a stream that reads the input from the start again.</summary>
    public static async Task<(Stream Stream, char Separator)> Sniff(Stream input, CancellationToken ct)
    {
        var buffer = new byte[MaxHeaderBytes];
        var filled = 0;
        int lineEnd;
        while ((lineEnd = Array.IndexOf(buffer, (byte)'\n', 0, filled)) < 0 && filled < buffer.Length)
        {
            var read = await input.ReadAsync(buffer.AsMemory(filled), ct);
            if (read == 0)
            {
                break;
            }

            filled += read;
        }

        var header = buffer.AsSpan(0, lineEnd >= 0 ? lineEnd : filled);
        var commas = header.Count((byte)',');
        var semicolons = header.Count((byte)';');
        var tabs = header.Count((byte)'\t');
        var separator = semicolons > commas && semicolons >= tabs ? ';' : tabs > commas && tabs > semicolons ? '\t' : ',';
        return (new PrefixedStream(buffer.AsMemory(0, filled), input), separator);
    }

    /// <summary>Reads the bytes already taken from <paramref name="rest"/>, then the rest of it.</summary>
    internal sealed class PrefixedStream(ReadOnlyMemory<byte> prefix, Stream rest) : Stream
    {
        private ReadOnlyMemory<byte> _prefix = prefix;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_prefix.IsEmpty)
            {
                return rest.Read(buffer);
            }

            var n = Math.Min(buffer.Length, _prefix.Length);
            _prefix.Span[..n].CopyTo(buffer);
            _prefix = _prefix[n..];
            return n;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_prefix.IsEmpty)
            {
                return rest.ReadAsync(buffer, cancellationToken);
            }

            return ValueTask.FromResult(Read(buffer.Span));
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
