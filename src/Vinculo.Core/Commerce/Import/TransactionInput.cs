using System.IO.Compression;
using Vinculo.Core.ImportExport;

namespace Vinculo.Core.Commerce.Import;

/// <summary>
/// Opens a transactions file for reading: plain or gzip-compressed, told apart by the gzip magic bytes (1F 8B) rather
/// than the file name, so <c>export.csv</c> that is really compressed, or <c>data.gz</c> that is not, both read.
/// </summary>
internal static class TransactionInput
{
    /// <summary>The decompressed text, and a counter of the bytes taken from <paramref name="input"/> (for progress).</summary>
    /// <remarks>
    /// <see cref="GZipStream"/> ends quietly where a truncated file ends. When the input can seek, the size the gzip
    /// trailer records (its last four bytes) is read first and compared with what was decompressed at the end, so a
    /// file cut short (an interrupted download) fails with <see cref="InvalidDataException"/> instead of importing part
    /// of itself.
    /// </remarks>
    public static async Task<(Stream Text, CountingStream Raw, bool Gzip)> Open(Stream input, CancellationToken ct)
    {
        uint? recordedSize = null;
        if (input.CanSeek && input.Length - input.Position >= 18)
        {
            var start = input.Position;
            var trailer = new byte[4];
            input.Seek(-4, SeekOrigin.End);
            await input.ReadExactlyAsync(trailer, ct);
            input.Position = start;
            recordedSize = BitConverter.ToUInt32(trailer); // little-endian, as gzip writes it
        }

        var raw = new CountingStream(input);
        var magic = new byte[2];
        var filled = 0;
        while (filled < magic.Length)
        {
            var read = await raw.ReadAsync(magic.AsMemory(filled), ct);
            if (read == 0)
            {
                break;
            }

            filled += read;
        }

        Stream replay = new HeaderSniffer.PrefixedStream(magic.AsMemory(0, filled), raw);
        var gzip = filled == 2 && magic[0] == 0x1F && magic[1] == 0x8B;
        if (!gzip)
        {
            return (replay, raw, false);
        }

        Stream text = new GZipStream(replay, CompressionMode.Decompress, leaveOpen: true);
        return (recordedSize is { } size ? new SizeCheckedStream(text, size) : text, raw, true);
    }

    /// <summary>Decompressed gzip data that must end at the size its trailer records (modulo 2^32, as gzip keeps it).</summary>
    private sealed class SizeCheckedStream(Stream inner, uint recordedSize) : Stream
    {
        private long _read;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => _read;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer) => Check(inner.Read(buffer), buffer.Length);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Check(await inner.ReadAsync(buffer, cancellationToken), buffer.Length);

        private int Check(int n, int asked)
        {
            _read += n;
            if (n == 0 && asked > 0 && (uint)_read != recordedSize)
            {
                throw new InvalidDataException(
                    $"the gzip data ends after {_read:N0} bytes but the file records {recordedSize:N0}: it was cut short or damaged");
            }

            return n;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }

        public override async ValueTask DisposeAsync()
        {
            await inner.DisposeAsync();
            await base.DisposeAsync();
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

/// <summary>A read-only pass-through that counts the bytes read (the compressed bytes, for a gzip file).</summary>
internal sealed class CountingStream(Stream inner) : Stream
{
    /// <summary>What is left to read when the stream was opened; 0 when unknown (not seekable).</summary>
    public long Total { get; } = inner.CanSeek ? Math.Max(0, inner.Length - inner.Position) : 0;

    public long BytesRead { get; private set; }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => BytesRead;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = inner.Read(buffer);
        BytesRead += n;
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var n = await inner.ReadAsync(buffer, cancellationToken);
        BytesRead += n;
        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
