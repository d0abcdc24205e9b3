using System.Globalization;
using Vinculo.Core.Common;
using Vinculo.Core.Service.Configuration;

namespace Vinculo.Web.Components.Service.Settings;

/// <summary>
/// What the calendar form posts: weekly rows (day, start, end, night shift), holidays and special days. Blank rows are
/// ignored, so the form can always offer an empty one to fill in.
/// </summary>
public sealed class CalendarForm
{
    public long Version { get; set; }
    public string? Name { get; set; }
    public string? TimeZone { get; set; } = "Europe/Madrid";
    public List<WeeklyRow> Weekly { get; set; } = [];
    public List<DateRow> Holidays { get; set; } = [];
    public List<SpecialRow> Special { get; set; } = [];

    /// <summary>Which submit button was pressed: save, preview, or add/remove a row ("remove:weekly:2").</summary>
    public string? Action { get; set; }

    public sealed class WeeklyRow
    {
        public string Day { get; set; } = "monday";
        public string? Start { get; set; }
        public string? End { get; set; }
        public bool NightShift { get; set; }

        public bool IsBlank => string.IsNullOrWhiteSpace(Start) && string.IsNullOrWhiteSpace(End);
    }

    public sealed class DateRow
    {
        public DateOnly? Date { get; set; }
    }

    public sealed class SpecialRow
    {
        public DateOnly? Date { get; set; }
        public string? Start { get; set; }
        public string? End { get; set; }

        public bool IsBlank => Date is null && string.IsNullOrWhiteSpace(Start) && string.IsNullOrWhiteSpace(End);
    }

    /// <summary>A new calendar: Monday to Friday, 09:00 to 17:00, in Madrid.</summary>
    public static CalendarForm New() => new CalendarForm
    {
        Weekly = [.. SettingsText.Week.Take(5).Select(d => new WeeklyRow { Day = EnumText.Camel(d), Start = "09:00", End = "17:00" })],
    }.WithBlankRows();

    public static CalendarForm From(CalendarDto c) => new CalendarForm
    {
        Version = c.Version,
        Name = c.Name,
        TimeZone = c.TimeZone,
        Weekly = [.. c.Weekly.Select(w => new WeeklyRow { Day = EnumText.Camel(w.Day), Start = w.Start, End = w.End, NightShift = w.EndsNextDay })],
        Holidays = [.. c.Holidays.Select(d => new DateRow { Date = d })],
        Special = [.. c.Special.Select(s => new SpecialRow { Date = s.Date, Start = s.Start, End = s.End })],
    }.WithBlankRows();

    /// <summary>Form binding leaves a list null when the post had none of its fields; the form always works with lists.</summary>
    public CalendarForm EnsureLists()
    {
        Weekly ??= [];
        Holidays ??= [];
        Special ??= [];
        Weekly.RemoveAll(r => r is null);
        Holidays.RemoveAll(r => r is null);
        Special.RemoveAll(r => r is null);
        return this;
    }

    /// <summary>Makes sure every list ends with one empty row to fill in.</summary>
    public CalendarForm WithBlankRows()
    {
        if (Weekly.Count == 0 || !Weekly[^1].IsBlank)
        {
            Weekly.Add(new WeeklyRow { Day = NextDay() });
        }

        if (Holidays.Count == 0 || Holidays[^1].Date is not null)
        {
            Holidays.Add(new DateRow());
        }

        if (Special.Count == 0 || !Special[^1].IsBlank)
        {
            Special.Add(new SpecialRow());
        }

        return this;
    }

    /// <summary>Adds or removes a row when <see cref="Action"/> asks for it; true when the post was such a change.</summary>
    public bool ApplyRowAction()
    {
        switch ((Action ?? "").Split(':'))
        {
            case ["add", "weekly"]:
                Weekly.Add(new WeeklyRow { Day = NextDay() });
                return true;
            case ["add", "holidays"]:
                Holidays.Add(new DateRow());
                return true;
            case ["add", "special"]:
                Special.Add(new SpecialRow());
                return true;
            case ["remove", var list, var at] when int.TryParse(at, NumberStyles.None, CultureInfo.InvariantCulture, out var i):
                switch (list)
                {
                    case "weekly" when i < Weekly.Count:
                        Weekly.RemoveAt(i);
                        break;
                    case "holidays" when i < Holidays.Count:
                        Holidays.RemoveAt(i);
                        break;
                    case "special" when i < Special.Count:
                        Special.RemoveAt(i);
                        break;
                }

                return true;
            default:
                return false;
        }
    }

    /// <summary>The request, and for each list the form row each sent item came from (errors go back to the row the user sees).</summary>
    public (CalendarInput Input, Dictionary<string, int[]> RowOf) ToInput()
    {
        var weekly = Indexes(Weekly, r => !r.IsBlank);
        var holidays = Indexes(Holidays, r => r.Date is not null);
        var special = Indexes(Special, r => !r.IsBlank);
        var input = new CalendarInput
        {
            Name = Name,
            TimeZone = TimeZone,
            Weekly = [.. weekly.Select(i => Weekly[i]).Select(r => new WeeklyHoursInput(r.Day, r.Start, r.End, r.NightShift))],
            Holidays = [.. holidays.Select(i => Holidays[i].Date!.Value)],
            Special = [.. special.Select(i => Special[i]).Select(r => new SpecialHoursInput(r.Date, r.Start, r.End))],
        };
        return (input, new Dictionary<string, int[]>(StringComparer.Ordinal) { ["weekly"] = weekly, ["holidays"] = holidays, ["special"] = special });
    }

    /// <summary>The use case numbers list items as it received them; the key of the row the user sees.</summary>
    public static string FormKey(string key, Dictionary<string, int[]> rowOf)
    {
        if (SettingsText.Row(key) is { } row && rowOf.TryGetValue(row.List, out var rows) && row.Row < rows.Length)
        {
            var at = rows[row.Row].ToString(CultureInfo.InvariantCulture);
            return row.Field is null ? $"{row.List}[{at}]" : $"{row.List}[{at}].{row.Field}";
        }

        return key;
    }

    private string NextDay()
    {
        var last = Weekly.LastOrDefault(r => !r.IsBlank);
        if (last is null || !EnumText.TryParse<DayOfWeek>(last.Day, out var day))
        {
            return "monday";
        }

        return EnumText.Camel((DayOfWeek)(((int)day + 1) % 7));
    }

    private static int[] Indexes<T>(List<T> rows, Func<T, bool> filled) =>
        rows.Select((r, i) => (r, i)).Where(x => filled(x.r)).Select(x => x.i).ToArray();
}
