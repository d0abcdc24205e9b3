namespace Vinculo.Domain.Tests.Text;

/// <summary>Parses "word stem" pairs separated by whitespace (several pairs a line).</summary>
internal static class StemTable
{
    public static TheoryData<string, string> Parse(string table)
    {
        var parts = table.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length % 2 != 0)
        {
            throw new ArgumentException("The table must hold word/stem pairs.", nameof(table));
        }

        var data = new TheoryData<string, string>();
        for (int i = 0; i < parts.Length; i += 2)
        {
            data.Add(parts[i], parts[i + 1]);
        }

        return data;
    }
}
