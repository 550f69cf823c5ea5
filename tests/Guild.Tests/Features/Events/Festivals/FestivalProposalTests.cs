using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Guild.Tests.Infrastructure;
using Guild.Web.Features.Events;
using Guild.Web.Features.Events.Festivals;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.Notifications;
using Microsoft.EntityFrameworkCore;

namespace Guild.Tests.Features.Events.Festivals;

/// <summary>
/// Partner guests propose workshops; organisers place one in the programme (accepting it) or decline it with a message; the guest is told
/// either way and sees only their own; anyone outside the festival and its partners gets not found.
/// </summary>
public abstract class FestivalProposalTests(GuildApp app)
{
    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private async Task<(GuildClient Admin, ProgrammeView Festival, GuildClient Guest, TestPerson GuestPerson)> FestivalWithGuestAsync(string name)
    {
        var (admin, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        var festival = await app.CreateFestivalAsync(admin, name, [("Brightside", 2), ("Northlight", 2)]);
        var (guest, guestPerson) = await app.SignedInAsync(Roles.PartnerGuest);
        await app.JoinPartnerAsync(guestPerson, festival.Partners.Single(p => p.Name == "Brightside").Id);
        return (admin, festival, guest, guestPerson);
    }

    [Fact]
    public async Task A_guest_proposes_on_the_page_and_the_organiser_places_it_as_a_workshop_hosted_by_the_guest_who_is_notified()
    {
        var (admin, festival, guest, guestPerson) = await FestivalWithGuestAsync("Proposal festival");
        var path = $"/festivals/{festival.Id}/proposals";

        using var proposed = await guest.PostFormAsync(path, path,
        [
            new("_handler", "propose"), new("Proposal.Title", "Facilitation games"), new("Proposal.Description", "Games that get a room talking."),
            new("Proposal.Minutes", "90"), new("Proposal.PreferredDay", Day(festival.LastDay)),
        ]);
        Assert.Equal(HttpStatusCode.Redirect, proposed.StatusCode);
        var proposal = await app.WithDbAsync(db => db.Set<FestivalProposal>().AsNoTracking().SingleAsync(p => p.FestivalId == festival.Id));
        Assert.Equal(("Facilitation games", 90, festival.LastDay, ProposalState.Open), (proposal.Title, proposal.Minutes, proposal.PreferredDay, proposal.State));
        Assert.Contains("Facilitation games", await admin.GetPageAsync(path), StringComparison.Ordinal);

        // The form that places it starts from the proposal: its title, the preferred day, 90 minutes, the guest as host.
        var form = WebUtility.HtmlDecode(await admin.GetPageAsync($"/festivals/{festival.Id}/workshops/new?proposal={proposal.Id}"));
        Assert.Contains("value=\"Facilitation games\"", form, StringComparison.Ordinal);
        Assert.Contains("value=\"11:30\"", form, StringComparison.Ordinal);
        Assert.Contains(guestPerson.Email, form, StringComparison.Ordinal);

        var placePath = $"/festivals/{festival.Id}/workshops/new?proposal={proposal.Id}";
        using var placed = await admin.PostFormAsync(placePath, placePath,
        [
            new("_handler", "workshop-form"), new("Input.Title", "Facilitation games"), new("Input.Description", "Games that get a room talking."),
            new("Input.Day", Day(festival.LastDay)), new("Input.Starts", "14:00"), new("Input.Ends", "15:30"), new("Input.RoomId", festival.Rooms[1].Id.ToString()),
            new("Input.Capacity", "20"), new("Input.Hosts", guestPerson.Email),
        ]);
        Assert.Equal(HttpStatusCode.Redirect, placed.StatusCode);
        var accepted = await app.WithDbAsync(db => db.Set<FestivalProposal>().AsNoTracking().SingleAsync(p => p.Id == proposal.Id));
        Assert.Equal(ProposalState.Accepted, accepted.State);
        var workshop = await app.WithDbAsync(db => db.Set<GuildEvent>().AsNoTracking().SingleAsync(e => e.Id == accepted.WorkshopId));
        Assert.Equal("Facilitation games", workshop.Title);
        Assert.Equal([guestPerson.Id], await app.WithDbAsync(db => db.Set<FestivalWorkshopHost>().Where(h => h.EventId == workshop.Id).Select(h => h.PersonId).ToListAsync()));
        Assert.True(await app.WithDbAsync(db => db.Set<Notification>().AnyAsync(n => n.RecipientId == guestPerson.Id && n.Kind == FestivalProposals.AcceptedKind)));
        Assert.Contains("In the programme", await guest.GetPageAsync(path), StringComparison.Ordinal);

        // Answered once: a second acceptance is refused and makes no second workshop.
        using var again = await admin.Http.PostAsJsonAsync($"/api/v1/festivals/{festival.Id}/proposals/{proposal.Id}/acceptance", new
        {
            title = "Twice", day = festival.LastDay, starts = "16:00:00", ends = "17:00:00", roomId = festival.Rooms[1].Id, hostIds = new[] { guestPerson.Id },
        });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(1, await app.WithDbAsync(db => db.Set<GuildEvent>().CountAsync(e => e.FestivalId == festival.Id)));
    }

    [Fact]
    public async Task A_refused_placement_leaves_the_proposal_open_and_a_declined_one_shows_the_message_to_the_guest_who_is_notified()
    {
        var (admin, festival, guest, guestPerson) = await FestivalWithGuestAsync("Declining festival");
        using var proposed = await guest.Http.PostAsJsonAsync($"/api/v1/festivals/{festival.Id}/proposals", new { title = "Knitting for engineers", minutes = 60 });
        var proposal = await EventsTestKit.ReadAsync<ProposalView>(proposed, HttpStatusCode.Created);

        // A room time outside the festival: the workshop's own check refuses it, and the proposal stays open.
        using var refused = await admin.Http.PostAsJsonAsync($"/api/v1/festivals/{festival.Id}/proposals/{proposal.Id}/acceptance", new
        {
            title = "Knitting for engineers", day = festival.LastDay.AddDays(5), starts = "10:00:00", ends = "11:00:00", roomId = festival.Rooms[0].Id,
            hostIds = new[] { guestPerson.Id },
        });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(ProposalState.Open, await StateAsync(proposal.Id));

        var path = $"/festivals/{festival.Id}/proposals";
        using var empty = await admin.PostFormAsync(path, path, [new("_handler", "decline"), new("DeclineId", proposal.Id.ToString()), new($"message-{proposal.Id}", " ")]);
        Assert.Equal(HttpStatusCode.OK, empty.StatusCode);
        Assert.Contains("Tell the guest why", WebUtility.HtmlDecode(await empty.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(ProposalState.Open, await StateAsync(proposal.Id));

        using var declined = await admin.PostFormAsync(path, path,
            [new("_handler", "decline"), new("DeclineId", proposal.Id.ToString()), new($"message-{proposal.Id}", "The programme is full this year.")]);
        Assert.Equal(HttpStatusCode.Redirect, declined.StatusCode);
        Assert.Equal(ProposalState.Declined, await StateAsync(proposal.Id));
        Assert.Contains("The programme is full this year.", await guest.GetPageAsync(path), StringComparison.Ordinal);
        Assert.True(await app.WithDbAsync(db => db.Set<Notification>().AnyAsync(n => n.RecipientId == guestPerson.Id && n.Kind == FestivalProposals.DeclinedKind)));
    }

    [Fact]
    public async Task Nobody_outside_sees_proposals_a_guest_of_another_partner_sees_only_their_own_and_a_guest_of_another_festival_gets_not_found()
    {
        var (admin, festival, guest, _) = await FestivalWithGuestAsync("Private proposals festival");
        using var proposed = await guest.Http.PostAsJsonAsync($"/api/v1/festivals/{festival.Id}/proposals", new { title = "Only mine", minutes = 45 });
        var proposal = await EventsTestKit.ReadAsync<ProposalView>(proposed, HttpStatusCode.Created);

        // A guest of the other partner of the same festival: their own list is empty, and they cannot decide.
        var (neighbour, neighbourPerson) = await app.SignedInAsync(Roles.PartnerGuest);
        await app.JoinPartnerAsync(neighbourPerson, festival.Partners.Single(p => p.Name == "Northlight").Id);
        Assert.Empty((await neighbour.GetJsonAsync<List<ProposalView>>($"/api/v1/festivals/{festival.Id}/proposals"))!);
        Assert.DoesNotContain("Only mine", await neighbour.GetPageAsync($"/festivals/{festival.Id}/proposals"), StringComparison.Ordinal);
        using var decide = await neighbour.Http.PostAsJsonAsync($"/api/v1/festivals/{festival.Id}/proposals/{proposal.Id}/decline", new { message = "No." });
        Assert.Equal(HttpStatusCode.NotFound, decide.StatusCode);

        // A guest of another festival's partner: this festival does not exist for them.
        var (_, otherFestival, outsider, _) = await FestivalWithGuestAsync("Other festival");
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/festivals/{festival.Id}/proposals")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/api/v1/festivals/{festival.Id}/proposals")).StatusCode);
        using var sneaky = await outsider.Http.PostAsJsonAsync($"/api/v1/festivals/{festival.Id}/proposals", new { title = "Sneaky", minutes = 30 });
        Assert.Equal(HttpStatusCode.NotFound, sneaky.StatusCode);
        // ...and a proposal id of this festival under their own festival is not found either.
        using var crossed = await admin.Http.PostAsJsonAsync($"/api/v1/festivals/{otherFestival.Id}/proposals/{proposal.Id}/decline", new { message = "Wrong festival." });
        Assert.Equal(HttpStatusCode.NotFound, crossed.StatusCode);

        // A colleague sees the festival but has no proposals page, and cannot propose.
        var (employee, _) = await app.SignedInAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await employee.GetAsync($"/festivals/{festival.Id}/proposals")).StatusCode);
        using var colleague = await employee.Http.PostAsJsonAsync($"/api/v1/festivals/{festival.Id}/proposals", new { title = "Colleague", minutes = 30 });
        Assert.Equal(HttpStatusCode.Forbidden, colleague.StatusCode);
        Assert.Equal(1, await app.WithDbAsync(db => db.Set<FestivalProposal>().CountAsync(p => p.FestivalId == festival.Id)));
    }

    private Task<ProposalState> StateAsync(Guid proposalId) =>
        app.WithDbAsync(db => db.Set<FestivalProposal>().Where(p => p.Id == proposalId).Select(p => p.State).SingleAsync());
}

[Collection(SqliteCollection.Name)]
public sealed class FestivalProposalTestsOnSqlite(SqliteApp app) : FestivalProposalTests(app);

[Collection(PostgresCollection.Name)]
public sealed class FestivalProposalTestsOnPostgres(PostgresApp app) : FestivalProposalTests(app);
