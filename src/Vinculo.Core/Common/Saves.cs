using Microsoft.EntityFrameworkCore;
using Vinculo.Core.Storage;

namespace Vinculo.Core.Common;

/// <summary>Saving a use case's changes with the errors every slice maps the same way.</summary>
internal static class Saves
{
    /// <summary>
    /// Saves; a failure that a uniqueness re-check explains becomes a 409 with <paramref name="message"/>, a stale
    /// version a 412. Provider-neutral: the re-check asks the database, not the exception.
    /// </summary>
    public static async Task Save(VinculoDb db, string what, Func<Task<bool>>? isDuplicate, string? message, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new PreconditionFailedException($"The {what} was changed by someone else meanwhile. Reload it and try again.");
        }
        catch (DbUpdateException) when (isDuplicate is not null)
        {
            db.ChangeTracker.Clear();
            if (await isDuplicate())
            {
                throw new ConflictException(message ?? $"The {what} already exists.");
            }

            throw;
        }
    }
}
