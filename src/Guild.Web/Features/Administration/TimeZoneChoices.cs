namespace Guild.Web.Features.Administration;

/// <summary>
/// The time zones offered in the organisation settings: the places a Dutch or European organisation and
/// its partners are likely to be, rather than all 400 of the database. Any valid IANA id is still
/// accepted through the API, and a zone set that way stays selectable.
/// </summary>
public static class TimeZoneChoices
{
    private static readonly string[] Offered =
    [
        "Europe/Amsterdam", "Europe/Brussels", "Europe/Luxembourg", "Europe/London", "Europe/Dublin", "Europe/Lisbon",
        "Europe/Paris", "Europe/Berlin", "Europe/Madrid", "Europe/Rome", "Europe/Zurich", "Europe/Vienna",
        "Europe/Copenhagen", "Europe/Oslo", "Europe/Stockholm", "Europe/Helsinki", "Europe/Warsaw", "Europe/Prague",
        "Europe/Budapest", "Europe/Bucharest", "Europe/Athens", "Europe/Istanbul", "Europe/Kyiv",
        "Atlantic/Reykjavik", "Africa/Casablanca", "Africa/Lagos", "Africa/Cairo", "Africa/Nairobi", "Africa/Johannesburg",
        "Asia/Dubai", "Asia/Karachi", "Asia/Kolkata", "Asia/Bangkok", "Asia/Jakarta", "Asia/Singapore", "Asia/Shanghai",
        "Asia/Hong_Kong", "Asia/Tokyo", "Asia/Seoul", "Australia/Perth", "Australia/Sydney", "Pacific/Auckland",
        "America/St_Johns", "America/Halifax", "America/Toronto", "America/New_York", "America/Chicago", "America/Denver",
        "America/Phoenix", "America/Los_Angeles", "America/Anchorage", "Pacific/Honolulu", "America/Mexico_City",
        "America/Bogota", "America/Lima", "America/Santiago", "America/Sao_Paulo", "America/Argentina/Buenos_Aires",
        "America/Paramaribo", "America/Curacao", "America/Aruba", "UTC",
    ];

    public sealed record Choice(string Id, string Label);

    /// <summary>The offered zones that this machine's time zone database knows, by offset then name; <paramref name="current"/> always included.</summary>
    public static IReadOnlyList<Choice> For(string current, DateTimeOffset now)
    {
        var ids = Offered.Contains(current, StringComparer.Ordinal) ? Offered : [.. Offered, current];
        return ids
            .Select(id => TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : null)
            .OfType<TimeZoneInfo>()
            .Select(zone => (zone, offset: zone.GetUtcOffset(now)))
            .OrderBy(item => item.offset).ThenBy(item => item.zone.Id, StringComparer.Ordinal)
            .Select(item => new Choice(item.zone.Id, $"(UTC{(item.offset < TimeSpan.Zero ? "−" : "+")}{item.offset.Duration():hh\\:mm}) {item.zone.Id.Replace('_', ' ')}"))
            .ToList();
    }
}
