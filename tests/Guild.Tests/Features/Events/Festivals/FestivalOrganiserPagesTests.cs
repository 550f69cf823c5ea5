using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Guild.Tests.Infrastructure;
using Guild.Web.Features.Events;
using Guild.Web.Features.Events.Festivals;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.Notifications;
using Microsoft.EntityFrameworkCore;

namespace Guild.Tests.Features.Events.Festivals;

/// <summary>
/// The organiser's pages of a festival (edit and publish, workshops, partners and links) call the services the API calls: what they refuse
/// shows on the page as a form error and changes nothing; only organisers reach them.
/// </summary>
public abstract partial class FestivalOrganiserPagesTests(GuildApp app)
{
    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public async Task An_organiser_edits_the_festival_and_publishes_it_so_colleagues_see_the_programme()
    {
        var (admin, adminPerson) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        var festival = await app.CreateFestivalAsync(admin, "Draft festival", [("Brightside", 2)], published: false);
        await admin.AddWorkshopAsync(festival, "Kept workshop", adminPerson.Id, capacity: 10, new(10, 0), new(11, 0));
        var (employee, _) = await app.SignedInAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await employee.GetAsync($"/festivals/{festival.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await employee.GetAsync($"/festivals/{festival.Id}/edit")).StatusCode);

        using var saved = await admin.PostFormAsync($"/festivals/{festival.Id}/edit", $"/festivals/{festival.Id}/edit",
        [
            new("_handler", "festival-edit"), new("Input.Name", "Autumn festival"), new("Input.Description", "Two days of workshops."),
            new("Input.FirstDay", Day(festival.FirstDay)), new("Input.LastDay", Day(festival.LastDay)), new("Input.TimeZone", "Europe/Amsterdam"),
            new("Input.QuotaReturnDays", "5"), new("Input.Rooms", "Main stage; 60\nStudio; 20\nGarden; 15"),
        ]);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var changed = await app.WithDbAsync(db => db.Set<Festival>().AsNoTracking().Include(f => f.Rooms).FirstAsync(f => f.Id == festival.Id));
        Assert.Equal(("Autumn festival", 5), (changed.Name, changed.QuotaReturnDays));
        Assert.Equal(new[] { ("Main stage", 60), ("Studio", 20), ("Garden", 15) }, changed.Rooms.OrderBy(r => r.Position).Select(r => (r.Name, r.Capacity)));
        Assert.Equal(festival.Rooms[0].Id, changed.Rooms.Single(r => r.Name == "Main stage").Id);

        Assert.Contains("id=\"publish-festival\"", await admin.GetPageAsync($"/festivals/{festival.Id}/edit"), StringComparison.Ordinal);
        using var published = await admin.PostFormAsync($"/festivals/{festival.Id}/edit", $"/festivals/{festival.Id}/edit", [new("_handler", "publish")]);
        Assert.Equal(HttpStatusCode.Redirect, published.StatusCode);
        Assert.Contains("Kept workshop", await employee.GetPageAsync($"/festivals/{festival.Id}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Festival_changes_that_would_strand_workshops_are_refused_on_the_page_and_nothing_changes()
    {
        var (admin, adminPerson) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        var festival = await app.CreateFestivalAsync(admin, "Firm festival", []);
        await admin.AddWorkshopAsync(festival, "Second-day workshop", adminPerson.Id, capacity: 18, new(10, 0), new(11, 0), room: 1, day: 1);

        using var refused = await admin.PostFormAsync($"/festivals/{festival.Id}/edit", $"/festivals/{festival.Id}/edit",
        [
            new("_handler", "festival-edit"), new("Input.Name", "Shorter festival"), new("Input.FirstDay", Day(festival.FirstDay)),
            new("Input.LastDay", Day(festival.FirstDay)), new("Input.TimeZone", "Europe/London"), new("Input.Rooms", "Main stage; 50\nStudio; 10"),
        ]);

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var page = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        Assert.Contains("Some workshops fall outside these days: move or cancel them first.", page, StringComparison.Ordinal);
        Assert.Contains("The time zone cannot change once the festival has workshops", page, StringComparison.Ordinal);
        Assert.Contains("Room “Studio” has workshops with up to 18 places", page, StringComparison.Ordinal);
        var kept = await app.WithDbAsync(db => db.Set<Festival>().AsNoTracking().Include(f => f.Rooms).FirstAsync(f => f.Id == festival.Id));
        Assert.Equal(("Firm festival", "Europe/Amsterdam", 20), (kept.Name, kept.TimeZone, kept.Rooms.Single(r => r.Name == "Studio").Capacity));
    }

    [Fact]
    public async Task An_organiser_adds_a_workshop_on_the_page_and_a_double_booked_room_or_a_day_outside_the_festival_is_a_form_error()
    {
        var (admin, adminPerson) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        var festival = await app.CreateFestivalAsync(admin, "Workshop festival", [("Brightside", 2)]);
        var (host, hostPerson) = await app.SignedInAsync();
        var path = $"/festivals/{festival.Id}/workshops/new";
        IEnumerable<KeyValuePair<string, string>> Fields(string title, string day, string starts, string ends) =>
        [
            new("_handler", "workshop-form"), new("Input.Title", title), new("Input.Description", "Hands on."), new("Input.Day", day), new("Input.Starts", starts),
            new("Input.Ends", ends), new("Input.RoomId", festival.Rooms[1].Id.ToString()), new("Input.Capacity", "12"), new("Input.Hosts", hostPerson.Email),
        ];

        using var added = await admin.PostFormAsync(path, path, Fields("Sketchnoting", Day(festival.FirstDay), "10:00", "11:30"));
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var workshop = await app.WithDbAsync(db => db.Set<GuildEvent>().AsNoTracking().SingleAsync(e => e.FestivalId == festival.Id));
        Assert.Equal(("Sketchnoting", 12, "Studio"), (workshop.Title, workshop.Capacity, workshop.Room));
        Assert.Equal([hostPerson.Id], await app.WithDbAsync(db => db.Set<FestivalWorkshopHost>().Where(h => h.EventId == workshop.Id).Select(h => h.PersonId).ToListAsync()));

        using var clash = await admin.PostFormAsync(path, path, Fields("Clashing", Day(festival.FirstDay), "11:00", "12:00"));
        Assert.Equal(HttpStatusCode.OK, clash.StatusCode);
        Assert.Contains("Studio", WebUtility.HtmlDecode(await clash.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Contains("aria-invalid=\"true\" aria-describedby=\"starts-error\"", await clash.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var outside = await admin.PostFormAsync(path, path, Fields("Too late", Day(festival.LastDay.AddDays(3)), "10:00", "11:00"));
        Assert.Equal(HttpStatusCode.OK, outside.StatusCode);
        Assert.Contains("aria-invalid=\"true\" aria-describedby=\"day-error\"", await outside.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await app.WithDbAsync(db => db.Set<GuildEvent>().CountAsync(e => e.FestivalId == festival.Id)));

        // Only organisers reach the form.
        Assert.Equal(HttpStatusCode.NotFound, (await host.GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task Moving_a_workshop_moves_it_in_every_schedule_and_cancelling_takes_it_out_and_frees_the_slot()
    {
        var (admin, adminPerson) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        var festival = await app.CreateFestivalAsync(admin, "Moving festival", []);
        var first = await admin.AddWorkshopAsync(festival, "Morning", adminPerson.Id, capacity: 10, new(9, 0), new(10, 0));
        var second = await admin.AddWorkshopAsync(festival, "Late morning", adminPerson.Id, capacity: 10, new(11, 0), new(12, 0), room: 1);
        var (employee, employeePerson) = await app.SignedInAsync();
        Assert.Equal(HttpStatusCode.OK, (await employee.AddToScheduleAsync(festival.Id, first.Id)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await employee.AddToScheduleAsync(festival.Id, second.Id)).StatusCode);
        var path = $"/festivals/{festival.Id}/workshops/{first.Id}";
        IEnumerable<KeyValuePair<string, string>> Move(string starts, string ends) =>
        [
            new("_handler", "workshop-form"), new("Input.Title", "Morning"), new("Input.Day", Day(festival.FirstDay)), new("Input.Starts", starts), new("Input.Ends", ends),
            new("Input.RoomId", festival.Rooms[0].Id.ToString()), new("Input.Capacity", "10"), new("Input.Hosts", adminPerson.Email),
        ];

        // Onto the employee's other workshop: the database refuses the overlap, the page says so, nothing moves.
        using var overlapping = await admin.PostFormAsync(path, path, Move("11:30", "12:30"));
        Assert.Equal(HttpStatusCode.OK, overlapping.StatusCode);
        Assert.Contains("would overlap another workshop in someone's schedule", WebUtility.HtmlDecode(await overlapping.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(first.StartsAt, await EntryStartAsync(employeePerson.Id, first.Id));

        using var moved = await admin.PostFormAsync(path, path, Move("09:30", "10:30"));
        Assert.Equal(HttpStatusCode.Redirect, moved.StatusCode);
        Assert.Equal(first.StartsAt.AddMinutes(30), await EntryStartAsync(employeePerson.Id, first.Id));
        Assert.Equal(1, await app.WithDbAsync(db => db.Set<GuildEvent>().Where(e => e.Id == first.Id).Select(e => e.Sequence).SingleAsync()));

        using var cancelled = await admin.PostFormAsync(path, path, [new("_handler", "cancel-workshop")]);
        Assert.Equal(HttpStatusCode.Redirect, cancelled.StatusCode);
        Assert.Equal(EventStatus.Cancelled, await app.WithDbAsync(db => db.Set<GuildEvent>().Where(e => e.Id == first.Id).Select(e => e.Status).SingleAsync()));
        Assert.False(await app.WithDbAsync(db => db.Set<FestivalScheduleEntry>().AnyAsync(s => s.EventId == first.Id)));
        Assert.Contains("Cancelled", await employee.GetPageAsync($"/festivals/{festival.Id}"), StringComparison.Ordinal);
    }

    private Task<DateTimeOffset> EntryStartAsync(Guid personId, Guid eventId) =>
        app.WithDbAsync(db => db.Set<FestivalScheduleEntry>().Where(s => s.PersonId == personId && s.EventId == eventId).Select(s => s.StartsAt).SingleAsync());

    [Fact]
    public async Task On_the_partners_page_an_organiser_changes_a_quota_makes_and_revokes_a_link_and_sees_who_joined()
    {
        var (admin, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        var festival = await app.CreateFestivalAsync(admin, "Partner festival", [("Brightside", 2), ("Northlight", 3)]);
        var brightside = festival.Partners.Single(p => p.Name == "Brightside").Id;
        var northlight = festival.Partners.Single(p => p.Name == "Northlight").Id;
        var (_, guest) = await app.SignedInAsync(Roles.PartnerGuest);
        await app.JoinPartnerAsync(guest, brightside);
        var path = $"/festivals/{festival.Id}/partners";

        var page = await admin.GetPageAsync(path);
        Assert.Contains(WebUtility.HtmlEncode(guest.Email), page, StringComparison.Ordinal);

        using var refused = await admin.PostFormAsync(path, path, [new("_handler", "quotas"), new($"quota-{brightside}", "-4"), new($"quota-{northlight}", "3")]);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains($"aria-invalid=\"true\" aria-describedby=\"quota-{brightside}-error\"", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var saved = await admin.PostFormAsync(path, path, [new("_handler", "quotas"), new($"quota-{brightside}", "4"), new($"quota-{northlight}", "3")]);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(4, await app.WithDbAsync(db => db.Set<FestivalPartner>().Where(p => p.Id == brightside).Select(p => p.QuotaPerWorkshop).SingleAsync()));

        using var made = await admin.PostFormAsync(path, path, [new("_handler", "invite"), new("InvitePartnerId", northlight.ToString()), new("ValidForDays", "7")]);
        Assert.Equal(HttpStatusCode.OK, made.StatusCode);
        var url = LinkPattern().Match(await made.Content.ReadAsStringAsync()).Groups[1].Value;
        Assert.Contains("/festivals/join/", url, StringComparison.Ordinal);
        var link = await app.WithDbAsync(db => db.Set<FestivalInvitation>().AsNoTracking().SingleAsync(i => i.PartnerId == northlight));
        Assert.Equal(app.Clock.GetUtcNow().AddDays(7), link.ExpiresAt);

        using var revoked = await admin.PostFormAsync(path, path, [new("_handler", "revoke"), new("RevokeId", link.Id.ToString())]);
        Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
        Assert.NotNull(await app.WithDbAsync(db => db.Set<FestivalInvitation>().Where(i => i.Id == link.Id).Select(i => i.RevokedAt).SingleAsync()));
        Assert.Contains("Revoked", await admin.GetPageAsync(path), StringComparison.Ordinal);
    }

    [GeneratedRegex("id=\"made-link\" readonly value=\"([^\"]+)\"")]
    private static partial Regex LinkPattern();
}

[Collection(SqliteCollection.Name)]
public sealed class FestivalOrganiserPagesTestsOnSqlite(SqliteApp app) : FestivalOrganiserPagesTests(app);

[Collection(PostgresCollection.Name)]
public sealed class FestivalOrganiserPagesTestsOnPostgres(PostgresApp app) : FestivalOrganiserPagesTests(app);
