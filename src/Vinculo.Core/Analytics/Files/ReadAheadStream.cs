using System.Collections.Concurrent;

namespace Vinculo.Core.Analytics.Files;

/// <summary>
/// Reads another stream on a background thread, a few chunks ahead of the consumer, so that decompressing a gzip
/// file and parsing it use two cores. Read-only, forward-only; an error of the inner stream is rethrown on the
/// consumer's next read. Disposing stops the background thread (the inner stream is left to the caller).
/// </summary>
internal sealed class ReadAheadStream : Stream
{
    private const int ChunkSize = 1 << 18;
    private const int Depth = 4;

    private readonly BlockingCollection<(byte[] Buffer, int Count)> _full = new(Depth);
    private readonly BlockingCollection<byte[]> _free = new(Depth + 2);
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;
    private Exception? _error;
    private byte[]? _current;
    private int _count;
    private int _offset;
    private bool _done;

    public ReadAheadStream(Stream inner)
    {
        for (var i = 0; i < Depth + 2; i++)
        {
            _free.Add(new byte[ChunkSize]);
        }

        _thread = new Thread(() => Produce(inner)) { IsBackground = true, Name = "read-ahead" };
        _thread.Start();
    }

    private void Produce(Stream inner)
    {
        try
        {
            while (true)
            {
                var buffer = _free.Take(_stop.Token);
                var count = inner.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
                _full.Add((buffer, count), _stop.Token);
                if (count == 0)
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
#pragma warning disable CA1031 // Any failure of the inner stream is handed to the consumer.
        catch (Exception e)
#pragma warning restore CA1031
        {
            _error = e;
            _full.Add(([], 0));
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        while (true)
        {
            if (_current is not null && _offset < _count)
            {
                var n = Math.Min(buffer.Length, _count - _offset);
                _current.AsSpan(_offset, n).CopyTo(buffer);
                _offset += n;
                return n;
            }

            if (_done)
            {
                return 0;
            }

            if (_current is not null)
            {
                _free.Add(_current);
                _current = null;
            }

            var (next, read) = _full.Take();
            if (read == 0)
            {
                _done = true;
                if (_error is not null)
                {
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(_error).Throw();
                }

                return 0;
            }

            _current = next;
            _count = read;
            _offset = 0;
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _stop.Cancel();
            _thread.Join();
            _stop.Dispose();
            _full.Dispose();
            _free.Dispose();
        }

        base.Dispose(disposing);
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
