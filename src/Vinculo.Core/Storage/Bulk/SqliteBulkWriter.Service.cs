using SQLitePCL;
using Vinculo.Domain.Service;

namespace Vinculo.Core.Storage.Bulk;

internal sealed partial class SqliteBulkWriter
{
    private BatchInsert<ServiceCalendar>? _calendars;
    private BatchInsert<Team>? _teams;
    private BatchInsert<TeamMember>? _members;
    private BatchInsert<ServicePolicy>? _policies;
    private BatchInsert<ServiceCase>? _cases;
    private BatchInsert<CaseTag>? _caseTags;
    private BatchInsert<CaseEvent>? _caseEvents;
    /// <summary>The UPDATE of the SLA columns, one per combination of indexed columns that changed.</summary>
    private readonly (RawInsert Statement, int[] Columns)?[] _slaUpdates = new (RawInsert, int[])?[4];

    protected override Task WriteServiceRows(ServiceBatch batch, CancellationToken ct)
    {
        _ = _transaction ?? throw new InvalidOperationException("Call Begin first.");
        var db = _connection.Handle!;
        (_calendars ??= new(db, "service_calendars", CalendarColumns, 7, static (s, o, x) =>
        {
            s.Long(o + 1, x.Id);
            s.Text(o + 2, x.Name);
            s.Text(o + 3, x.TimeZone);
            s.Text(o + 4, x.Definition);
            s.Long(o + 5, Micros(x.CreatedAt));
            s.Long(o + 6, Micros(x.UpdatedAt));
            s.Long(o + 7, x.Version);
        })).Insert(batch.Calendars, ct);
        (_teams ??= new(db, "teams", TeamColumns, 8, static (s, o, x) =>
        {
            s.Long(o + 1, x.Id);
            s.Text(o + 2, x.Name);
            s.Text(o + 3, x.Description);
            s.Int(o + 4, x.Strategy is { } strategy ? (int)strategy : null);
            s.Text(o + 5, x.SupervisorId);
            s.Long(o + 6, Micros(x.CreatedAt));
            s.Long(o + 7, Micros(x.UpdatedAt));
            s.Long(o + 8, x.Version);
        })).Insert(batch.Teams, ct);
        (_members ??= new(db, "team_members", TeamMemberColumns, 5, static (s, o, x) =>
        {
            s.Long(o + 1, x.TeamId);
            s.Text(o + 2, x.UserId);
            s.Text(o + 3, x.Skills);
            s.Int(o + 4, x.Available ? 1 : 0);
            s.NullableLong(o + 5, Micros(x.LastAssignedAt));
        })).Insert(batch.Teams.SelectMany(t => t.Members).ToList(), ct);
        (_policies ??= new(db, "service_policies", PolicyColumns, 12, static (s, o, x) =>
        {
            s.Long(o + 1, x.Id);
            s.Text(o + 2, x.Name);
            s.Int(o + 3, (int)x.Scope);
            s.Text(o + 4, x.ScopeKey);
            s.Long(o + 5, x.CalendarId);
            s.Double(o + 6, x.WarningShare);
            s.Text(o + 7, x.Targets);
            s.Text(o + 8, x.Escalations);
            s.Int(o + 9, x.Active ? 1 : 0);
            s.Long(o + 10, Micros(x.CreatedAt));
            s.Long(o + 11, Micros(x.UpdatedAt));
            s.Long(o + 12, x.Version);
        })).Insert(batch.Policies, ct);
        (_cases ??= new(db, "cases", AllCaseColumns, CaseColumnCount + CaseSlaColumns.MarkNames.Length + CaseSlaColumns.Count, static (s, o, x) =>
        {
            s.Long(o + 1, x.Id);
            s.Long(o + 2, x.CustomerId);
            s.NullableLong(o + 3, x.ContactPersonId);
            s.Text(o + 4, x.Type);
            s.Int(o + 5, (int)x.Channel);
            s.Text(o + 6, x.Subject);
            s.Text(o + 7, x.Description);
            s.Int(o + 8, (int)x.Priority);
            s.Int(o + 9, (int)x.Status);
            s.Int(o + 10, x.IsActive ? 1 : 0);
            s.NullableLong(o + 11, x.TeamId);
            s.Text(o + 12, x.AssigneeId);
            s.NullableLong(o + 13, x.OrderId);
            s.NullableLong(o + 14, x.InvoiceId);
            s.NullableLong(o + 15, x.ContractId);
            s.Int(o + 16, x.CustomerRank);
            s.Text(o + 17, x.CreatedById);
            s.Long(o + 18, Micros(x.CreatedAt));
            s.Long(o + 19, Micros(x.UpdatedAt));
            s.Long(o + 20, Micros(x.LastEventAt));
            s.NullableLong(o + 21, Micros(x.ResolvedAt));
            s.NullableLong(o + 22, Micros(x.ClosedAt));
            s.Long(o + 23, x.Version);
            s.Int(o + 24, x.FrWarned);
            s.Int(o + 25, x.FrBreachFired);
            s.Int(o + 26, x.NrWarned);
            s.Int(o + 27, x.NrBreachFired);
            s.Int(o + 28, x.ResWarned);
            s.Int(o + 29, x.ResBreachFired);
            CaseSlaColumns.Bind(s, o + 30, x);
        })).Insert(batch.Cases, ct);
        (_caseTags ??= new(db, "case_tags", "case_id, tag", 2, static (s, o, t) =>
        {
            s.Long(o + 1, t.CaseId);
            s.Text(o + 2, t.Tag);
        }, orIgnore: true)).Insert(batch.Cases.SelectMany(c => c.Tags).ToList(), ct);
        (_caseEvents ??= new(db, "case_events", CaseEventColumns, 11, static (s, o, e) =>
        {
            s.Long(o + 1, e.CaseId);
            s.Long(o + 2, Micros(e.OccurredAt));
            s.Long(o + 3, Micros(e.RecordedAt));
            s.Int(o + 4, (int)e.Kind);
            s.Int(o + 5, e.SlaKind is { } kind ? (int)kind : null);
            s.Int(o + 6, e.Priority is { } priority ? (int)priority : null);
            s.Text(o + 7, e.ActorId);
            s.Text(o + 8, e.ActorName);
            s.Text(o + 9, e.Body);
            s.Text(o + 10, e.Data);
            s.NullableLong(o + 11, e.InteractionId);
        })).Insert(batch.Events, ct);
        return Task.CompletedTask;
    }

    /// <remarks>
    /// SQLite rewrites the entries of every index holding a column the UPDATE sets, whether its value changed or not, and
    /// that is most of the cost of a row; so the queue sort key and the alarm time are set only when they changed
    /// (a paused case keeps both while its elapsed times move).
    /// </remarks>
    public override Task<IReadOnlyList<long>> WriteCaseSla(IReadOnlyList<CaseSlaUpdate> updates, CancellationToken ct)
    {
        _ = _transaction ?? throw new InvalidOperationException("Call Begin first.");
        var db = _connection.Handle!;
        var skipped = new List<long>();
        Span<long?> values = stackalloc long?[CaseSlaColumns.Count];
        for (var i = 0; i < updates.Count; i++)
        {
            if ((i & 1023) == 0)
            {
                ct.ThrowIfCancellationRequested();
            }

            var (c, changes) = updates[i];
            var (s, columns) = _slaUpdates[(int)changes] ??= PrepareSlaUpdate(db, changes);
            CaseSlaColumns.Get(c, values);
            for (var k = 0; k < columns.Length; k++)
            {
                s.NullableLong(k + 1, values[columns[k]]);
            }

            s.Long(columns.Length + 1, c.Id);
            s.Long(columns.Length + 2, c.Version);
            s.Run();
            if (raw.sqlite3_changes(db) == 0)
            {
                skipped.Add(c.Id);
            }
        }

        return Task.FromResult<IReadOnlyList<long>>(skipped);
    }

    private static (RawInsert, int[]) PrepareSlaUpdate(SQLitePCL.sqlite3 db, SlaIndexedChanges changes)
    {
        var columns = CaseSlaColumns.ColumnsFor(changes);
        var set = string.Join(", ", columns.Select((c, k) => $"{CaseSlaColumns.Names[c]} = ?{k + 1}"));
        return (new RawInsert(db, $"UPDATE cases SET {set} WHERE id = ?{columns.Length + 1} AND version = ?{columns.Length + 2}"), columns);
    }

    private void DisposeService()
    {
        foreach (var statement in new IDisposable?[] { _calendars, _teams, _members, _policies, _cases, _caseTags, _caseEvents }
                     .Concat(_slaUpdates.Select(u => u?.Statement)))
        {
            statement?.Dispose();
        }
    }
}
