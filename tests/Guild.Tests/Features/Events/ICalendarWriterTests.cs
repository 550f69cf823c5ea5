using System.Text;
using Guild.Web.Features.Events;

namespace Guild.Tests.Features.Events;

/// <summary>
/// The iCalendar text Guild writes, without a database: a golden file pins one feed exactly (fixed ids and moments), lines fold at
/// 75 octets without splitting a multi-byte character (a long Dutch title), and ical.js reads each VTIMEZONE so that every start
/// lands on the same UTC instant Guild stored, across a daylight-saving change.
/// </summary>
public sealed class ICalendarWriterTests
{
    private static readonly DateTimeOffset Stamp = new(2026, 11, 20, 8, 30, 0, TimeSpan.Zero);

    private static readonly CalendarEntry Lecture = new(Guid.Parse("0193a5b0-0000-7000-8000-000000000001"),
        "Koffieautomaatcollege: ‘Één zin, één gedachte’ — waarom korte zinnen beter werken in nieuwsbrieven én podcasts",
        "Tien minuten over korte zinnen.\nNeem je vragen mee; ook over komma's, puntkomma's; en backslashes \\.", new(2026, 10, 22, 14, 0, 0, TimeSpan.Zero),
        new(2026, 10, 22, 14, 10, 0, TimeSpan.Zero), "Europe/Amsterdam", "Koffiehoek, 3e verdieping", "https://guild.example/events/0193a5b0-0000-7000-8000-000000000001",
        EventStatus.Scheduled, 2, Stamp, null, []);

    private static readonly CalendarEntry Workshop = new(Guid.Parse("0193a5b0-0000-7000-8000-000000000002"), "Workshop: colour grading",
        "", new(2026, 11, 2, 15, 0, 0, TimeSpan.Zero), new(2026, 11, 2, 17, 0, 0, TimeSpan.Zero), "Europe/Amsterdam", "Online",
        "https://guild.example/events/0193a5b0-0000-7000-8000-000000000002", EventStatus.Cancelled, 3, Stamp, null, []);

    private static readonly CalendarEntry Remote = new(Guid.Parse("0193a5b0-0000-7000-8000-000000000003"), "Partner call",
        "", new(2026, 12, 1, 16, 0, 0, TimeSpan.Zero), new(2026, 12, 1, 17, 0, 0, TimeSpan.Zero), "America/New_York", "Online",
        "https://guild.example/events/0193a5b0-0000-7000-8000-000000000003", EventStatus.Scheduled, 0, Stamp, null, []);

    [Fact]
    public async Task A_feed_is_written_exactly_as_the_golden_file_says()
    {
        var feed = ICalendarWriter.Feed("Guild events of Sanne de Vries", [Lecture, Workshop, Remote]);

        var golden = Path.Combine(Folder(), "Golden", "person-feed.ics");
        if (Environment.GetEnvironmentVariable("GUILD_UPDATE_GOLDEN") == "1")
        {
            await File.WriteAllTextAsync(golden, feed, new UTF8Encoding(false));
        }
        Assert.Equal(await File.ReadAllTextAsync(golden, Encoding.UTF8), feed);
    }

    [Fact]
    public async Task Lines_fold_at_75_octets_without_splitting_a_character_and_ical_js_reads_every_zone_to_the_same_instant()
    {
        var feed = ICalendarWriter.Feed("Guild", [Lecture, Workshop, Remote]);

        IcalJs.AssertFoldedAndCrlf(feed);
        // Every folded line is valid UTF-8 on its own: no character was split between two lines.
        foreach (var line in feed.Split("\r\n"))
        {
            var bytes = Encoding.UTF8.GetBytes(line);
            Assert.Equal(line, new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes));
        }
        // Two-octet letters from the first fold on: an odd split point falls inside a character unless the writer moves it.
        var dutch = new StringBuilder();
        ICalendarWriter.Fold(dutch, "SUMMARY:" + new string('é', 80) + "😀" + new string('ë', 41));
        IcalJs.AssertFoldedAndCrlf(dutch.ToString());
        Assert.Equal("SUMMARY:" + new string('é', 80) + "😀" + new string('ë', 41), dutch.ToString().Replace("\r\n ", "", StringComparison.Ordinal).TrimEnd());
        Assert.DoesNotContain("METHOD:", feed, StringComparison.Ordinal);
        var parsed = await IcalJs.ParseAsync(feed);
        Assert.Null(parsed.Method);
        Assert.Equal("PT1H", parsed.RefreshInterval);
        Assert.Equal("PT1H", parsed.PublishedTtl);
        Assert.Equal(["America/New_York", "Europe/Amsterdam"], parsed.Timezones.Order(StringComparer.Ordinal));
        var lecture = parsed.Events.Single(e => e.Uid == "0193a5b0-0000-7000-8000-000000000001@guild");
        Assert.Equal(Lecture.Title, lecture.Summary);
        Assert.Equal(Lecture.Description, lecture.Description);
        Assert.Equal(2, lecture.Sequence);
        // 22 October is summer time in Amsterdam, 2 November winter time, 1 December in New York winter time: each is the stored instant.
        Assert.Equal(Lecture.StartsAt, lecture.StartUtc);
        Assert.Equal("Europe/Amsterdam", lecture.StartTzid);
        var workshop = parsed.Events.Single(e => e.Uid == "0193a5b0-0000-7000-8000-000000000002@guild");
        Assert.Equal(Workshop.StartsAt, workshop.StartUtc);
        Assert.Equal("CANCELLED", workshop.Status);
        Assert.Equal(Remote.StartsAt, parsed.Events.Single(e => e.Uid.EndsWith("3@guild", StringComparison.Ordinal)).StartUtc);
        Assert.Equal(Remote.EndsAt, parsed.Events.Single(e => e.Uid.EndsWith("3@guild", StringComparison.Ordinal)).EndUtc);
    }

    [Fact]
    public async Task An_invitation_carries_its_method_organizer_and_attendee()
    {
        var entry = Lecture with
        {
            Organiser = new CalendarPerson("Daan Bakker", "daan.bakker@noordwind.example"),
            Attendees = [new CalendarPerson("Sanne \"de\" Vries", "sanne.devries@noordwind.example")],
        };

        var request = await IcalJs.ParseAsync(ICalendarWriter.Invitation("REQUEST", entry));
        var cancel = await IcalJs.ParseAsync(ICalendarWriter.Invitation("CANCEL", entry with { Sequence = 3 }));

        Assert.Equal("REQUEST", request.Method);
        Assert.Equal("mailto:daan.bakker@noordwind.example", request.Events[0].Organizer);
        Assert.Equal(["mailto:sanne.devries@noordwind.example"], request.Events[0].Attendees);
        Assert.Equal("CANCEL", cancel.Method);
        Assert.Equal(request.Events[0].Uid, cancel.Events[0].Uid);
        Assert.Equal(3, cancel.Events[0].Sequence);
        Assert.Equal("CANCELLED", cancel.Events[0].Status);
    }

    private static string Folder()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "Features", "Events");
            if (Directory.Exists(Path.Combine(candidate, "Golden")))
            {
                return candidate;
            }
        }
        throw new InvalidOperationException("Features/Events/Golden is not above the test binaries.");
    }
}
