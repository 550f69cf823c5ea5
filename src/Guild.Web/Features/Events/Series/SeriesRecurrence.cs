using System.Globalization;
using NodaTime;

namespace Guild.Web.Features.Events.Series;

/// <summary>What a series does when an occurrence falls on one of the organisation's public holidays.</summary>
public enum HolidayPolicy { Skip, NextWorkingDay }

/// <summary>
/// The part of an RFC 5545 RRULE a series may use: FREQ (DAILY, WEEKLY, MONTHLY), INTERVAL, BYDAY (MO..SU; in a monthly rule also
/// with an ordinal such as 2TU or -1FR), and at most one of COUNT and UNTIL. Anything else is refused with the reason, so a rule a
/// person typed never means something else than they think.
/// </summary>
public sealed record RecurrenceRule(string Frequency, int Interval, IReadOnlyList<(int Ordinal, IsoDayOfWeek Day)> ByDay, int? Count, LocalDate? Until)
{
    public const int MaxLength = 200;
    private static readonly string[] Days = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];

    /// <summary>Reads a rule; on failure <paramref name="problem"/> names what is wrong as a key of <see cref="SeriesText"/> with its argument.</summary>
    public static RecurrenceRule? Parse(string? text, out (string Key, string? Argument)? problem)
    {
        problem = null;
        var rule = text?.Trim() ?? "";
        if (rule.StartsWith("RRULE:", StringComparison.OrdinalIgnoreCase))
        {
            rule = rule[6..];
        }
        if (rule.Length == 0)
        {
            problem = ("Rule.Required", null);
            return null;
        }
        if (rule.Length > MaxLength)
        {
            problem = ("Rule.TooLong", null);
            return null;
        }
        string? frequency = null;
        int interval = 1;
        int? count = null;
        LocalDate? until = null;
        var byDay = new List<(int, IsoDayOfWeek)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var part in rule.ToUpperInvariant().Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                problem = ("Rule.Malformed", part);
                return null;
            }
            var (name, value) = (part[..equals], part[(equals + 1)..]);
            if (!seen.Add(name))
            {
                problem = ("Rule.Repeated", name);
                return null;
            }
            switch (name)
            {
                case "FREQ" when value is "DAILY" or "WEEKLY" or "MONTHLY":
                    frequency = value;
                    break;
                case "FREQ":
                    problem = ("Rule.Frequency", value);
                    return null;
                case "INTERVAL" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var every) && every is >= 1 and <= 52:
                    interval = every;
                    break;
                case "INTERVAL":
                    problem = ("Rule.Interval", value);
                    return null;
                case "COUNT" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var times) && times is >= 1 and <= 1000:
                    count = times;
                    break;
                case "COUNT":
                    problem = ("Rule.Count", value);
                    return null;
                case "UNTIL":
                    // A date (20270131) or a UTC date-time (20270131T235959Z); the series compares dates, so the date part decides.
                    var datePart = value.Length >= 8 ? value[..8] : value;
                    if ((value.Length != 8 && !(value.Length == 16 && value[8] == 'T' && value[15] == 'Z'))
                        || !DateTime.TryParseExact(datePart, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                    {
                        problem = ("Rule.Until", value);
                        return null;
                    }
                    until = LocalDate.FromDateTime(date);
                    break;
                case "BYDAY":
                    foreach (var item in value.Split(','))
                    {
                        if (item.Length < 2 || Array.IndexOf(Days, item[^2..]) is var index && index < 0)
                        {
                            problem = ("Rule.ByDay", item);
                            return null;
                        }
                        var ordinal = 0;
                        if (item.Length > 2 && !(int.TryParse(item[..^2], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out ordinal)
                                                 && ordinal is >= -5 and <= 5 && ordinal != 0))
                        {
                            problem = ("Rule.ByDay", item);
                            return null;
                        }
                        byDay.Add((ordinal, (IsoDayOfWeek)(index + 1)));
                    }
                    break;
                default:
                    problem = ("Rule.Unsupported", name);
                    return null;
            }
        }
        if (frequency is null)
        {
            problem = ("Rule.FrequencyRequired", null);
            return null;
        }
        if (count is not null && until is not null)
        {
            problem = ("Rule.CountAndUntil", null);
            return null;
        }
        if (frequency != "MONTHLY" && byDay.Any(d => d.Item1 != 0))
        {
            problem = ("Rule.OrdinalOnlyMonthly", null);
            return null;
        }
        return new RecurrenceRule(frequency, interval, byDay, count, until);
    }

    /// <summary>The rule written back in RFC 5545 form (the stored, normalised text).</summary>
    public override string ToString()
    {
        var parts = new List<string> { "FREQ=" + Frequency };
        if (Interval != 1)
        {
            parts.Add("INTERVAL=" + Interval.ToString(CultureInfo.InvariantCulture));
        }
        if (ByDay.Count > 0)
        {
            parts.Add("BYDAY=" + string.Join(',', ByDay.Select(d => (d.Ordinal == 0 ? "" : d.Ordinal.ToString(CultureInfo.InvariantCulture)) + Days[(int)d.Day - 1])));
        }
        if (Count is { } count)
        {
            parts.Add("COUNT=" + count.ToString(CultureInfo.InvariantCulture));
        }
        if (Until is { } until)
        {
            parts.Add("UNTIL=" + until.ToString("yyyyMMdd", CultureInfo.InvariantCulture));
        }
        return string.Join(';', parts);
    }

    /// <summary>The same rule ending on <paramref name="lastDay"/> (a "this and following" split ends the old series there).</summary>
    public RecurrenceRule EndingOn(LocalDate lastDay) => this with { Count = null, Until = Until is { } until && until < lastDay ? until : lastDay };

    /// <summary>
    /// The dates the rule gives from <paramref name="first"/> (DTSTART's date, which counts as an occurrence only when the rule gives
    /// it), in order, up to <paramref name="through"/>; COUNT counts rule dates before exceptions are taken out, as RFC 5545 says.
    /// </summary>
    public IEnumerable<LocalDate> Dates(LocalDate first, LocalDate through)
    {
        var produced = 0;
        var last = Until is { } until && until < through ? until : through;
        // A rule that can never give a date (BYDAY=5MO in a month without one is fine; this guards against endless searching) stops after 20 years.
        var giveUp = first.PlusYears(20);
        for (var period = 0; ; period++)
        {
            var candidates = Period(first, period);
            if (candidates.Count == 0 && PeriodStart(first, period) > giveUp)
            {
                yield break;
            }
            foreach (var date in candidates)
            {
                if (date < first)
                {
                    continue;
                }
                if (date > last || (Count is { } count && produced >= count))
                {
                    yield break;
                }
                produced++;
                yield return date;
            }
            if (PeriodStart(first, period) > last)
            {
                yield break;
            }
        }
    }

    private LocalDate PeriodStart(LocalDate first, int period) => Frequency switch
    {
        "DAILY" => first.PlusDays(period * Interval),
        "WEEKLY" => first.PlusDays(-((int)first.DayOfWeek - 1)).PlusWeeks(period * Interval),
        _ => new LocalDate(first.Year, first.Month, 1).PlusMonths(period * Interval),
    };

    private List<LocalDate> Period(LocalDate first, int period)
    {
        var start = PeriodStart(first, period);
        switch (Frequency)
        {
            case "DAILY":
                return ByDay.Count == 0 || ByDay.Any(d => d.Day == start.DayOfWeek) ? [start] : [];
            case "WEEKLY":
                var weekdays = ByDay.Count == 0 ? [first.DayOfWeek] : ByDay.Select(d => d.Day).Distinct().Order().ToList();
                return weekdays.Select(d => start.PlusDays((int)d - 1)).ToList();
            default:
                var days = Enumerable.Range(0, CalendarSystem.Iso.GetDaysInMonth(start.Year, start.Month)).Select(start.PlusDays).ToList();
                if (ByDay.Count == 0)
                {
                    // Monthly on DTSTART's day; a month without that day (the 31st in April) has no occurrence, as RFC 5545 says.
                    return days.Where(d => d.Day == first.Day).ToList();
                }
                var chosen = new SortedSet<LocalDate>();
                foreach (var (ordinal, day) in ByDay)
                {
                    var matching = days.Where(d => d.DayOfWeek == day).ToList();
                    if (ordinal == 0)
                    {
                        chosen.UnionWith(matching);
                    }
                    else if (Math.Abs(ordinal) <= matching.Count)
                    {
                        chosen.Add(ordinal > 0 ? matching[ordinal - 1] : matching[^-ordinal]);
                    }
                }
                return chosen.ToList();
        }
    }
}

/// <summary>One occurrence a series gives: the date in the rule (its recurrence id) and when it takes place (a holiday may shift it).</summary>
public sealed record PlannedOccurrence(LocalDate RuleDate, LocalDate Date, DateTimeOffset StartsAt, DateTimeOffset EndsAt);

/// <summary>
/// Turns a series' slot into occurrences: the rule's dates, minus exceptions (EXDATE), with public holidays skipped or moved to the
/// next working day, at the same wall-clock time in the series' IANA zone (12:30 stays 12:30 across a daylight-saving change; a time a
/// change skips moves forward by the gap, an ambiguous one takes the earlier instant).
/// </summary>
public static class SeriesSlots
{
    public static IReadOnlyList<PlannedOccurrence> Occurrences(RecurrenceRule rule, LocalDate first, LocalTime startTime, int durationMinutes, string zoneId,
        IReadOnlySet<LocalDate> exceptions, IReadOnlySet<LocalDate> holidays, HolidayPolicy policy, IReadOnlySet<IsoDayOfWeek> workingDays,
        LocalDate from, LocalDate through)
    {
        var zone = DateTimeZoneProviders.Tzdb[zoneId];
        var result = new List<PlannedOccurrence>();
        foreach (var ruleDate in rule.Dates(first, through))
        {
            if (exceptions.Contains(ruleDate))
            {
                continue;
            }
            var date = ruleDate;
            if (holidays.Contains(date))
            {
                if (policy == HolidayPolicy.Skip)
                {
                    continue;
                }
                var tries = 0;
                do
                {
                    date = date.PlusDays(1);
                }
                while ((holidays.Contains(date) || !workingDays.Contains(date.DayOfWeek)) && ++tries < 30);
            }
            if (date < from)
            {
                continue;
            }
            var starts = zone.AtLeniently(date + startTime).ToDateTimeOffset().ToUniversalTime();
            result.Add(new PlannedOccurrence(ruleDate, date, starts, starts.AddMinutes(durationMinutes)));
        }
        return result;
    }

    /// <summary>Whether an id is a zone of the IANA database.</summary>
    public static bool IsKnownZone(string? zoneId) => zoneId is not null && DateTimeZoneProviders.Tzdb.GetZoneOrNull(zoneId) is not null;
}
