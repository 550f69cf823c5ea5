using Guild.Web.Features.Library.Resources;
using Guild.Web.Features.Lrs;
using Guild.Web.Features.People;
using Guild.Web.Platform;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.LearningRecords;
using Guild.Web.Platform.Notifications;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Guild.Web.Features.Library.Feedback;

/// <summary>
/// Readers' feedback on resources: "did this help you do your job?" (one answer per person and resource, a later one
/// replaces it), flags ("outdated", "I have a question") that notify every author and wait for one of them to mark them
/// handled, and shares (copied links). Each records a learning act in the same unit of work as its row. Who may is
/// <see cref="FeedbackRule"/>; a resource the caller may not see is not found. Commands use the request's
/// <see cref="GuildDb"/>; reads take a pooled context, as pages render them.
/// </summary>
public sealed partial class ResourceFeedback(
    GuildDb db, IDbContextFactory<GuildDb> contexts, CurrentPerson me, TimeProvider clock, Notifier notifier, LearningRecorder learning,
    IStringLocalizer<FeedbackText> text, Platform.Organisation.OrganisationProfile organisation)
{
    /// <summary>Notification to every author: "{0} says {1} is outdated".</summary>
    public const string OutdatedKind = "library.flagged-outdated";

    /// <summary>Notification to every author: "{0} has a question about {1}".</summary>
    public const string QuestionKind = "library.question";

    /// <summary>"Did this help you do your job?": yes or no, with an optional "what for". A later answer replaces the earlier one.</summary>
    public async Task<Result<HelpfulnessSummary>> AnswerAsync(Guid resourceId, HelpfulAnswer answer, CancellationToken cancellationToken)
    {
        var (resource, refusal) = await AllowedAsync<HelpfulnessSummary>(resourceId, FeedbackOperations.Respond, cancellationToken);
        if (resource is null)
        {
            return refusal!;
        }
        if (answer.Helpful is not { } helpful)
        {
            return Result<HelpfulnessSummary>.Invalid("helpful", text["HelpfulRequired"]);
        }
        var whatFor = Clean(answer.WhatFor);
        if (whatFor?.Length > ResourceHelpfulness.WhatForMax)
        {
            return Result<HelpfulnessSummary>.Invalid("whatFor", text["WhatForTooLong", ResourceHelpfulness.WhatForMax]);
        }
        var now = clock.GetUtcNow();
        var myId = me.Id;
        var row = await db.Set<ResourceHelpfulness>().FirstOrDefaultAsync(h => h.ResourceId == resourceId && h.PersonId == myId, cancellationToken);
        if (row is null)
        {
            row = new ResourceHelpfulness { ResourceId = resourceId, PersonId = myId };
            db.Add(row);
        }
        row.Helpful = helpful;
        row.WhatFor = whatFor;
        row.At = now;
        // The organisation's day, like views': the reach chart buckets both by it.
        row.Day = DateOnly.FromDateTime((await organisation.GetAsync(cancellationToken)).ToLocal(now).DateTime);
        await learning.AddAsync(db, new LearningAct(Actor(), LearningVerbs.Rated, LearningActivity.Resource(resourceId, resource.Title))
        {
            At = now,
            Result = new LearningResult { ScaledScore = helpful ? 1 : 0, Success = helpful, Response = whatFor },
        }, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return Result<HelpfulnessSummary>.Ok(await SummaryAsync(resourceId, cancellationToken));
    }

    /// <summary>
    /// Flags a resource as outdated (a note optional) or asks its authors a question (the question required). Every author
    /// is notified; the learning act is <see cref="LearningVerbs.Commented"/> with the flag's words as its response.
    /// </summary>
    public async Task<Result<FlagView>> FlagAsync(Guid resourceId, FlagRequest request, CancellationToken cancellationToken)
    {
        var (resource, refusal) = await AllowedAsync<FlagView>(resourceId, FeedbackOperations.Respond, cancellationToken);
        if (resource is null)
        {
            return refusal!;
        }
        if (request.Kind is not { } kind || !Enum.IsDefined(kind))
        {
            return Result<FlagView>.Invalid("kind", text["FlagKindRequired"]);
        }
        var flagText = Clean(request.Text);
        if (kind == FlagKind.Question && flagText is null)
        {
            return Result<FlagView>.Invalid("text", text["QuestionRequired"]);
        }
        if (flagText?.Length > ResourceFlag.TextMax)
        {
            return Result<FlagView>.Invalid("text", text["FlagTextTooLong", ResourceFlag.TextMax]);
        }
        var now = clock.GetUtcNow();
        var flag = new ResourceFlag { Id = Guid.CreateVersion7(), ResourceId = resourceId, PersonId = me.Id, Kind = kind, Text = flagText, At = now };
        db.Add(flag);
        var authors = await db.Set<ResourceAuthor>().Where(a => a.ResourceId == resourceId).Select(a => a.PersonId).ToListAsync(cancellationToken);
        await notifier.NotifyAsync(authors, new NotificationEvent(kind == FlagKind.Outdated ? OutdatedKind : QuestionKind, $"resource:{resourceId}",
            resource.Title, "/library/mine/reach#flags", me.DisplayName), cancellationToken);
        await learning.AddAsync(db, new LearningAct(Actor(), LearningVerbs.Commented, LearningActivity.Resource(resourceId, resource.Title))
        {
            At = now,
            // The flag's kind leads, so a report can tell "outdated" from questions without Guild's tables.
            Result = new LearningResult { Response = flagText is null ? FlagCode(kind) : $"{FlagCode(kind)}: {flagText}" },
        }, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return Result<FlagView>.Ok(new FlagView(flag.Id, resourceId, resource.Title, kind, flagText, me.DisplayName, now, null));
    }

    /// <summary>An author (or an L&amp;D admin) marks a flag handled; handling it again changes nothing.</summary>
    public async Task<Result<FlagView>> HandleFlagAsync(Guid flagId, CancellationToken cancellationToken)
    {
        var flag = await db.Set<ResourceFlag>().FirstOrDefaultAsync(f => f.Id == flagId, cancellationToken);
        if (flag is null)
        {
            return Result<FlagView>.NotFound();
        }
        var (resource, refusal) = await AllowedAsync<FlagView>(flag.ResourceId, FeedbackOperations.Follow, cancellationToken);
        if (resource is null)
        {
            // Someone who does not follow the resource cannot tell its flags from missing ones.
            return refusal!.Status == ResultStatus.Forbidden ? Result<FlagView>.NotFound() : refusal;
        }
        if (flag.HandledAt is null)
        {
            flag.HandledAt = clock.GetUtcNow();
            flag.HandledById = me.Id;
            await db.SaveChangesAsync(cancellationToken);
        }
        var by = await db.Set<Person>().Where(p => p.Id == flag.PersonId).Select(p => p.GivenName + " " + p.FamilyName).FirstAsync(cancellationToken);
        return Result<FlagView>.Ok(new FlagView(flag.Id, flag.ResourceId, resource.Title, flag.Kind, flag.Text, by, flag.At, flag.HandledAt));
    }

    /// <summary>Someone copied the resource's link to share it: the learning record of sharing (nothing else is stored).</summary>
    public async Task<Result<bool>> ShareAsync(Guid resourceId, CancellationToken cancellationToken)
    {
        var (resource, refusal) = await AllowedAsync<bool>(resourceId, FeedbackOperations.Respond, cancellationToken);
        if (resource is null)
        {
            return refusal!;
        }
        await learning.AddAsync(db, new LearningAct(Actor(), LearningVerbs.Shared, LearningActivity.Resource(resourceId, resource.Title))
        {
            At = clock.GetUtcNow(),
        }, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return Result<bool>.Ok(true);
    }

    /// <summary>The resource's answers so far (yes, no) and the caller's own, in one query.</summary>
    public async Task<HelpfulnessSummary> SummaryAsync(Guid resourceId, CancellationToken cancellationToken)
    {
        var myId = me.IdOrNull ?? Guid.Empty;
        await using var read = await contexts.CreateDbContextAsync(cancellationToken);
        // Grouped by answer and "is it mine": the caller's own group has one row, whose text is theirs.
        var groups = await read.Set<ResourceHelpfulness>().AsNoTracking().Where(h => h.ResourceId == resourceId)
            .GroupBy(h => new { h.Helpful, Mine = h.PersonId == myId })
            .Select(g => new { g.Key.Helpful, g.Key.Mine, Count = g.Count(), WhatFor = g.Max(h => h.WhatFor) })
            .ToListAsync(cancellationToken);
        var mine = groups.FirstOrDefault(g => g.Mine);
        return new HelpfulnessSummary(groups.Where(g => g.Helpful).Sum(g => g.Count), groups.Where(g => !g.Helpful).Sum(g => g.Count),
            mine?.Helpful, mine?.WhatFor);
    }

    /// <summary>Flags on the caller's own resources that wait to be handled, oldest first.</summary>
    public async Task<IReadOnlyList<FlagView>> OpenFlagsAsync(CancellationToken cancellationToken)
    {
        if (me.IdOrNull is not { } myId || !me.IsInRole(Roles.Employee))
        {
            return [];
        }
        await using var read = await contexts.CreateDbContextAsync(cancellationToken);
        return await (from f in read.Set<ResourceFlag>().AsNoTracking()
                      join r in read.Set<Resource>() on f.ResourceId equals r.Id
                      join p in read.Set<Person>() on f.PersonId equals p.Id
                      where f.HandledAt == null && read.Set<ResourceAuthor>().Any(a => a.ResourceId == f.ResourceId && a.PersonId == myId)
                      orderby f.At, f.Id
                      select new FlagView(f.Id, f.ResourceId, r.Title, f.Kind, f.Text, p.GivenName + " " + p.FamilyName, f.At, f.HandledAt))
            .Take(200).ToListAsync(cancellationToken);
    }

    /// <summary>Whether the caller may embed this resource they can see (it must be published).</summary>
    public Task<bool> MayEmbedAsync(ResourceDetails resource) =>
        me.CanAsync(new ResourceStanding(resource.Id, resource.Status, resource.Authors.Select(a => a.PersonId).ToList(), resource.ReviewerId, false),
            FeedbackOperations.Embed);

    /// <summary>Whether the caller may answer, flag and share this resource they can see (published, and not theirs).</summary>
    public Task<bool> MayRespondAsync(ResourceDetails resource) =>
        me.CanAsync(new ResourceStanding(resource.Id, resource.Status, resource.Authors.Select(a => a.PersonId).ToList(), resource.ReviewerId, false),
            FeedbackOperations.Respond);

    /// <summary>Whether the caller follows this resource's feedback (an author or an L&amp;D admin).</summary>
    public Task<bool> MayFollowAsync(ResourceDetails resource) =>
        me.CanAsync(new ResourceStanding(resource.Id, resource.Status, resource.Authors.Select(a => a.PersonId).ToList(), resource.ReviewerId, false),
            FeedbackOperations.Follow);

    /// <summary>Champions who could be co-authors: active Knowledge Champions of the organisation other than the caller, by name.</summary>
    public async Task<IReadOnlyList<ReviewerChoice>> CoAuthorChoicesAsync(CancellationToken cancellationToken)
    {
        var myId = me.IdOrNull ?? Guid.Empty;
        await using var read = await contexts.CreateDbContextAsync(cancellationToken);
        var champions = ResourceLibrary.ActiveChampions(read);
        return await read.Set<Person>().AsNoTracking()
            .Where(p => p.Id != myId && p.PartnerOrganisation == null && champions.Any(c => c.PersonId == p.Id))
            .OrderBy(p => p.SortKey).Select(p => new ReviewerChoice(p.Id, p.GivenName + " " + p.FamilyName)).Take(500).ToListAsync(cancellationToken);
    }

    private LearningActor Actor() => new(me.Id, me.DisplayName);

    private static string FlagCode(FlagKind kind) => kind == FlagKind.Outdated ? "outdated" : "question";

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>
    /// The resource (its title) when the caller may do the operation; else 404 when they may not even see it, 409 when it
    /// is not published (a draft its author sees), or 403 with the reason (an author answering their own).
    /// </summary>
    private async Task<(ResourceTitle? Resource, Result<T>? Refusal)> AllowedAsync<T>(Guid resourceId, OperationAuthorizationRequirement operation,
        CancellationToken cancellationToken)
    {
        if (!me.IsSignedIn)
        {
            return (null, Result<T>.NotFound());
        }
        var row = await db.Set<Resource>().AsNoTracking().Where(r => r.Id == resourceId)
            .Select(r => new { r.Title, r.Status, r.ReviewerId, Authors = db.Set<ResourceAuthor>().Where(a => a.ResourceId == r.Id).Select(a => a.PersonId).ToList() })
            .FirstOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            return (null, Result<T>.NotFound());
        }
        var standing = new ResourceStanding(resourceId, row.Status, row.Authors, row.ReviewerId, false);
        if (!await me.CanAsync(standing, ResourceOperations.View))
        {
            return (null, Result<T>.NotFound());
        }
        if (!await me.CanAsync(standing, operation))
        {
            if (operation == FeedbackOperations.Respond && row.Status != ResourceStatus.Published)
            {
                return (null, Result<T>.Conflict(text["OnlyPublished"]));
            }
            return (null, Result<T>.Forbidden(text[operation == FeedbackOperations.Respond ? "NotYourOwn" : "OnlyAuthorsFollow"]));
        }
        return (new ResourceTitle(row.Title, row.Authors), null);
    }

    private sealed record ResourceTitle(string Title, IReadOnlyList<Guid> Authors);
}

/// <summary>An answer to "did this help you do your job?" (body of <c>PUT /api/v1/resources/{id}/helpfulness</c>).</summary>
/// <param name="Helpful">Yes (true) or no (false).</param>
/// <param name="WhatFor">Optional: what it helped with, or what was missing (up to 500 characters).</param>
public sealed record HelpfulAnswer(bool? Helpful, string? WhatFor);

/// <summary>How colleagues answered "did this help you do your job?".</summary>
/// <param name="Yes">How many said it helped.</param>
/// <param name="No">How many said it did not.</param>
/// <param name="MyAnswer">The caller's own answer, if they gave one.</param>
/// <param name="MyWhatFor">What the caller wrote with it.</param>
public sealed record HelpfulnessSummary(int Yes, int No, bool? MyAnswer, string? MyWhatFor);

/// <summary>A flag (body of <c>POST /api/v1/resources/{id}/flags</c>).</summary>
/// <param name="Kind">Outdated or Question.</param>
/// <param name="Text">For a question, the question (required); for outdated, what is out of date (optional). Up to 1,000 characters.</param>
public sealed record FlagRequest(FlagKind? Kind, string? Text);

/// <summary>A flag on a resource.</summary>
/// <param name="Id">The flag's id.</param>
/// <param name="ResourceId">The resource it is about.</param>
/// <param name="ResourceTitle">Its title.</param>
/// <param name="Kind">Outdated or Question.</param>
/// <param name="Text">What the reader wrote.</param>
/// <param name="ByName">Who flagged it.</param>
/// <param name="At">When.</param>
/// <param name="HandledAt">When an author marked it handled (null while it waits).</param>
public sealed record FlagView(Guid Id, Guid ResourceId, string ResourceTitle, FlagKind Kind, string? Text, string ByName, DateTimeOffset At, DateTimeOffset? HandledAt);
