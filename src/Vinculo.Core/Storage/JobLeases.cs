using Microsoft.EntityFrameworkCore;

namespace Vinculo.Core.Storage;

/// <summary>
/// Leases on background jobs (table <c>job_leases</c>), so that among several web nodes over one database only one runs a
/// job at a time (docs/decisions/0010). A lease is a row: its holder and when it expires. Taking it is one atomic upsert
/// that succeeds when the row is new, expired, or already ours; the holder renews it on every run, and a node that dies
/// simply stops renewing, so another node takes over once it expires.
/// </summary>
public static class JobLeases
{
    /// <summary>
    /// Takes or renews lease <paramref name="name"/> for <paramref name="holder"/> until <paramref name="now"/> +
    /// <paramref name="duration"/>. True when <paramref name="holder"/> now holds it; false when another holder's lease has
    /// not expired yet.
    /// </summary>
    public static async Task<bool> TryAcquire(VinculoDb db, string name, string holder, DateTime now, TimeSpan duration, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(holder);
        if (duration <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(duration), duration, "A lease lasts a positive time.");
        }

        var sqlite = db.IsSqlite;
        var at = SqlReading.TimestampParameter(now, sqlite);
        var until = SqlReading.TimestampParameter(now + duration, sqlite);
        // The same statement on both databases (SQLite ≥ 3.24 has PostgreSQL's upsert): the conflict update only happens
        // when the lease expired or is ours, and reports 0 rows otherwise.
        var rows = await db.Database.ExecuteSqlAsync($"""
            INSERT INTO job_leases (name, holder, expires_at) VALUES ({name}, {holder}, {until})
            ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
            WHERE job_leases.expires_at < {at} OR job_leases.holder = {holder}
            """, ct);
        return rows == 1;
    }

    /// <summary>Gives lease <paramref name="name"/> up if <paramref name="holder"/> holds it (a node shutting down), so another node need not wait for it to expire.</summary>
    public static async Task Release(VinculoDb db, string name, string holder, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        await db.JobLeases.Where(l => l.Name == name && l.Holder == holder).ExecuteDeleteAsync(ct);
    }

    /// <summary>The current holder of lease <paramref name="name"/> at <paramref name="now"/>, or null when nobody holds it.</summary>
    public static async Task<string?> Holder(VinculoDb db, string name, DateTime now, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        return await db.JobLeases.AsNoTracking().Where(l => l.Name == name && l.ExpiresAt >= now).Select(l => l.Holder).FirstOrDefaultAsync(ct);
    }
}
