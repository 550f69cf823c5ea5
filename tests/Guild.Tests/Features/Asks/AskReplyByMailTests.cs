using Guild.Tests.Features.Expertise;
using Guild.Tests.Infrastructure;
using Guild.Tests.Platform.Mail.Inbound;
using Guild.Web.Features.Asks;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.Mail.Inbound;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using static Guild.Tests.Platform.Mail.Inbound.InboundMailTestKit;

namespace Guild.Tests.Features.Asks;

/// <summary>
/// A champion answers an ask by replying to the mail that routed it to them: the mail carries a signed Reply-To, the reply
/// arrives over SMTP, its quoted text is stripped, and the answer is theirs, as if posted on the page. A reply the ask's rule
/// refuses (someone who may not answer it) is bounced with the reason and posts nothing.
/// </summary>
public abstract class AskReplyByMailTests(InboundMailApp app)
{
    [Fact]
    public async Task A_reply_to_the_routed_mail_becomes_the_champions_answer_without_the_quoted_question()
    {
        app.MoveToMonday(9);
        var capability = await app.CreateCapabilityAsync("Video", $"Colour {Guid.NewGuid():N}"[..20]);
        var component = capability.Components[0].Id;
        var champion = await app.CreatePersonAsync("Daan", "Bakker", [Roles.Employee, Roles.Champion]);
        await app.MakeChampionAsync(champion.Id, component);
        var (asker, _) = await app.SignedInAsync(Roles.Employee);
        var ask = await asker.AskAsync(new { title = "Why do my clips look orange?", body = "Only indoors.", componentId = component });
        await app.RunDueJobsAsync();

        var routed = Assert.Single(app.MailTo(champion.Email), m => (m.Subject ?? "").Contains("Why do my clips look orange?", StringComparison.Ordinal));
        var replyTo = Assert.Single(routed.ReplyTo.Mailboxes).Address;
        Assert.StartsWith("reply+ask.", replyTo, StringComparison.Ordinal);
        Assert.Contains("replying to this mail", routed.TextBody ?? "", StringComparison.Ordinal);

        await SendAsync(app, Plain(champion.Email, replyTo,
            "Set the white balance to daylight before you record.\n\nOn Mon, 7 Dec 2026 at 10:00, Guild wrote:\n> Why do my clips look orange?\n> Only indoors.",
            "Re: " + routed.Subject));
        await app.RunDueJobsAsync();

        var answered = await asker.GetAskAsync(ask.Id);
        Assert.Equal(AskStatus.Answered, answered.Status);
        var answer = Assert.Single(answered.Answers);
        Assert.Equal(champion.Id, answer.ChampionId);
        Assert.Equal(AnswerChannel.Mail, answer.Via);
        Assert.Contains("Set the white balance to daylight before you record.", answer.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("Only indoors", answer.Html, StringComparison.Ordinal);
        var mail = Assert.Single(await MailsFromAsync(app, champion.Email));
        Assert.Equal(InboundMailStatus.Delivered, mail.Status);
        // Their mail holds the routed mail only: no bounce.
        Assert.DoesNotContain(await BouncesToAsync(app, champion.Email), m => (m.Subject ?? "").StartsWith("Not posted", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_reply_from_someone_the_ask_was_not_for_is_bounced_with_the_reason_and_posts_nothing()
    {
        app.MoveToMonday(9);
        var capability = await app.CreateCapabilityAsync("Audio", $"Mixing {Guid.NewGuid():N}"[..20]);
        var (asker, _) = await app.SignedInAsync(Roles.Employee);
        var ask = await asker.AskAsync(new { title = "Which microphone for interviews?", componentId = capability.Components[0].Id });
        // A colleague who is no champion of the component, holding a signed address made for them (a forwarded mail).
        var colleague = await app.CreatePersonAsync("Gijs", "Mulder");
        var address = await ReplyAddressAsync(app, AskReplyHandler.ReplyPurpose, ask.Id, colleague.Id);

        await SendAsync(app, Plain(colleague.Email, address, "Any clip-on will do."));
        await app.RunDueJobsAsync();

        Assert.Empty((await asker.GetAskAsync(ask.Id)).Answers);
        var refused = Assert.Single(await MailsFromAsync(app, colleague.Email));
        Assert.Equal((InboundMailStatus.Refused, InboundRefusals.Handler), (refused.Status, refused.Refusal));
        var bounce = Assert.Single(await BouncesToAsync(app, colleague.Email));
        Assert.Contains("not sent to you", bounce.TextBody ?? "", StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(db => db.Set<AskAnswer>().AnyAsync(a => a.AskId == ask.Id)));
    }
}

[Collection(SqliteInboundMailCollection.Name)]
public sealed class AskReplyByMailTestsOnSqlite(SqliteInboundMailApp app) : AskReplyByMailTests(app);

[Collection(PostgresInboundMailCollection.Name)]
public sealed class AskReplyByMailTestsOnPostgres(PostgresInboundMailApp app) : AskReplyByMailTests(app);
