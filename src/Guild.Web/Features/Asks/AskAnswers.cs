using System.Security.Claims;
using Guild.Web.Features.Expertise.Calls;
using Guild.Web.Features.Library.Resources;
using Guild.Web.Features.Library.Resources.Articles;
using Guild.Web.Features.Library.Search;
using Guild.Web.Features.People;
using Guild.Web.Platform;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.Jobs;
using Guild.Web.Platform.LearningRecords;
using Guild.Web.Platform.Notifications;
using Guild.Web.Platform.Organisation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Guild.Web.Features.Asks;

/// <summary>
/// Claiming and answering. <see cref="PostAsync"/> is the one way an answer is written, whether it comes from the ask's
/// page, the API or a reply to the notification mail: it decides through <see cref="AskRule"/> for the champion named
/// (their own roles, not the caller's), so a mail reply is held to exactly the rule the page is.
/// </summary>
public sealed class AskAnswers(
    GuildDb db, CurrentPerson me, TimeProvider clock, IAuthorizationService authorization, UserManager<GuildUser> users,
    IUserClaimsPrincipalFactory<GuildUser> principals, Notifier notifier, LearningRecorder learning, ChampionOnboarding onboarding,
    WorkingCalendar calendar, JobQueue jobs, ResourceLibrary library, Asking asking, IOptions<AskOptions> options, IStringLocalizer<AsksText> text)
{
    /// <summary>The principal to decide for: the caller when they are the champion named, else that person's own account.</summary>
    private async Task<ClaimsPrincipal?> PrincipalOfAsync(Guid personId)
    {
        if (me.IdOrNull == personId)
        {
            return null;
        }
        var user = await users.FindByIdAsync(personId.ToString());
        return user is null || user.DeactivatedAt is not null ? new ClaimsPrincipal() : await principals.CreateAsync(user);
    }

    private async Task<bool> MayAsync(ClaimsPrincipal? principal, AskStanding standing, Microsoft.AspNetCore.Authorization.Infrastructure.OperationAuthorizationRequirement operation) =>
        principal is null ? await me.CanAsync(standing, operation) : (await authorization.AuthorizeAsync(principal, standing, [operation])).Succeeded;

    public async Task<Result<AskView>> ClaimAsync(Guid askId, CancellationToken cancellationToken)
    {
        var standing = await Asking.StandingAsync(db, askId, me.IdOrNull, cancellationToken);
        if (standing is null || !await me.CanAsync(standing, AskOperations.View))
        {
            return Result<AskView>.NotFound();
        }
        if (!await me.CanAsync(standing, AskOperations.Answer))
        {
            return Result<AskView>.Forbidden(text["NotYoursToAnswer"]);
        }
        var ask = await db.Set<Ask>().FirstAsync(a => a.Id == askId, cancellationToken);
        if (ask.ClaimedById is { } other && other != me.Id)
        {
            return Result<AskView>.Conflict(text["ClaimedByOther"]);
        }
        if (ask.Status != AskStatus.Open)
        {
            return Result<AskView>.Conflict(text["NotOpen"]);
        }
        await ClaimForAsync(ask, me.Id, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return await asking.GetAsync(askId, cancellationToken);
    }

    private async Task ClaimForAsync(Ask ask, Guid championId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        ask.Status = AskStatus.Claimed;
        ask.ClaimedById = championId;
        ask.ClaimedAt = now;
        await FirstResponseAsync(ask, now, cancellationToken);
    }

    private async Task FirstResponseAsync(Ask ask, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (ask.FirstResponseAt is not null)
        {
            return;
        }
        ask.FirstResponseAt = now;
        var schedule = await calendar.ForAsync(ask.AuthorId, cancellationToken);
        ask.FirstResponseMinutes = (int)Math.Round(schedule.WorkingTimeBetween(ask.CreatedAt, now).TotalMinutes);
    }

    /// <summary>
    /// Posts an answer by <paramref name="championPersonId"/> (page, API or mail reply). Refused unless that person may
    /// answer the ask (routed to it, champion of its component, or L&amp;D admin; never the asker); an ask another champion
    /// claimed is theirs to answer. Answering claims an unclaimed ask. The asker and followers hear of it.
    /// </summary>
    public async Task<Result<AskView>> PostAsync(Guid askId, Guid championPersonId, AnswerDraft draft, AnswerChannel via, CancellationToken cancellationToken)
    {
        var principal = await PrincipalOfAsync(championPersonId);
        if (principal is not null && !me.IsSignedIn)
        {
            // A mail reply: nobody is signed in, so the rest of this unit of work (and the answer it returns) is the champion's.
            me.ActAs(principal);
            principal = null;
        }
        var standing = await Asking.StandingAsync(db, askId, championPersonId, cancellationToken);
        if (standing is null || !await MayAsync(principal, standing, AskOperations.View))
        {
            return Result<AskView>.NotFound();
        }
        if (!await MayAsync(principal, standing, AskOperations.Answer))
        {
            return Result<AskView>.Forbidden(text["NotYoursToAnswer"]);
        }
        var markdown = draft.Markdown?.Trim() ?? "";
        var errors = new Dictionary<string, string[]>();
        if (markdown.Length == 0 && draft.ResourceId is null)
        {
            errors["markdown"] = [text["AnswerRequired"]];
        }
        else if (markdown.Length > Asking.BodyMax)
        {
            errors["markdown"] = [text["AnswerTooLong", Asking.BodyMax]];
        }
        if (draft.ResourceId is { } resourceId && !await db.Set<Resource>().AnyAsync(r => r.Id == resourceId && r.Status == ResourceStatus.Published, cancellationToken))
        {
            errors["resourceId"] = [text["ResourceUnknown"]];
        }
        if (errors.Count > 0)
        {
            return Result<AskView>.Invalid(errors);
        }
        var ask = await db.Set<Ask>().FirstAsync(a => a.Id == askId, cancellationToken);
        if (ask.ClaimedById is { } other && other != championPersonId)
        {
            return Result<AskView>.Conflict(text["ClaimedByOther"]);
        }
        var now = clock.GetUtcNow();
        if (ask.ClaimedById is null)
        {
            await ClaimForAsync(ask, championPersonId, cancellationToken);
        }
        await FirstResponseAsync(ask, now, cancellationToken);
        var champion = await db.Set<Person>().AsNoTracking().Where(p => p.Id == championPersonId).Select(p => p.GivenName + " " + p.FamilyName).FirstAsync(cancellationToken);
        var answer = new AskAnswer
        {
            Id = Guid.CreateVersion7(), AskId = askId, ChampionId = championPersonId, Markdown = markdown,
            Html = markdown.Length == 0 ? "" : ArticleRenderer.Render(markdown).Html, ResourceId = draft.ResourceId, Via = via, CreatedAt = now,
        };
        db.Add(answer);
        ask.Status = AskStatus.Answered;
        ask.AnsweredAt = now;
        ask.NudgedAt = null;
        var listeners = await db.Set<AskSupporter>().Where(s => s.AskId == askId && s.Following).Select(s => s.PersonId).ToListAsync(cancellationToken);
        listeners.Add(ask.AuthorId);
        await notifier.NotifyAsync(listeners.Where(l => l != championPersonId).Distinct().ToList(),
            new NotificationEvent(Asking.AnsweredKind, $"ask:{askId}", ask.Title, $"/asks/{askId}", champion), cancellationToken);
        await learning.AddAsync(db, new LearningAct(new LearningActor(championPersonId, champion), LearningVerbs.Answered, Asking.Activity(askId, ask.Title))
        {
            At = now, Language = LibrarySearchService.CurrentLanguage(),
        }, cancellationToken);
        // Unconfirmed answers are nudged once, later closed (AskNudgeJob checks the answer is still the latest).
        jobs.Enqueue(AskNudgeJob.JobKind, new AskNudgeJob.Payload(askId, now), runAfter: now + options.Value.NudgeAfter, maxAttempts: 5);
        await db.SaveChangesAsync(cancellationToken);
        await onboarding.RecordAsync(championPersonId, OnboardingStep.AnswerFirstQuestion, cancellationToken);
        return await asking.GetAsync(askId, cancellationToken);
    }

    /// <summary>
    /// A champion records an answer with the library's recorder. The recording is a draft resource that is processed and
    /// then published by its author, so the ask remembers it, and <see cref="AskRecordingOnPublish"/> posts it as the
    /// champion's answer when it is published. Refused unless the caller may answer the ask and authors the resource.
    /// </summary>
    public async Task<Result<bool>> AnswerWithRecordingAsync(Guid askId, Guid resourceId, CancellationToken cancellationToken)
    {
        var standing = await Asking.StandingAsync(db, askId, me.IdOrNull, cancellationToken);
        if (standing is null || !await me.CanAsync(standing, AskOperations.View))
        {
            return Result<bool>.NotFound();
        }
        if (!await me.CanAsync(standing, AskOperations.Answer))
        {
            return Result<bool>.Forbidden(text["NotYoursToAnswer"]);
        }
        var caller = me.Id;
        var authored = await db.Set<Resource>().AnyAsync(r => r.Id == resourceId && r.Status != ResourceStatus.Archived
            && db.Set<ResourceAuthor>().Any(a => a.ResourceId == r.Id && a.PersonId == caller), cancellationToken);
        if (!authored)
        {
            return Result<bool>.Invalid("resourceId", text["ResourceUnknown"]);
        }
        if (!await db.Set<AskRecording>().AnyAsync(r => r.ResourceId == resourceId, cancellationToken))
        {
            db.Add(new AskRecording { ResourceId = resourceId, AskId = askId, ChampionId = caller, CreatedAt = clock.GetUtcNow() });
            await db.SaveChangesAsync(cancellationToken);
        }
        return Result<bool>.Ok(true);
    }

    /// <summary>The recordings the caller is making for an ask and has not published yet (shown on the ask to their maker).</summary>
    public async Task<IReadOnlyList<(Guid ResourceId, string Title)>> RecordingsInTheMakingAsync(Guid askId, CancellationToken cancellationToken)
    {
        if (me.IdOrNull is not { } caller)
        {
            return [];
        }
        var rows = await (from r in db.Set<AskRecording>().AsNoTracking()
                          join resource in db.Set<Resource>() on r.ResourceId equals resource.Id
                          where r.AskId == askId && r.ChampionId == caller
                          orderby r.CreatedAt
                          select new { r.ResourceId, resource.Title }).ToListAsync(cancellationToken);
        return rows.Select(r => (r.ResourceId, r.Title)).ToList();
    }

    /// <summary>
    /// "Turn this answer into a library resource": a draft article by the champion, on the ask's component (else one they
    /// champion), whose text is the answer and ends with a link back to the ask. The answer remembers the draft.
    /// </summary>
    public async Task<Result<Guid>> ToResourceAsync(Guid askId, Guid answerId, CancellationToken cancellationToken)
    {
        var row = await (from an in db.Set<AskAnswer>()
                         join a in db.Set<Ask>() on an.AskId equals a.Id
                         where an.Id == answerId && an.AskId == askId
                         select new { Answer = an, a.Title, a.ComponentId }).FirstOrDefaultAsync(cancellationToken);
        if (row is null || row.Answer.ChampionId != me.IdOrNull)
        {
            return Result<Guid>.NotFound();
        }
        if (row.Answer.LibraryResourceId is { } made)
        {
            return Result<Guid>.Ok(made);
        }
        var component = row.ComponentId
            ?? await db.Set<ComponentChampion>().Where(c => c.PersonId == me.Id && c.EndedAt == null).Select(c => (Guid?)c.ComponentId).FirstOrDefaultAsync(cancellationToken);
        if (component is null)
        {
            return Result<Guid>.Conflict(text["NoComponentForResource"]);
        }
        var markdown = (row.Answer.Markdown.Length > 0 ? row.Answer.Markdown : row.Title) + "\n\n" + text["FromAsk", $"/asks/{askId}"];
        var title = row.Title.Length > 200 ? row.Title[..200] : row.Title;
        var created = await library.CreateAsync(new ResourceRequest(ResourceKind.Article, title, title, LibrarySearchService.CurrentLanguage(), [component.Value],
            Markdown: markdown), cancellationToken);
        if (!created.IsOk)
        {
            return created.Status switch
            {
                ResultStatus.Forbidden => Result<Guid>.Forbidden(created.Message),
                ResultStatus.Invalid => Result<Guid>.Invalid(created.Errors),
                _ => Result<Guid>.Conflict(created.Message ?? text["NoComponentForResource"]),
            };
        }
        row.Answer.LibraryResourceId = created.Value!.Id;
        await db.SaveChangesAsync(cancellationToken);
        return Result<Guid>.Ok(created.Value.Id);
    }
}

/// <summary>
/// A recording made to answer an ask was published: it becomes its maker's answer, through <see cref="AskAnswers.PostAsync"/>
/// like every other answer (so an ask that was solved, closed or claimed by someone else meanwhile refuses it, and the
/// resource simply stays in the library). Runs in the publication's unit of work.
/// </summary>
internal sealed class AskRecordingOnPublish(GuildDb db, IServiceProvider services, ILogger<AskRecordingOnPublish> logger) : IResourcePublishedListener
{
    public async Task PublishedAsync(ResourcePublished published, CancellationToken cancellationToken)
    {
        var recordings = await db.Set<AskRecording>().Where(r => r.ResourceId == published.ResourceId).ToListAsync(cancellationToken);
        if (recordings.Count == 0)
        {
            return;
        }
        db.RemoveRange(recordings);
        // The answer's check reads the resource's status from the database: the publication must be there first.
        await db.SaveChangesAsync(cancellationToken);
        // Asked for here, not injected: answering uses the library, which calls this listener.
        var answers = services.GetRequiredService<AskAnswers>();
        foreach (var recording in recordings)
        {
            var posted = await answers.PostAsync(recording.AskId, recording.ChampionId, new AnswerDraft(null, published.ResourceId), AnswerChannel.Library, cancellationToken);
            if (!posted.IsOk)
            {
                logger.LogInformation("The recording {Resource} was published but no longer answers ask {Ask}: {Status} {Message}",
                    published.ResourceId, recording.AskId, posted.Status, posted.Message);
            }
        }
    }
}
