using System.Diagnostics;
using System.Globalization;
using CsvHelper;
using Vinculo.Core.Common;
using Vinculo.Core.Customers;
using Vinculo.Core.Interactions;
using Vinculo.Core.Storage;
using Vinculo.Core.Storage.Bulk;
using Vinculo.Domain.Customers;
using Vinculo.Domain.Interactions;

namespace Vinculo.Core.ImportExport;

/// <summary>
/// Imports customers and interactions from CSV (columns in <see cref="CsvColumns"/>, header names case-insensitive).
/// Every row goes through the same validation as the API. The file is streamed, valid rows are written in chunks, and
/// the whole import is one database transaction: with <see cref="ImportMode.AllOrNothing"/> a single bad row rolls
/// everything back, and if the process dies half-way nothing has been written in either mode.
/// </summary>
public static class CsvImport
{
    /// <summary>Rows handed to the bulk writer at a time (and, for interactions, customers looked up at a time).</summary>
    private const int ChunkRows = 2_000;

    public static async Task<ImportResult> Customers(DatabaseSettings settings, Stream csv, ImportOptions options, CancellationToken ct)
    {
        var run = new ImportRun(options, csv);
        var (source, separator) = await HeaderSniffer.Sniff(csv, ct);
        await using var reader = CsvReader.Create(source, CsvColumns.ReaderOptions(separator, run.OnMalformed), leaveOpen: true);
        var columns = await run.ReadHeader(reader, CsvColumns.Customer, required: [], ct);
        if (columns is null)
        {
            return run.Result(committed: false);
        }

        await using var writer = await BulkWriter.Open(settings, ct);
        await writer.Begin(ct);
        var chunk = new List<Customer>(ChunkRows);
        while (await reader.ReadAsync(ct))
        {
            var row = run.StartRow(reader);
            var cells = new Cells(reader, columns);
            var input = new CustomerInput
            {
                Kind = cells["kind"],
                Lifecycle = cells["lifecycle"],
                TaxId = cells["tax_id"],
                TaxIdCountry = cells["tax_id_country"],
                FirstName = cells["first_name"],
                LastName = cells["last_name"],
                CompanyName = cells["company_name"],
                PreferredLanguage = cells["preferred_language"],
                PreferredChannel = cells["preferred_channel"],
                Temperament = cells["temperament"],
                TemperamentNote = cells["temperament_note"],
                Emails = CsvColumns.SplitList(cells["email"]).Select(e => new EmailInput(e)).ToList(),
                Phones = CsvColumns.SplitList(cells["phone"]).Select(p => new PhoneInput(p)).ToList(),
                Tags = CsvColumns.SplitList(cells["tags"]).ToList(),
                Addresses = cells["address_line1"] is null && cells["city"] is null && cells["postal_code"] is null && cells["country"] is null
                    ? []
                    : [new AddressInput(cells["address_line1"], City: cells["city"], PostalCode: cells["postal_code"], Country: cells["country"])],
            };

            var customer = new Customer { CreatedAt = run.Now, Version = 1 };
            var errors = CustomerInputMapper.Map(input, customer, options.Customers, run.Now);
            if (run.RowIsMalformed(row))
            {
                errors.Add("", "The row's quoting is malformed.");
            }

            if (!errors.IsValid)
            {
                foreach (var (field, messages) in errors.ToDictionary())
                {
                    var (column, value) = CustomerColumn(field, input);
                    foreach (var message in messages)
                    {
                        run.Error(row, column, value is null ? message : $"'{value}': {message}");
                    }
                }

                run.Reject();
                continue;
            }

            if (run.Writing)
            {
                chunk.Add(customer);
                if (chunk.Count == ChunkRows)
                {
                    await writer.WriteCustomers(chunk, ct);
                    run.Wrote(chunk.Count);
                    chunk.Clear();
                }
            }

            run.Report(reader);
        }

        if (run.Writing && chunk.Count > 0)
        {
            await writer.WriteCustomers(chunk, ct);
            run.Wrote(chunk.Count);
        }

        return await run.Finish(writer, ct);
    }

    public static async Task<ImportResult> Interactions(DatabaseSettings settings, Stream csv, ImportOptions options, CancellationToken ct)
    {
        var run = new ImportRun(options, csv);
        var (source, separator) = await HeaderSniffer.Sniff(csv, ct);
        await using var reader = CsvReader.Create(source, CsvColumns.ReaderOptions(separator, run.OnMalformed), leaveOpen: true);
        var columns = await run.ReadHeader(reader, CsvColumns.Interaction, required: ["channel", "direction", "subject"], ct);
        if (columns is not null && !columns.ContainsKey("customer_id") && !columns.ContainsKey("customer_email"))
        {
            run.Error(1, "customer_id", "The file needs a customer_id or a customer_email column.");
            columns = null;
        }

        if (columns is null)
        {
            return run.Result(committed: false);
        }

        await using var writer = await BulkWriter.Open(settings, ct);
        await writer.Begin(ct);
        var pending = new List<PendingInteraction>(ChunkRows);
        while (await reader.ReadAsync(ct))
        {
            var row = run.StartRow(reader);
            var cells = new Cells(reader, columns);
            var rowErrors = new List<(string Column, string Message)>();
            if (run.RowIsMalformed(row))
            {
                rowErrors.Add(("", "The row's quoting is malformed."));
            }

            long? customerId = null;
            if (cells["customer_id"] is { } idText)
            {
                if (long.TryParse(idText.TrimStart('#'), NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0)
                {
                    customerId = id;
                }
                else
                {
                    rowErrors.Add(("customer_id", $"'{idText}' is not a customer number."));
                }
            }

            string? email = null;
            if (cells["customer_email"] is { } emailText)
            {
                if (EmailAddresses.IsValid(emailText))
                {
                    email = EmailAddresses.Normalize(emailText);
                }
                else
                {
                    rowErrors.Add(("customer_email", $"'{emailText}' is not a valid e-mail address."));
                }
            }

            if (cells["customer_id"] is null && cells["customer_email"] is null)
            {
                rowErrors.Add((columns.ContainsKey("customer_id") ? "customer_id" : "customer_email", "Give the customer: customer_id or customer_email."));
            }

            DateTime? occurredAt = null;
            if (cells["occurred_at"] is { } atText)
            {
                if (CsvColumns.TryParseTimestamp(atText, out var at))
                {
                    occurredAt = at;
                }
                else
                {
                    rowErrors.Add(("occurred_at", $"'{atText}' is not an ISO 8601 date and time, such as 2025-03-01T09:30:00Z."));
                }
            }

            int? duration = null;
            if (cells["duration_seconds"] is { } durationText)
            {
                if (int.TryParse(durationText, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
                {
                    duration = seconds;
                }
                else
                {
                    rowErrors.Add(("duration_seconds", $"'{durationText}' is not a whole number of seconds."));
                }
            }

            var agent = cells["agent_name"];
            if (agent is { Length: > CustomerOptions.MaxNameLength })
            {
                rowErrors.Add(("agent_name", $"At most {CustomerOptions.MaxNameLength} characters."));
            }

            var input = new InteractionInput(
                cells["channel"], cells["direction"], cells["subject"], cells["body"], cells["moment"], occurredAt, duration, cells["outcome"]);
            var validation = InteractionService.Validate(input, run.Now, out var interaction);
            foreach (var (field, messages) in validation.ToDictionary())
            {
                foreach (var message in messages)
                {
                    rowErrors.Add((VinculoDb.SnakeCase(field), message));
                }
            }

            interaction.AgentName = agent;
            interaction.CreatedAt = run.Now;
            pending.Add(new PendingInteraction(row, interaction, customerId, email, rowErrors));
            if (pending.Count == ChunkRows)
            {
                await ResolveAndWrite(writer, pending, run, ct);
                pending.Clear();
            }

            run.Report(reader);
        }

        await ResolveAndWrite(writer, pending, run, ct);
        return await run.Finish(writer, ct);
    }

    private sealed record PendingInteraction(long Row, Interaction Interaction, long? CustomerId, string? Email, List<(string Column, string Message)> Errors);

    /// <summary>Looks the chunk's customers up in one go, reports unknown ones, and writes the valid rows.</summary>
    private static async Task ResolveAndWrite(BulkWriter writer, List<PendingInteraction> pending, ImportRun run, CancellationToken ct)
    {
        if (pending.Count == 0)
        {
            return;
        }

        var byId = await writer.FindCustomersById(pending.Where(p => p.CustomerId is not null && p.Email is null).Select(p => p.CustomerId!.Value).ToHashSet(), ct);
        var byEmail = await writer.FindCustomersByEmail(pending.Where(p => p.Email is not null).Select(p => p.Email!).ToHashSet(StringComparer.Ordinal), ct);
        var valid = new List<Interaction>(pending.Count);
        foreach (var p in pending)
        {
            CustomerRef? customer = null;
            if (p.Email is not null)
            {
                // The e-mail is the portable key; a customer_id given with it must agree (ids differ between databases).
                var owners = byEmail.GetValueOrDefault(p.Email) ?? [];
                if (owners.Count == 0)
                {
                    p.Errors.Add(("customer_email", $"No customer has the e-mail '{p.Email}'."));
                }
                else if (p.CustomerId is { } id)
                {
                    var match = owners.FindIndex(o => o.Id == id);
                    if (match >= 0)
                    {
                        customer = owners[match];
                    }
                    else
                    {
                        p.Errors.Add(("customer_id", $"Customer {id} does not have the e-mail '{p.Email}'. Remove one of the two columns to match by the other."));
                    }
                }
                else if (owners.Count > 1)
                {
                    p.Errors.Add(("customer_email", $"{owners.Count} customers share the e-mail '{p.Email}'; give the customer_id."));
                }
                else
                {
                    customer = owners[0];
                }
            }
            else if (p.CustomerId is { } id)
            {
                if (byId.TryGetValue(id, out var found))
                {
                    customer = found;
                }
                else
                {
                    p.Errors.Add(("customer_id", $"No customer with id {id}."));
                }
            }

            if (p.Errors.Count > 0)
            {
                foreach (var (column, message) in p.Errors)
                {
                    run.Error(p.Row, column, message);
                }

                run.Reject();
                continue;
            }

            if (run.Writing)
            {
                p.Interaction.CustomerId = customer!.Value.Id;
                p.Interaction.SearchTerms = InteractionService.IndexTerms(p.Interaction.Subject, p.Interaction.Body, customer.Value.Language);
                valid.Add(p.Interaction);
            }
        }

        if (run.Writing && valid.Count > 0)
        {
            await writer.WriteInteractions(valid, ct);
            run.Wrote(valid.Count);
        }
    }

    /// <summary>The CSV column an error of <see cref="CustomerInputMapper"/> belongs to, and the list item it is about.</summary>
    private static (string Column, string? Value) CustomerColumn(string field, CustomerInput input)
    {
        var bracket = field.IndexOf('[', StringComparison.Ordinal);
        var head = bracket >= 0 ? field[..bracket] : field.Split('.')[0];
        int? index = null;
        if (bracket >= 0 && field.IndexOf(']', bracket) is var close and > 0 &&
            int.TryParse(field.AsSpan(bracket + 1, close - bracket - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var i))
        {
            index = i;
        }

        var leaf = field[(field.LastIndexOf('.') + 1)..];
        return head switch
        {
            "emails" => ("email", index is { } e && e < input.Emails!.Count ? input.Emails[e].Address : null),
            "phones" => ("phone", index is { } p && p < input.Phones!.Count ? input.Phones[p].Number : null),
            "tags" => ("tags", index is { } t && t < input.Tags!.Count ? input.Tags[t] : null),
            "addresses" => (leaf switch
            {
                "country" => "country",
                "city" => "city",
                "postalCode" => "postal_code",
                _ => "address_line1",
            }, null),
            _ => (VinculoDb.SnakeCase(head), null),
        };
    }

    /// <summary>The cells of the current record by column name; absent columns and empty cells are null.</summary>
    private readonly struct Cells(CsvReader reader, Dictionary<string, int> columns)
    {
        public string? this[string column] =>
            columns.TryGetValue(column, out var index) && index < reader.FieldCount && reader.GetString(index) is { Length: > 0 } value
                ? value
                : null;
    }

    /// <summary>Counting, error collection, mode rules, progress and the final commit or rollback of one import.</summary>
    private sealed class ImportRun(ImportOptions settings, Stream csv)
    {
        private readonly ImportOptions _options = settings;
        private readonly Stopwatch _stopwatch = Stopwatch.StartNew();
        private readonly List<ImportError> _errors = [];
        private readonly HashSet<long> _malformed = [];
        private readonly long _bytesTotal = csv.CanSeek ? csv.Length - csv.Position : 0;
        private long _rowsRead;
        private long _written;
        private long _rejected;
        private long _errorCount;
        private long _lastReport;

        public DateTime Now { get; } = Timestamps.Truncate(settings.Now?.ToUniversalTime() ?? DateTime.UtcNow);

        /// <summary>False once an all-or-nothing import has a bad row: the rest is only validated, for the report.</summary>
        public bool Writing => _options.Mode == ImportMode.SkipInvalid || _rejected == 0;

        public void OnMalformed(CsvMalformedRecord record) => _malformed.Add(record.RecordNumber);

        public bool RowIsMalformed(long row) => _malformed.Contains(row);

        public async Task<Dictionary<string, int>?> ReadHeader(CsvReader reader, IReadOnlyList<string> known, string[] required, CancellationToken ct)
        {
            await reader.ReadHeaderAsync(ct);
            var header = reader.Headers;
            if (header.Count == 0 || header.All(string.IsNullOrWhiteSpace))
            {
                Error(1, "", $"The file is empty: the first line must name the columns ({string.Join(", ", known)}).");
                return null;
            }

            var fileErrors = new List<ImportError>();
            var map = CsvColumns.MapHeader(header, known, fileErrors);
            foreach (var column in required.Where(c => !map.ContainsKey(c)))
            {
                fileErrors.Add(new ImportError(1, column, "Required column missing."));
            }

            foreach (var e in fileErrors)
            {
                Error(e.Row, e.Column, e.Message);
            }

            return fileErrors.Count == 0 ? map : null;
        }

        /// <summary>The spreadsheet row number of the record the reader is on (header = row 1).</summary>
        public long StartRow(CsvReader reader)
        {
            _rowsRead++;
            return reader.RowNumber + 1;
        }

        public void Error(long row, string column, string message)
        {
            _errorCount++;
            if (_errors.Count < _options.MaxReportedErrors)
            {
                _errors.Add(new ImportError(row, column, message));
            }
        }

        public void Reject() => _rejected++;

        public void Wrote(int rows) => _written += rows;

        public void Report(CsvReader reader)
        {
            if (_options.Progress is { } progress && _rowsRead - _lastReport >= 1_000)
            {
                _lastReport = _rowsRead;
                progress.Report(new ImportProgress(_rowsRead, _written, _rejected, reader.ByteOffset, _bytesTotal));
            }
        }

        public async Task<ImportResult> Finish(BulkWriter writer, CancellationToken ct)
        {
            if (_errorCount > 0 && _options.Mode == ImportMode.AllOrNothing)
            {
                await writer.Rollback(ct);
                _written = 0;
                return Result(committed: false);
            }

            await writer.Commit(ct);
            return Result(committed: true);
        }

        public ImportResult Result(bool committed)
        {
            _options.Progress?.Report(new ImportProgress(_rowsRead, _written, _rejected, _bytesTotal, _bytesTotal));
            var errors = _errors.OrderBy(e => e.Row).ToList();
            return new ImportResult(_rowsRead, _written, _rejected, committed, errors, _errorCount, _stopwatch.Elapsed);
        }
    }
}
