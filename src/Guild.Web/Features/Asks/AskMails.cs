using Guild.Web.Platform.Data;
using Guild.Web.Platform.Mail;
using Guild.Web.Platform.Mail.Inbound;
using Guild.Web.Platform.Organisation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Guild.Web.Features.Asks;

/// <summary>
/// The mail a routed champion gets: built here and only here (<see cref="AskRoutedMail"/> in the champion's language),
/// so the reply-by-mail work can give it its signed Reply-To address in one place (<see cref="QueueRoutedAsync"/>).
/// An anonymous ask's mail names no one.
/// </summary>
public sealed class AskMails(GuildDb db, MailTemplates templates, Mailer mailer, OrganisationProfile organisation, IStringLocalizer<AsksText> text,
    ReplyAddresses replyAddresses)
{
    /// <summary>Queues one mail per routed person, in the caller's unit of work.</summary>
    public async Task QueueRoutedAsync(Ask ask, string? authorName, IReadOnlyCollection<Guid> recipients, CancellationToken cancellationToken)
    {
        if (recipients.Count == 0)
        {
            return;
        }
        var settings = await organisation.GetAsync(cancellationToken);
        var people = await (from p in db.Set<People.Person>()
                            join u in db.Users on p.Id equals u.Id
                            where recipients.Contains(p.Id) && u.DeactivatedAt == null && u.Email != null
                            select new { p.Id, u.Email, Name = p.GivenName + " " + p.FamilyName, u.PreferredLanguage }).ToListAsync(cancellationToken);
        var component = ask.ComponentId is { } componentId
            ? await db.Set<Expertise.Map.KnowHowComponent>().Where(c => c.Id == componentId).Select(c => c.Name).FirstOrDefaultAsync(cancellationToken)
            : null;
        foreach (var person in people)
        {
            var mail = await templates.RenderAsync<AskRoutedMail>(person.Email!, person.Name, person.PreferredLanguage ?? settings.DefaultLanguage,
                () => text["Mail.Routed.Subject", ask.Title], new Dictionary<string, object?>
                {
                    [nameof(AskRoutedMail.OrganisationName)] = settings.Name,
                    [nameof(AskRoutedMail.AskTitle)] = ask.Title,
                    [nameof(AskRoutedMail.Body)] = ask.Body,
                    [nameof(AskRoutedMail.AuthorName)] = authorName,
                    [nameof(AskRoutedMail.Component)] = component,
                    [nameof(AskRoutedMail.Blocking)] = ask.Blocking,
                    [nameof(AskRoutedMail.Link)] = templates.AbsoluteUrl($"/asks/{ask.Id}"),
                    [nameof(AskRoutedMail.CanReply)] = replyAddresses.Enabled,
                });
            if (replyAddresses.Enabled)
            {
                // Replying to this mail answers the ask as this champion (AskReplyHandler).
                mail = mail with { ReplyTo = await replyAddresses.CreateAsync(AskReplyHandler.ReplyPurpose, ask.Id, person.Id, cancellationToken) };
            }
            mailer.Queue(mail);
        }
    }
}
