namespace Vinculo.Core.Analytics.CsvTables;

/// <summary>
/// Reads CSV records (RFC 4180: comma-separated, double quotes around fields that hold commas, quotes or line breaks,
/// "" for a quote) into reusable buffers: no allocation per row. Lines may end in LF or CRLF.
/// </summary>
internal sealed class CsvRecordReader
{
    private readonly TextReader _reader;
    private readonly char[] _input = new char[1 << 16];
    private int _position;
    private int _length;
    private char[] _text = new char[1024];
    private int _textLength;
    private int[] _starts = new int[64];
    private int[] _ends = new int[64];
    private long _nextLine = 1;

    public CsvRecordReader(TextReader reader) => _reader = reader;

    /// <summary>The number of fields of the current record.</summary>
    public int Count { get; private set; }

    /// <summary>The file line on which the current record starts (1 = the first line).</summary>
    public long Line { get; private set; }

    public ReadOnlySpan<char> this[int field] => _text.AsSpan(_starts[field], _ends[field] - _starts[field]);

    /// <summary>Reads the next record; false at the end of the file. A blank line is a record with one empty field.</summary>
    public bool Next()
    {
        if (!Fill())
        {
            return false;
        }

        Line = _nextLine;
        Count = 0;
        _textLength = 0;
        var fieldStart = 0;
        var quoted = false;
        var atFieldStart = true;
        while (true)
        {
            if (_position >= _length && !Fill())
            {
                if (quoted)
                {
                    throw new TableFileException($"A quoted field that starts on line {Line} is not closed before the end of the file.", null, Line);
                }

                EndField(fieldStart);
                return true;
            }

            var c = _input[_position++];
            if (quoted)
            {
                if (c == '"')
                {
                    if (_position >= _length)
                    {
                        Fill();
                    }

                    if (_position < _length && _input[_position] == '"')
                    {
                        Append('"');
                        _position++;
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    if (c == '\n')
                    {
                        _nextLine++;
                    }

                    Append(c);
                }

                continue;
            }

            switch (c)
            {
                case '"' when atFieldStart:
                    quoted = true;
                    atFieldStart = false;
                    break;
                case ',':
                    EndField(fieldStart);
                    fieldStart = _textLength;
                    atFieldStart = true;
                    break;
                case '\n':
                    _nextLine++;
                    EndField(fieldStart);
                    return true;
                case '\r':
                    break;
                default:
                    Append(c);
                    atFieldStart = false;
                    break;
            }
        }
    }

    private bool Fill()
    {
        if (_position < _length)
        {
            return true;
        }

        _length = _reader.Read(_input, 0, _input.Length);
        _position = 0;
        return _length > 0;
    }

    private void Append(char c)
    {
        if (_textLength == _text.Length)
        {
            Array.Resize(ref _text, _text.Length * 2);
        }

        _text[_textLength++] = c;
    }

    private void EndField(int start)
    {
        if (Count == _starts.Length)
        {
            Array.Resize(ref _starts, Count * 2);
            Array.Resize(ref _ends, Count * 2);
        }

        _starts[Count] = start;
        _ends[Count] = _textLength;
        Count++;
    }
}

/// <summary>A table file that cannot be used, with the data row (1 = the first row after the header) and file line where known.</summary>
public sealed class TableFileException : Exception
{
    public TableFileException(string message, long? row, long? line)
        : base(message)
    {
        Row = row;
        Line = line;
    }

    public TableFileException()
    {
    }

    public TableFileException(string message)
        : base(message)
    {
    }

    public TableFileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The data row number (1 = the first row after the header), when the problem is in a row.</summary>
    public long? Row { get; }

    /// <summary>The line of the file where that row starts.</summary>
    public long? Line { get; }
}
