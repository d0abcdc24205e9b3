using System.Globalization;
using System.Text;

namespace Vinculo.Core.Analytics.CsvTables;

/// <summary>Writes the model and score files whole or not at all: into a temporary file beside the target, then moved over it.</summary>
public static class TableFiles
{
    /// <summary>Writes text (UTF-8, no byte-order mark) atomically.</summary>
    public static void WriteAllText(string path, string text) => Write(path, writer => writer.Write(text));

    /// <summary>Writes <c>row,probability</c> (row = data row number from 1, in input order; probability round-trip invariant) atomically.</summary>
    public static void WriteScores(string path, IReadOnlyList<double> probabilities) => Write(path, writer =>
    {
        writer.Write("row,probability\n");
        for (var i = 0; i < probabilities.Count; i++)
        {
            writer.Write((i + 1).ToString(CultureInfo.InvariantCulture));
            writer.Write(',');
            writer.Write(probabilities[i].ToString("R", CultureInfo.InvariantCulture));
            writer.Write('\n');
        }
    });

    private static void Write(string path, Action<TextWriter> body)
    {
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(folder);
        var temp = Path.Combine(folder, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            using (var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16))
            {
                body(writer);
            }

            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }
}
