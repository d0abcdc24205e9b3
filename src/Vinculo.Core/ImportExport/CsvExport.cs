using System.Globalization;
using CsvHelper;
using Vinculo.Core.Common;
using Vinculo.Core.Storage;
using Vinculo.Core.Storage.Bulk;
using Vinculo.Domain.Customers;

namespace Vinculo.Core.ImportExport;

/// <summary>
/// Writes customers or interactions as CSV with the columns <see cref="CsvImport"/> reads, streaming from the database
/// (memory stays flat whatever the table size). A CSV row holds one address: customers with several export the first.
/// </summary>
public static class CsvExport
{
    private const int ReportEvery = 5_000;

    /// <returns>The number of customers written.</returns>
    public static async Task<long> Customers(DatabaseSettings settings, TextWriter output, IProgress<ExportProgress>? progress, CancellationToken ct)
    {
        await using var source = await BulkReader.Open(settings, ct);
        var total = progress is null ? 0 : await source.CountCustomers(ct);
        await using var csv = CsvWriter.Create(output, CsvColumns.WriterOptions, leaveOpen: true);
        csv.WriteHeader(CsvColumns.Customer.ToArray());
        long written = 0;
        await foreach (var c in source.Customers(ct: ct))
        {
            var address = c.Addresses.FirstOrDefault();
            csv.WriteField(EnumText.Camel(c.Kind));
            csv.WriteField(EnumText.Camel(c.Lifecycle));
            csv.WriteField(c.TaxId);
            // The country of a tax id is not stored; a valid Spanish one says itself, and anything else imports as generic.
            csv.WriteField(TaxIds.SpanishKind(c.TaxId) is not null ? "ES" : null);
            csv.WriteField(c.FirstName);
            csv.WriteField(c.LastName);
            csv.WriteField(c.CompanyName);
            csv.WriteField(Join(c.Emails.OrderByDescending(e => e.IsPrimary).Select(e => e.Address)));
            // E.164: unambiguous whatever default country the importing side assumes.
            csv.WriteField(Join(c.Phones.OrderByDescending(p => p.IsPrimary).Select(p => p.E164)));
            csv.WriteField(address?.Line1);
            csv.WriteField(address?.City);
            csv.WriteField(address?.PostalCode);
            csv.WriteField(address?.Country);
            csv.WriteField(c.PreferredLanguage);
            csv.WriteField(c.PreferredChannel is { } channel ? EnumText.Camel(channel) : null);
            csv.WriteField(Join(c.Tags.Select(t => t.Tag)));
            csv.WriteField(EnumText.Camel(c.Temperament));
            csv.WriteField(c.TemperamentNote);
            csv.EndRecord();
            if (++written % ReportEvery == 0)
            {
                ct.ThrowIfCancellationRequested();
                progress?.Report(new ExportProgress(written, Math.Max(total, written)));
            }
        }

        await csv.FlushAsync(ct);
        progress?.Report(new ExportProgress(written, written));
        return written;
    }

    /// <returns>The number of interactions written.</returns>
    public static async Task<long> Interactions(DatabaseSettings settings, TextWriter output, IProgress<ExportProgress>? progress, CancellationToken ct)
    {
        await using var source = await BulkReader.Open(settings, ct);
        var total = progress is null ? 0 : await source.CountInteractions(ct);
        await using var csv = CsvWriter.Create(output, CsvColumns.WriterOptions, leaveOpen: true);
        csv.WriteHeader(CsvColumns.Interaction.ToArray());
        long written = 0;
        await foreach (var (i, email) in source.Interactions(ct))
        {
            csv.WriteField(i.CustomerId.ToString(CultureInfo.InvariantCulture));
            csv.WriteField(email);
            csv.WriteField(EnumText.Camel(i.Channel));
            csv.WriteField(EnumText.Camel(i.Direction));
            csv.WriteField(i.Moment is { } moment ? EnumText.Camel(moment) : null);
            csv.WriteField(i.Subject);
            csv.WriteField(i.Body);
            csv.WriteField(CsvColumns.Timestamp(i.OccurredAt));
            csv.WriteField(i.DurationSeconds?.ToString(CultureInfo.InvariantCulture));
            csv.WriteField(i.Outcome);
            csv.WriteField(i.AgentName);
            csv.EndRecord();
            if (++written % ReportEvery == 0)
            {
                progress?.Report(new ExportProgress(written, Math.Max(total, written)));
            }
        }

        await csv.FlushAsync(ct);
        progress?.Report(new ExportProgress(written, written));
        return written;
    }

    private static string? Join(IEnumerable<string> values)
    {
        var text = string.Join(CsvColumns.ListSeparator, values);
        return text.Length == 0 ? null : text;
    }
}
