using System.Net;
using System.Text.RegularExpressions;
using Guild.Tests.Infrastructure;
using Guild.Web.Features.Events;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.Notifications;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace Guild.Tests.Features.Events;

/// <summary>
/// The waiting list: a freed place is offered to the first person waiting (by mail with signed "accept" and "no thanks" links, and in
/// the app); "no thanks" passes it on at once, an offer nobody answers passes on when it expires (a durable job on the app's clock),
/// and accepting from the mail's link works without signing in.
/// </summary>
public abstract partial class WaitingListTests(GuildApp app)
{
    [Fact]
    public async Task A_freed_place_is_offered_in_order_and_no_thanks_an_expired_offer_and_acceptance_each_do_what_they_say()
    {
        var (organiser, _) = await app.SignedInAsync(Roles.Employee, Roles.Champion);
        var planned = await app.CreateEventAsync(organiser, "One seat only", capacity: 1);
        var (holder, _) = await app.SignedInAsync();
        var (anna, annaPerson) = await app.SignedInAsync();
        var (bram, bramPerson) = await app.SignedInAsync();
        var (cas, casPerson) = await app.SignedInAsync();
        await EventsTestKit.ReadAsync<EventView>(await holder.RegisterAsync(planned.Id), HttpStatusCode.OK);
        foreach (var client in new[] { anna, bram, cas })
        {
            await EventsTestKit.ReadAsync<EventView>(await client.RegisterAsync(planned.Id, joinWaitingList: true), HttpStatusCode.OK);
            app.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        // The holder cancels: Anna, first in line, is offered the place (held for her), by mail and in the app.
        await EventsTestKit.ReadAsync<EventView>(await holder.Http.DeleteAsync($"/api/v1/events/{planned.Id}/registration"), HttpStatusCode.OK);
        Assert.Equal(RegistrationStatus.Offered, (await anna.GetEventAsync(planned.Id)).Mine!.Status);
        Assert.Equal(1, (await anna.GetEventAsync(planned.Id)).Taken);
        Assert.True(await app.WithDbAsync(db => db.Set<Notification>().AnyAsync(n => n.RecipientId == annaPerson.Id && n.Kind == EventMails.OfferKind)));
        await app.RunDueJobsAsync();
        var annaLink = OfferLink(app.MailTo(annaPerson.Email).Last(m => m.Subject?.Contains("A place is free", StringComparison.Ordinal) == true), "decline");

        // "No thanks" from the mail, without signing in: Bram gets the offer at once.
        using (var stranger = app.CreateGuildClient())
        {
            var page = await stranger.GetPageAsync(annaLink);
            Assert.Contains("One seat only", page, StringComparison.Ordinal);
            Assert.Equal(RegistrationStatus.Offered, (await anna.GetEventAsync(planned.Id)).Mine!.Status);
            using var declined = await stranger.PostFormAsync(annaLink, annaLink, [new("_handler", "answer-offer-link"), new("answer", "decline")]);
            Assert.Contains("the place goes to the next person waiting", await declined.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        Assert.Equal(RegistrationStatus.Declined, (await anna.GetEventAsync(planned.Id)).Mine!.Status);
        Assert.Equal(RegistrationStatus.Offered, (await bram.GetEventAsync(planned.Id)).Mine!.Status);
        Assert.Equal(1, (await bram.GetEventAsync(planned.Id)).Taken);

        // Bram does not answer: after a day the offer expires (the job) and Cas is offered the place.
        app.Clock.Advance(TimeSpan.FromHours(24) + TimeSpan.FromMinutes(1));
        await app.RunDueJobsAsync();
        Assert.Equal(RegistrationStatus.Expired, (await bram.GetEventAsync(planned.Id)).Mine!.Status);
        Assert.Equal(RegistrationStatus.Offered, (await cas.GetEventAsync(planned.Id)).Mine!.Status);
        var bramLink = OfferLink(app.MailTo(bramPerson.Email).Last(m => m.Subject?.Contains("A place is free", StringComparison.Ordinal) == true), "accept");
        using (var late = app.CreateGuildClient())
        {
            // The expired offer's link says so and offers nothing to press.
            var tooLate = await late.GetPageAsync(bramLink);
            Assert.Contains("This offer has expired", tooLate, StringComparison.Ordinal);
            Assert.DoesNotContain("answer-offer-link", tooLate, StringComparison.Ordinal);
        }
        Assert.Equal(RegistrationStatus.Expired, (await bram.GetEventAsync(planned.Id)).Mine!.Status);

        // Cas accepts from the mail: registered, with the invitation.
        await app.RunDueJobsAsync();
        var casLink = OfferLink(app.MailTo(casPerson.Email).Last(m => m.Subject?.Contains("A place is free", StringComparison.Ordinal) == true), "accept");
        using (var fromMail = app.CreateGuildClient())
        {
            await fromMail.GetPageAsync(casLink);
            using var accepted = await fromMail.PostFormAsync(casLink, casLink, [new("_handler", "answer-offer-link"), new("answer", "accept")]);
            Assert.Contains("The place is yours", await accepted.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        var shown = await cas.GetEventAsync(planned.Id);
        Assert.Equal(RegistrationStatus.Registered, shown.Mine!.Status);
        Assert.Equal(1, shown.Taken);
        Assert.Equal(0, shown.Waiting);
        await app.RunDueJobsAsync();
        Assert.Contains(app.MailTo(casPerson.Email), m => m.Subject == "You are registered: One seat only");
        // A forged link is a 404, like a missing one.
        using var forged = await cas.GetAsync("/events/offers/not-a-real-token");
        Assert.Equal(HttpStatusCode.NotFound, forged.StatusCode);
    }

    private static string OfferLink(MimeMessage mail, string answer)
    {
        var match = OfferLinkPattern().Match(mail.HtmlBody ?? "");
        Assert.True(match.Success, "the offer mail has no offer link");
        var uri = new Uri(System.Net.WebUtility.HtmlDecode(match.Value));
        Assert.Contains($"answer={answer}", mail.HtmlBody, StringComparison.Ordinal);
        return uri.AbsolutePath;
    }

    [GeneratedRegex("https?://[^\"]+/events/offers/[A-Za-z0-9_-]+")]
    private static partial Regex OfferLinkPattern();
}

[Collection(SqliteCollection.Name)]
public sealed class WaitingListTestsOnSqlite(SqliteApp app) : WaitingListTests(app);

[Collection(PostgresCollection.Name)]
public sealed class WaitingListTestsOnPostgres(PostgresApp app) : WaitingListTests(app);
