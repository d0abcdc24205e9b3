using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Vinculo.Core.Common;
using Vinculo.Core.Storage;
using Vinculo.Domain.Service;

namespace Vinculo.Core.Service.Configuration;

/// <summary>
/// Business-hours calendars: list, read, create, replace, delete (refused while a policy counts on it), and when a target
/// started at some instant is due on one of them.
/// </summary>
/// <remarks>
/// A change to a calendar that an active policy uses is committed first and then the SLA of every active case is
/// recomputed in the same request (<see cref="SlaRecomputation.RecomputeActive"/>); the count is returned with the change.
/// If the recomputation fails the change stays, and the next change or recomputation brings the cases up to date.
/// </remarks>
public sealed class CalendarService(VinculoDb db, TimeProvider clock, SlaRecomputation recomputation)
{
    public const int MaxWeekly = 50;
    public const int MaxDates = 500;

    /// <summary>The longest target a preview computes: 366 days of minutes.</summary>
    public const int MaxPreviewMinutes = SlaPolicyService.MaxTargetMinutes;

    /// <summary>Checks a calendar without touching the database; on success gives the definition to store.</summary>
    public static ValidationErrors Validate(CalendarInput input, out string name, out string timeZone, out CalendarDefinition definition) =>
        Validate(input, requireName: true, out name, out timeZone, out definition);

    private static ValidationErrors Validate(
        CalendarInput input, bool requireName, out string name, out string timeZone, out CalendarDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new ValidationErrors();
        name = (requireName ? ConfigRules.Text(input.Name, "name", ConfigRules.MaxNameLength, errors, required: true) : null) ?? "";
        timeZone = input.TimeZone?.Trim() ?? "";
        if (timeZone.Length == 0)
        {
            errors.Add("timeZone", "Required.");
        }

        var weekly = new List<WeeklyHoursDocument>();
        foreach (var (w, i) in (input.Weekly ?? []).Select((w, i) => (w, i)))
        {
            var day = ConfigRules.Enum(w?.Day, $"weekly[{i}].day", DayOfWeek.Monday, errors, required: true);
            var start = w?.Start?.Trim() ?? "";
            var end = w?.End?.Trim() ?? "";
            if (!IsTime(start))
            {
                errors.Add($"weekly[{i}].start", "Times must be written HH:mm.");
            }

            if (!IsTime(end))
            {
                errors.Add($"weekly[{i}].end", "Times must be written HH:mm.");
            }

            weekly.Add(new WeeklyHoursDocument(day, start, end, w?.EndsNextDay ?? false));
        }

        if (weekly.Count == 0)
        {
            errors.Add("weekly", "A calendar needs at least one weekly opening interval.");
        }
        else if (weekly.Count > MaxWeekly)
        {
            errors.Add("weekly", $"At most {MaxWeekly} weekly intervals.");
        }

        var special = new List<SpecialHoursDocument>();
        foreach (var (s, i) in (input.Special ?? []).Select((s, i) => (s, i)))
        {
            if (s?.Date is null)
            {
                errors.Add($"special[{i}].date", "Required.");
            }

            var start = s?.Start?.Trim() ?? "";
            var end = s?.End?.Trim() ?? "";
            if (!IsTime(start))
            {
                errors.Add($"special[{i}].start", "Times must be written HH:mm.");
            }

            if (!IsTime(end))
            {
                errors.Add($"special[{i}].end", "Times must be written HH:mm.");
            }

            special.Add(new SpecialHoursDocument(s?.Date ?? default, start, end));
        }

        var holidays = (input.Holidays ?? []).ToList();
        if (holidays.Count > MaxDates)
        {
            errors.Add("holidays", $"At most {MaxDates} holidays.");
        }

        if (special.Count > MaxDates)
        {
            errors.Add("special", $"At most {MaxDates} special days.");
        }

        definition = new CalendarDefinition(weekly, holidays, special);
        if (!errors.IsValid)
        {
            return errors;
        }

        foreach (var (path, messages) in definition.Validate(timeZone))
        {
            foreach (var message in messages)
            {
                errors.Add(path, message);
            }
        }

        return errors;
    }

    public async Task<ConfigChange<CalendarDto>> Create(CalendarInput input, CancellationToken ct = default)
    {
        Validate(input, out var name, out var timeZone, out var definition).ThrowIfInvalid();
        await CheckNameFree(name, null, ct);
        var now = ConfigRules.Now(clock);
        var calendar = new ServiceCalendar
        {
            Name = name, TimeZone = timeZone, Definition = definition.ToJson(), CreatedAt = now, UpdatedAt = now, Version = 1,
        };
        db.ServiceCalendars.Add(calendar);
        await Save(name, null, ct);

        // No policy counts on a new calendar yet: no case changes.
        return new ConfigChange<CalendarDto>(await Dto(calendar, ct), 0);
    }

    public async Task<CalendarDto?> Get(long id, CancellationToken ct = default)
    {
        var calendar = await db.ServiceCalendars.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);
        return calendar is null ? null : await Dto(calendar, ct);
    }

    /// <summary>Replaces the calendar; null when it does not exist.</summary>
    /// <exception cref="PreconditionFailedException">When <paramref name="expectedVersion"/> is not the current version.</exception>
    public async Task<ConfigChange<CalendarDto>?> Update(long id, CalendarInput input, long? expectedVersion, CancellationToken ct = default)
    {
        var calendar = await db.ServiceCalendars.FirstOrDefaultAsync(c => c.Id == id, ct);
        if (calendar is null)
        {
            return null;
        }

        ConfigRules.CheckVersion(calendar.Version, expectedVersion, "calendar");
        Validate(input, out var name, out var timeZone, out var definition).ThrowIfInvalid();
        if (!string.Equals(name, calendar.Name, StringComparison.Ordinal))
        {
            await CheckNameFree(name, id, ct);
        }

        calendar.Name = name;
        calendar.TimeZone = timeZone;
        calendar.Definition = definition.ToJson();
        calendar.UpdatedAt = ConfigRules.Now(clock);
        calendar.Version++;
        await Save(name, id, ct);

        var used = await db.ServicePolicies.AnyAsync(p => p.CalendarId == id && p.Active, ct);
        var recomputed = used ? (await recomputation.RecomputeActive(null, ct)).Cases : 0;
        db.ChangeTracker.Clear();
        return new ConfigChange<CalendarDto>((await Get(id, ct))!, recomputed);
    }

    /// <summary>Deletes the calendar. False when it does not exist.</summary>
    /// <exception cref="ConflictException">A policy counts its targets on the calendar.</exception>
    public async Task<bool> Delete(long id, long? expectedVersion, CancellationToken ct = default)
    {
        var calendar = await db.ServiceCalendars.FirstOrDefaultAsync(c => c.Id == id, ct);
        if (calendar is null)
        {
            return false;
        }

        ConfigRules.CheckVersion(calendar.Version, expectedVersion, "calendar");
        await CheckUnused(id, ct);
        db.ServiceCalendars.Remove(calendar);
        try
        {
            await Saves.Save(db, "calendar", null, null, ct);
        }
        catch (DbUpdateException)
        {
            // A policy started to use it meanwhile (the foreign key refused the delete).
            db.ChangeTracker.Clear();
            await CheckUnused(id, ct);
            throw;
        }

        return true;
    }

    public async Task<Page<CalendarDto>> List(CalendarQuery query, CancellationToken ct = default)
    {
        var errors = new ValidationErrors();
        var limit = Cursor.Limit(query.Limit, errors, 50);
        var after = ConfigRules.ReadKeyCursor(query.Cursor, errors);
        errors.ThrowIfInvalid();
        var q = db.ServiceCalendars.AsNoTracking();
        if (after is { } a)
        {
            q = q.Where(c => string.Compare(c.Name, a.Key) > 0 || (c.Name == a.Key && c.Id > a.Id));
        }

        var rows = await q.OrderBy(c => c.Name).ThenBy(c => c.Id).Take(limit + 1).ToListAsync(ct);
        var hasMore = rows.Count > limit;
        rows = rows.Take(limit).ToList();
        var ids = rows.Select(r => r.Id).ToList();
        var uses = await db.ServicePolicies.AsNoTracking().Where(p => ids.Contains(p.CalendarId))
            .GroupBy(p => p.CalendarId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var items = rows.Select(r => ToDto(r, uses.GetValueOrDefault(r.Id))).ToList();
        return new Page<CalendarDto>(items, hasMore ? ConfigRules.KeyCursor(rows[^1].Name, rows[^1].Id) : null);
    }

    /// <summary>Every calendar's id and name, by name (for choosing one in a policy).</summary>
    public async Task<IReadOnlyList<(long Id, string Name)>> Names(CancellationToken ct = default) =>
        (await db.ServiceCalendars.AsNoTracking().OrderBy(c => c.Name).Select(c => new { c.Id, c.Name }).Take(1000).ToListAsync(ct))
        .Select(c => (c.Id, c.Name)).ToList();

    /// <summary>
    /// When a target of <paramref name="minutes"/> business minutes started at <paramref name="from"/> (now when null) is due
    /// on the calendar; null when the calendar does not exist.
    /// </summary>
    public async Task<DuePreview?> Due(long id, DateTime? from, int? minutes, CancellationToken ct = default)
    {
        var errors = new ValidationErrors();
        var start = Start(from);
        var span = Minutes(minutes, errors);
        errors.ThrowIfInvalid();
        var calendar = await db.ServiceCalendars.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);
        if (calendar is null)
        {
            return null;
        }

        var hours = CalendarDefinition.Parse(calendar.Definition).ToCalendar(calendar.TimeZone);
        return Preview(hours, id, start, span);
    }

    /// <summary>The same for a calendar not saved yet (the form's preview); the name is not checked.</summary>
    /// <exception cref="ValidationException">The definition, the start or the minutes are not valid.</exception>
    public DuePreview Due(CalendarInput input, DateTime? from, int? minutes)
    {
        var errors = Validate(input, requireName: false, out _, out var timeZone, out var definition);
        var start = Start(from);
        var span = Minutes(minutes, errors);
        errors.ThrowIfInvalid();
        return Preview(definition.ToCalendar(timeZone), null, start, span);
    }

    private DateTime Start(DateTime? from) => from is { } f
        ? Timestamps.Truncate(f.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(f, DateTimeKind.Utc) : f.ToUniversalTime())
        : ConfigRules.Now(clock);

    private static int Minutes(int? minutes, ValidationErrors errors)
    {
        if (minutes is null)
        {
            errors.Add("minutes", "Required.");
            return 1;
        }

        if (minutes is < 1 or > MaxPreviewMinutes)
        {
            errors.Add("minutes", $"Between 1 and {MaxPreviewMinutes.ToString("N0", CultureInfo.InvariantCulture)} minutes.");
            return 1;
        }

        return minutes.Value;
    }

    private static DuePreview Preview(BusinessCalendar hours, long? id, DateTime start, int minutes)
    {
        try
        {
            return new DuePreview(id, start, minutes, hours.AddBusinessTime(start, TimeSpan.FromMinutes(minutes)), hours.IsOpen(start));
        }
        catch (ArgumentOutOfRangeException)
        {
            throw ValidationException.For("from", "The due time is beyond the supported range.");
        }
    }

    private async Task<CalendarDto> Dto(ServiceCalendar c, CancellationToken ct) =>
        ToDto(c, await db.ServicePolicies.CountAsync(p => p.CalendarId == c.Id, ct));

    private static CalendarDto ToDto(ServiceCalendar c, int policies)
    {
        var definition = CalendarDefinition.Parse(c.Definition);
        long weeklyMinutes;
        try
        {
            weeklyMinutes = (long)definition.ToCalendar(c.TimeZone).WeeklyBusinessTime.TotalMinutes;
        }
        catch (Exception e) when (e is BusinessCalendarException or FormatException)
        {
            weeklyMinutes = 0;
        }

        return new CalendarDto(c.Id, c.Name, c.TimeZone, definition.Weekly ?? [], definition.Holidays ?? [], definition.Special ?? [],
            policies, weeklyMinutes, c.CreatedAt, c.UpdatedAt, c.Version);
    }

    private async Task CheckUnused(long id, CancellationToken ct)
    {
        var users = await db.ServicePolicies.AsNoTracking().Where(p => p.CalendarId == id).OrderBy(p => p.Id)
            .Select(p => p.Name).Take(5).ToListAsync(ct);
        if (users.Count > 0)
        {
            throw new ConflictException(
                $"The calendar is used by the SLA policies {string.Join(", ", users.Select(n => $"'{n}'"))}. Move them to another calendar first.");
        }
    }

    private async Task CheckNameFree(string name, long? exceptId, CancellationToken ct)
    {
        if (await NameTaken(name, exceptId, ct))
        {
            throw new ConflictException(NameTakenMessage(name));
        }
    }

    /// <summary>Names are compared ignoring case (accented letters too) in memory: the table is small and SQL lower() differs by provider.</summary>
    private async Task<bool> NameTaken(string name, long? exceptId, CancellationToken ct) =>
        (await db.ServiceCalendars.AsNoTracking().Where(c => c.Id != exceptId).Select(c => c.Name).ToListAsync(ct))
        .Contains(name, StringComparer.OrdinalIgnoreCase);

    private Task Save(string name, long? exceptId, CancellationToken ct) =>
        Saves.Save(db, "calendar", () => NameTaken(name, exceptId, ct), NameTakenMessage(name), ct);

    private static string NameTakenMessage(string name) => $"Another calendar is already called '{name}'. Calendar names are unique.";

    private static bool IsTime(string text)
    {
        try
        {
            WeeklyInterval.ParseTime(text);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
