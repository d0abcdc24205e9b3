using Npgsql;
using NpgsqlTypes;
using Vinculo.Domain.Service;

namespace Vinculo.Core.Storage.Bulk;

internal sealed partial class PostgresBulkWriter
{
    /// <summary>Session table the recomputed SLA values are copied into before one UPDATE … FROM writes them.</summary>
    private const string SlaUpdates = "vinculo_sla_updates";

    protected override async Task WriteServiceRows(ServiceBatch batch, CancellationToken ct)
    {
        _ = _transaction ?? throw new InvalidOperationException("Call Begin first.");
        await Copy(batch.Calendars, $"service_calendars ({CalendarColumns})", (w, x) =>
        {
            w.Write(x.Id, NpgsqlDbType.Bigint);
            w.Write(x.Name, NpgsqlDbType.Text);
            w.Write(x.TimeZone, NpgsqlDbType.Text);
            w.Write(x.Definition, NpgsqlDbType.Text);
            w.Write(Utc(x.CreatedAt), NpgsqlDbType.TimestampTz);
            w.Write(Utc(x.UpdatedAt), NpgsqlDbType.TimestampTz);
            w.Write(x.Version, NpgsqlDbType.Bigint);
        }, ct);
        await Copy(batch.Teams, $"teams ({TeamColumns})", (w, x) =>
        {
            w.Write(x.Id, NpgsqlDbType.Bigint);
            w.Write(x.Name, NpgsqlDbType.Text);
            Text(w, x.Description);
            Int(w, x.Strategy is { } strategy ? (int)strategy : null);
            Text(w, x.SupervisorId);
            w.Write(Utc(x.CreatedAt), NpgsqlDbType.TimestampTz);
            w.Write(Utc(x.UpdatedAt), NpgsqlDbType.TimestampTz);
            w.Write(x.Version, NpgsqlDbType.Bigint);
        }, ct);
        await Copy(batch.Teams.SelectMany(t => t.Members), $"team_members ({TeamMemberColumns})", (w, x) =>
        {
            w.Write(x.TeamId, NpgsqlDbType.Bigint);
            w.Write(x.UserId, NpgsqlDbType.Text);
            w.Write(x.Skills, NpgsqlDbType.Text);
            w.Write(x.Available, NpgsqlDbType.Boolean);
            Time(w, x.LastAssignedAt);
        }, ct);
        await Copy(batch.Policies, $"service_policies ({PolicyColumns})", (w, x) =>
        {
            w.Write(x.Id, NpgsqlDbType.Bigint);
            w.Write(x.Name, NpgsqlDbType.Text);
            w.Write((int)x.Scope, NpgsqlDbType.Integer);
            Text(w, x.ScopeKey);
            w.Write(x.CalendarId, NpgsqlDbType.Bigint);
            w.Write(x.WarningShare, NpgsqlDbType.Double);
            w.Write(x.Targets, NpgsqlDbType.Text);
            w.Write(x.Escalations, NpgsqlDbType.Text);
            w.Write(x.Active, NpgsqlDbType.Boolean);
            w.Write(Utc(x.CreatedAt), NpgsqlDbType.TimestampTz);
            w.Write(Utc(x.UpdatedAt), NpgsqlDbType.TimestampTz);
            w.Write(x.Version, NpgsqlDbType.Bigint);
        }, ct);
        await Copy(batch.Cases, $"cases ({AllCaseColumns})", (w, x) =>
        {
            w.Write(x.Id, NpgsqlDbType.Bigint);
            w.Write(x.CustomerId, NpgsqlDbType.Bigint);
            Long(w, x.ContactPersonId);
            w.Write(x.Type, NpgsqlDbType.Text);
            w.Write((int)x.Channel, NpgsqlDbType.Integer);
            w.Write(x.Subject, NpgsqlDbType.Text);
            Text(w, x.Description);
            w.Write((int)x.Priority, NpgsqlDbType.Integer);
            w.Write((int)x.Status, NpgsqlDbType.Integer);
            w.Write(x.IsActive, NpgsqlDbType.Boolean);
            Long(w, x.TeamId);
            Text(w, x.AssigneeId);
            Long(w, x.OrderId);
            Long(w, x.InvoiceId);
            Long(w, x.ContractId);
            w.Write(x.CustomerRank, NpgsqlDbType.Integer);
            Text(w, x.CreatedById);
            w.Write(Utc(x.CreatedAt), NpgsqlDbType.TimestampTz);
            w.Write(Utc(x.UpdatedAt), NpgsqlDbType.TimestampTz);
            w.Write(Utc(x.LastEventAt), NpgsqlDbType.TimestampTz);
            Time(w, x.ResolvedAt);
            Time(w, x.ClosedAt);
            w.Write(x.Version, NpgsqlDbType.Bigint);
            foreach (var mark in (ReadOnlySpan<int>)[x.FrWarned, x.FrBreachFired, x.NrWarned, x.NrBreachFired, x.ResWarned, x.ResBreachFired])
            {
                w.Write(mark, NpgsqlDbType.Integer);
            }

            CaseSlaColumns.Copy(w, x);
        }, ct);
        await Copy(batch.Cases.SelectMany(c => c.Tags.DistinctBy(t => t.Tag)), "case_tags (case_id, tag)", (w, t) =>
        {
            w.Write(t.CaseId, NpgsqlDbType.Bigint);
            w.Write(t.Tag, NpgsqlDbType.Text);
        }, ct);
        await Copy(batch.Events, $"case_events ({CaseEventColumns})", (w, e) =>
        {
            w.Write(e.CaseId, NpgsqlDbType.Bigint);
            w.Write(Utc(e.OccurredAt), NpgsqlDbType.TimestampTz);
            w.Write(Utc(e.RecordedAt), NpgsqlDbType.TimestampTz);
            w.Write((int)e.Kind, NpgsqlDbType.Integer);
            Int(w, e.SlaKind is { } kind ? (int)kind : null);
            Int(w, e.Priority is { } priority ? (int)priority : null);
            Text(w, e.ActorId);
            Text(w, e.ActorName);
            Text(w, e.Body);
            Text(w, e.Data);
            Long(w, e.InteractionId);
        }, ct);
    }

    public override async Task<IReadOnlyList<long>> WriteCaseSla(IReadOnlyList<CaseSlaUpdate> updates, CancellationToken ct)
    {
        var tx = _transaction ?? throw new InvalidOperationException("Call Begin first.");
        var cases = updates.Select(u => u.Case).ToList();
        if (cases.Count == 0)
        {
            return [];
        }

        // COPY into a session table, then one UPDATE … FROM under the version each case was read at.
        await using (var prepare = new NpgsqlCommand(
                         $"CREATE TEMP TABLE IF NOT EXISTS {SlaUpdates} (id bigint, version bigint, {CaseSlaColumns.PostgresDefinitions()}) ON COMMIT DELETE ROWS; " +
                         $"TRUNCATE {SlaUpdates}", _connection, tx))
        {
            await prepare.ExecuteNonQueryAsync(ct);
        }

        await Copy(cases, $"{SlaUpdates} (id, version, {string.Join(", ", CaseSlaColumns.Names)})", (w, c) =>
        {
            w.Write(c.Id, NpgsqlDbType.Bigint);
            w.Write(c.Version, NpgsqlDbType.Bigint);
            CaseSlaColumns.Copy(w, c);
        }, ct);
        var written = new HashSet<long>();
        await using (var update = new NpgsqlCommand(
                         $"UPDATE cases c SET {string.Join(", ", CaseSlaColumns.Names.Select(n => $"{n} = u.{n}"))} " +
                         $"FROM {SlaUpdates} u WHERE c.id = u.id AND c.version = u.version RETURNING c.id", _connection, tx))
        {
            await using var reader = await update.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                written.Add(reader.GetInt64(0));
            }
        }

        return cases.Select(c => c.Id).Where(id => !written.Contains(id)).ToList();
    }
}
