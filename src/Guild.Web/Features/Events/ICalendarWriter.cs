using System.Globalization;
using System.Text;

namespace Guild.Web.Features.Events;

/// <summary>An event as a VEVENT: what feeds and invitation mails write.</summary>
public sealed record CalendarEntry(
    Guid EventId, string Title, string Description, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string TimeZone, string? Location, string Url,
    EventStatus Status, int Sequence, DateTimeOffset Stamp, CalendarPerson? Organiser, IReadOnlyList<CalendarPerson> Attendees);

/// <summary>An ORGANIZER or ATTENDEE: name and mail address.</summary>
public sealed record CalendarPerson(string Name, string Email);

/// <summary>
/// Writes iCalendar (RFC 5545) text by hand, because what calendar apps need is exact: CRLF line ends, lines folded at 75 octets
/// without splitting a UTF-8 character, a VTIMEZONE for every TZID used (its observances computed from the zone's own rules over the
/// years the events span), a stable UID per event (<c>{id}@guild</c>), SEQUENCE from the event, STATUS:CANCELLED for cancelled ones,
/// and METHOD only for invitations (REQUEST, CANCEL), never in a feed.
/// </summary>
public static class ICalendarWriter
{
    public const string ProductId = "-//Guild//Events//EN";

    /// <summary>A subscription feed: no METHOD, refresh hints for the clients that read them.</summary>
    public static string Feed(string name, IReadOnlyList<CalendarEntry> entries) =>
        Write(method: null, name, entries);

    /// <summary>An invitation (METHOD:REQUEST) or its withdrawal (METHOD:CANCEL) for one event.</summary>
    public static string Invitation(string method, CalendarEntry entry) => Write(method, null, [entry]);

    private static string Write(string? method, string? name, IReadOnlyList<CalendarEntry> entries)
    {
        var lines = new List<string> { "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:" + ProductId, "CALSCALE:GREGORIAN" };
        if (method is not null)
        {
            lines.Add("METHOD:" + method);
        }
        else
        {
            lines.Add("X-WR-CALNAME:" + Text(name ?? "Guild"));
            lines.Add("REFRESH-INTERVAL;VALUE=DURATION:PT1H");
            lines.Add("X-PUBLISHED-TTL:PT1H");
        }
        foreach (var zone in entries.GroupBy(e => e.TimeZone, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            lines.AddRange(TimeZoneLines(zone.Key, zone.Min(e => e.StartsAt), zone.Max(e => e.EndsAt)));
        }
        foreach (var entry in entries)
        {
            var zone = FindZone(entry.TimeZone);
            lines.Add("BEGIN:VEVENT");
            lines.Add($"UID:{entry.EventId:D}@guild");
            lines.Add("DTSTAMP:" + Utc(entry.Stamp));
            lines.Add($"DTSTART;TZID={entry.TimeZone}:{Local(entry.StartsAt, zone)}");
            lines.Add($"DTEND;TZID={entry.TimeZone}:{Local(entry.EndsAt, zone)}");
            lines.Add("SEQUENCE:" + entry.Sequence.ToString(CultureInfo.InvariantCulture));
            lines.Add("SUMMARY:" + Text(entry.Title));
            if (entry.Description.Length > 0)
            {
                lines.Add("DESCRIPTION:" + Text(entry.Description));
            }
            if (!string.IsNullOrEmpty(entry.Location))
            {
                lines.Add("LOCATION:" + Text(entry.Location));
            }
            lines.Add("URL:" + entry.Url);
            lines.Add("STATUS:" + (entry.Status == EventStatus.Cancelled || method == "CANCEL" ? "CANCELLED" : "CONFIRMED"));
            lines.Add("TRANSP:OPAQUE");
            if (entry.Organiser is { } organiser)
            {
                lines.Add($"ORGANIZER;CN={Parameter(organiser.Name)}:mailto:{organiser.Email}");
            }
            foreach (var attendee in entry.Attendees)
            {
                lines.Add($"ATTENDEE;CN={Parameter(attendee.Name)};ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;RSVP=FALSE:mailto:{attendee.Email}");
            }
            lines.Add("END:VEVENT");
        }
        lines.Add("END:VCALENDAR");
        var output = new StringBuilder();
        foreach (var line in lines)
        {
            Fold(output, line);
        }
        return output.ToString();
    }

    /// <summary>
    /// Folds a content line at 75 octets (RFC 5545 3.1): each continuation starts with one space, which counts; a multi-byte UTF-8
    /// character is never split. Every line ends with CRLF.
    /// </summary>
    public static void Fold(StringBuilder output, string line)
    {
        var octets = 0;
        var limit = 75;
        var index = 0;
        while (index < line.Length)
        {
            var length = char.IsSurrogatePair(line, index) ? 2 : 1;
            var size = Encoding.UTF8.GetByteCount(line.AsSpan(index, length));
            if (octets + size > limit)
            {
                output.Append("\r\n ");
                octets = 1;
            }
            output.Append(line, index, length);
            octets += size;
            index += length;
        }
        output.Append("\r\n");
    }

    /// <summary>TEXT values: backslash, semicolon, comma and line ends escaped.</summary>
    public static string Text(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace(";", "\\;", StringComparison.Ordinal).Replace(",", "\\,", StringComparison.Ordinal)
            .Replace("\r\n", "\\n", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal).Replace("\r", "\\n", StringComparison.Ordinal);

    /// <summary>A parameter value (CN): quoted, without the characters a quoted value may not hold.</summary>
    private static string Parameter(string value) => "\"" + new string([.. value.Where(c => c != '"' && !char.IsControl(c))]) + "\"";

    private static string Utc(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    private static string Local(DateTimeOffset instant, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(instant, zone).DateTime.ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture);

    private static TimeZoneInfo FindZone(string id) => TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;

    /// <summary>
    /// A VTIMEZONE for a zone, with one observance per offset change from a year before the first event to a year after the last one,
    /// and one at the start of that span, so every DTSTART and DTEND in it falls under a known offset. Each observance's DTSTART is
    /// the wall-clock time of the change in the offset before it (TZOFFSETFROM), as RFC 5545 3.6.5 says.
    /// </summary>
    internal static IEnumerable<string> TimeZoneLines(string id, DateTimeOffset first, DateTimeOffset last)
    {
        var zone = FindZone(id);
        var from = new DateTimeOffset(first.UtcDateTime.Year - 1, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var to = new DateTimeOffset(last.UtcDateTime.Year + 2, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var changes = new List<(DateTimeOffset At, TimeSpan Before, TimeSpan After)>();
        var offset = zone.GetUtcOffset(from);
        for (var day = from; day < to; day = day.AddDays(1))
        {
            var next = zone.GetUtcOffset(day.AddDays(1));
            if (next == offset)
            {
                continue;
            }
            // The change lies within this day: narrow it down to the minute.
            var (low, high) = (day, day.AddDays(1));
            while (high - low > TimeSpan.FromMinutes(1))
            {
                var middle = low + (high - low) / 2;
                middle = middle.AddSeconds(-middle.Second).AddTicks(-(middle.Ticks % TimeSpan.TicksPerSecond));
                if (zone.GetUtcOffset(middle) == offset)
                {
                    low = middle;
                }
                else
                {
                    high = middle;
                }
            }
            // Zones change on whole minutes: the first minute under the new offset.
            high = high.AddTicks(-(high.UtcTicks % TimeSpan.TicksPerMinute));
            changes.Add((high, offset, next));
            offset = next;
        }
        yield return "BEGIN:VTIMEZONE";
        yield return "TZID:" + id;
        var start = zone.GetUtcOffset(from);
        foreach (var line in Observance(zone.IsDaylightSavingTime(from), from + start, start, start))
        {
            yield return line;
        }
        foreach (var (at, before, after) in changes)
        {
            foreach (var line in Observance(zone.IsDaylightSavingTime(at), at + before, before, after))
            {
                yield return line;
            }
        }
        yield return "END:VTIMEZONE";
    }

    private static IEnumerable<string> Observance(bool daylight, DateTimeOffset wallClock, TimeSpan before, TimeSpan after)
    {
        var kind = daylight ? "DAYLIGHT" : "STANDARD";
        yield return "BEGIN:" + kind;
        yield return "DTSTART:" + wallClock.UtcDateTime.ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture);
        yield return "TZOFFSETFROM:" + Offset(before);
        yield return "TZOFFSETTO:" + Offset(after);
        yield return "END:" + kind;
    }

    private static string Offset(TimeSpan offset) =>
        (offset < TimeSpan.Zero ? "-" : "+") + offset.Duration().ToString("hhmm", CultureInfo.InvariantCulture);
}
