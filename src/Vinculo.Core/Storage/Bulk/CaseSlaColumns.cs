using Npgsql;
using NpgsqlTypes;
using Vinculo.Domain.Service;

namespace Vinculo.Core.Storage.Bulk;

/// <summary>Which indexed SLA columns of a case changed: the queue sort key and the next alarm.</summary>
[Flags]
public enum SlaIndexedChanges
{
    None = 0,
    QueueDueAt = 1,
    AlarmAt = 2,
}

/// <summary>A case with recomputed SLA columns to write, under the version it was read at.</summary>
/// <param name="Case">The case: id, version and the new SLA columns.</param>
/// <param name="Changes">Which indexed columns changed (the others need not be rewritten in their indexes).</param>
public readonly record struct CaseSlaUpdate(ServiceCase Case, SlaIndexedChanges Changes);

/// <summary>
/// The persisted SLA of a case (see <see cref="CaseSla.Apply"/>) as one list of columns, shared by the bulk insert of
/// cases and the bulk recomputation: every value is a nullable 64-bit integer (states as their number, instants as UTC
/// microseconds, the SQLite storage), so copying, binding and comparing them is one loop on both databases.
/// </summary>
internal static class CaseSlaColumns
{
    /// <summary>The columns <see cref="CaseSla.Apply"/> writes, in <see cref="Get"/> order.</summary>
    public static readonly string[] Names =
    [
        "fr_state", "fr_policy_id", "fr_due_at", "fr_warning_at", "fr_elapsed_seconds", "fr_paused_seconds", "fr_met_at", "fr_breached_at",
        "nr_state", "nr_policy_id", "nr_due_at", "nr_warning_at", "nr_elapsed_seconds", "nr_paused_seconds", "nr_met_at", "nr_breached_at",
        "nr_cycles", "nr_breached_cycles",
        "res_state", "res_policy_id", "res_due_at", "res_warning_at", "res_elapsed_seconds", "res_paused_seconds", "res_met_at", "res_breached_at",
        "sla_due_at", "queue_due_at", "alarm_at",
    ];

    /// <summary>The alarm marks: inputs of the alarm time, written by the alarm job, never by a recomputation.</summary>
    public static readonly string[] MarkNames = ["fr_warned", "fr_breach_fired", "nr_warned", "nr_breach_fired", "res_warned", "res_breach_fired"];

    public static int Count => Names.Length;

    /// <summary>What each value is on PostgreSQL: 'i' integer, 'l' bigint, 't' timestamptz.</summary>
    private const string Types = "ilttlltt" + "ilttlltt" + "ii" + "ilttlltt" + "ttt";

    /// <summary>The type of value <paramref name="index"/>: 'i' integer, 'l' bigint, 't' instant.</summary>
    public static char TypeOf(int index) => Types[index];

    /// <summary>The SLA values of <paramref name="c"/>.</summary>
    public static void Get(ServiceCase c, Span<long?> v)
    {
        (v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]) = ((int)c.FrState, c.FrPolicyId, Micros(c.FrDueAt), Micros(c.FrWarningAt),
            c.FrElapsedSeconds, c.FrPausedSeconds, Micros(c.FrMetAt), Micros(c.FrBreachedAt));
        (v[8], v[9], v[10], v[11], v[12], v[13], v[14], v[15]) = ((int)c.NrState, c.NrPolicyId, Micros(c.NrDueAt), Micros(c.NrWarningAt),
            c.NrElapsedSeconds, c.NrPausedSeconds, Micros(c.NrMetAt), Micros(c.NrBreachedAt));
        (v[16], v[17]) = (c.NrCycles, c.NrBreachedCycles);
        (v[18], v[19], v[20], v[21], v[22], v[23], v[24], v[25]) = ((int)c.ResState, c.ResPolicyId, Micros(c.ResDueAt), Micros(c.ResWarningAt),
            c.ResElapsedSeconds, c.ResPausedSeconds, Micros(c.ResMetAt), Micros(c.ResBreachedAt));
        (v[26], v[27], v[28]) = (Micros(c.SlaDueAt), Timestamps.ToMicroseconds(c.QueueDueAt), Micros(c.AlarmAt));
    }

    /// <summary>Sets the SLA properties of <paramref name="c"/> from values read.</summary>
    public static void Set(ServiceCase c, ReadOnlySpan<long?> v)
    {
        (c.FrState, c.FrPolicyId, c.FrDueAt, c.FrWarningAt, c.FrElapsedSeconds, c.FrPausedSeconds, c.FrMetAt, c.FrBreachedAt) =
            ((SlaClockState)v[0]!.Value, v[1], Time(v[2]), Time(v[3]), v[4] ?? 0, v[5] ?? 0, Time(v[6]), Time(v[7]));
        (c.NrState, c.NrPolicyId, c.NrDueAt, c.NrWarningAt, c.NrElapsedSeconds, c.NrPausedSeconds, c.NrMetAt, c.NrBreachedAt) =
            ((SlaClockState)v[8]!.Value, v[9], Time(v[10]), Time(v[11]), v[12] ?? 0, v[13] ?? 0, Time(v[14]), Time(v[15]));
        (c.NrCycles, c.NrBreachedCycles) = ((int)(v[16] ?? 0), (int)(v[17] ?? 0));
        (c.ResState, c.ResPolicyId, c.ResDueAt, c.ResWarningAt, c.ResElapsedSeconds, c.ResPausedSeconds, c.ResMetAt, c.ResBreachedAt) =
            ((SlaClockState)v[18]!.Value, v[19], Time(v[20]), Time(v[21]), v[22] ?? 0, v[23] ?? 0, Time(v[24]), Time(v[25]));
        (c.SlaDueAt, c.QueueDueAt, c.AlarmAt) = (Time(v[26]), Time(v[27]) ?? SlaAlarms.NoDue, Time(v[28]));
    }

    private const int QueueDueAt = 27;
    private const int AlarmAt = 28;

    /// <summary>Which indexed columns differ between two sets of values.</summary>
    public static SlaIndexedChanges IndexedChanges(ReadOnlySpan<long?> before, ReadOnlySpan<long?> after) =>
        (before[QueueDueAt] != after[QueueDueAt] ? SlaIndexedChanges.QueueDueAt : SlaIndexedChanges.None) |
        (before[AlarmAt] != after[AlarmAt] ? SlaIndexedChanges.AlarmAt : SlaIndexedChanges.None);

    /// <summary>The positions (in <see cref="Names"/>) of the columns to set when only <paramref name="changes"/> of the indexed ones changed.</summary>
    public static int[] ColumnsFor(SlaIndexedChanges changes) =>
    [
        .. Enumerable.Range(0, Names.Length).Where(i =>
            (i != QueueDueAt || changes.HasFlag(SlaIndexedChanges.QueueDueAt)) && (i != AlarmAt || changes.HasFlag(SlaIndexedChanges.AlarmAt))),
    ];

    /// <summary>Binds the SLA values of <paramref name="c"/> to parameters <paramref name="first"/>, first + 1, …</summary>
    public static void Bind(SqliteBulkWriter.RawInsert s, int first, ServiceCase c)
    {
        Span<long?> v = stackalloc long?[Names.Length];
        Get(c, v);
        for (var i = 0; i < v.Length; i++)
        {
            s.NullableLong(first + i, v[i]);
        }
    }

    /// <summary>Writes the SLA values of <paramref name="c"/> as the next COPY columns.</summary>
    public static void Copy(NpgsqlBinaryImporter w, ServiceCase c)
    {
        Span<long?> v = stackalloc long?[Names.Length];
        Get(c, v);
        for (var i = 0; i < v.Length; i++)
        {
            if (v[i] is not { } value)
            {
                w.WriteNull();
            }
            else if (Types[i] == 't')
            {
                w.Write(Timestamps.FromMicroseconds(value), NpgsqlDbType.TimestampTz);
            }
            else if (Types[i] == 'i')
            {
                w.Write((int)value, NpgsqlDbType.Integer);
            }
            else
            {
                w.Write(value, NpgsqlDbType.Bigint);
            }
        }
    }

    /// <summary>The PostgreSQL types of the columns, for a temporary table shaped like them.</summary>
    public static string PostgresDefinitions() => string.Join(", ", Names.Select((n, i) => $"{n} {Types[i] switch
    {
        't' => "timestamptz",
        'i' => "integer",
        _ => "bigint",
    }}"));

    private static long? Micros(DateTime? value) => value is { } v ? Timestamps.ToMicroseconds(v) : null;

    private static DateTime? Time(long? micros) => micros is { } m ? Timestamps.FromMicroseconds(m) : null;
}
