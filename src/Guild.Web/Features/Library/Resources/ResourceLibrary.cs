using Guild.Web.Features.Expertise.Calls;
using Guild.Web.Features.Expertise.Map;
using Guild.Web.Features.Library.Resources.Articles;
using Guild.Web.Features.People;
using Guild.Web.Platform;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.LearningRecords;
using Guild.Web.Platform.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Localization;

namespace Guild.Web.Features.Library.Resources;

/// <summary>
/// Resources from draft to published: create, edit (a published resource keeps each version), ask a fellow champion to
/// review, approve or ask for changes, publish directly, archive. Every check of who may do what goes through
/// <see cref="ResourceRule"/>; a resource the caller may not see is not found. Commands use the request's
/// <see cref="GuildDb"/> (notifications and learning records commit with the change); reads take a pooled context, as
/// pages render them (<c>ResourceLibraryReads.cs</c>).
/// </summary>
public sealed partial class ResourceLibrary(
    GuildDb db, IDbContextFactory<GuildDb> contexts, CurrentPerson me, TimeProvider clock, Notifier notifier, LearningRecorder learning,
    ChampionOnboarding onboarding, IMemoryCache cache, IStringLocalizer<ResourceText> text, Studio.ResourceMedia studio,
    Platform.Organisation.OrganisationProfile organisation, IEnumerable<IResourcePublishedListener> publishedListeners)
{
    public const int MaxComponents = 10;
    public const int MaxAuthors = 10;
    public const int MessageMax = 2000;

    /// <summary>Notification to the reviewer: "{0} asks you to review {1}".</summary>
    public const string ReviewRequestedKind = "library.review-requested";

    /// <summary>Notification to the authors: "{0} asks for changes to {1}".</summary>
    public const string ChangesRequestedKind = "library.changes-requested";

    /// <summary>Notification to the authors: "{0} approved {1}: it is published".</summary>
    public const string ApprovedKind = "library.approved";

    public static readonly IReadOnlyList<string> Languages = ["en", "nl"];

    public async Task<Result<ResourceDetails>> CreateAsync(ResourceRequest request, CancellationToken cancellationToken)
    {
        if (!me.IsInRole(Roles.Employee))
        {
            return Result<ResourceDetails>.Forbidden();
        }
        // Someone who champions nothing hears why before filling in anything.
        if (!me.IsLearningAdmin && !await ActiveChampions(db).AnyAsync(c => c.PersonId == me.Id, cancellationToken))
        {
            return Result<ResourceDetails>.Forbidden(text["OnlyChampionsCreate"]);
        }
        var errors = new Dictionary<string, string[]>();
        if (request.Kind is not { } kind || !Enum.IsDefined(kind))
        {
            errors["kind"] = [text["KindRequired"]];
            kind = ResourceKind.Article;
        }
        var checkedFields = await CheckAsync(request, kind, null, errors, cancellationToken);
        if (errors.Count > 0)
        {
            return Result<ResourceDetails>.Invalid(errors);
        }
        var standing = ResourceStanding.New(await ActiveChampions(db).AnyAsync(c => c.PersonId == me.Id && checkedFields.Components.Contains(c.ComponentId), cancellationToken));
        if (!await me.CanAsync(standing, ResourceOperations.Create))
        {
            return Result<ResourceDetails>.Forbidden(text["OnlyChampionsOfComponents"]);
        }
        var now = clock.GetUtcNow();
        var resource = new Resource
        {
            Id = Guid.CreateVersion7(), Kind = kind, Status = ResourceStatus.Draft, Title = "", Summary = "", Language = "en",
            CreatedById = me.Id, CreatedAt = now, UpdatedAt = now,
        };
        Apply(resource, checkedFields);
        db.Add(resource);
        db.AddRange(checkedFields.Components.Select(c => new ResourceComponent { ResourceId = resource.Id, ComponentId = c }));
        db.AddRange(checkedFields.Authors.Prepend(me.Id).Distinct().Select(a => new ResourceAuthor { ResourceId = resource.Id, PersonId = a }));
        await db.SaveChangesAsync(cancellationToken);
        return await GetAsync(resource.Id, cancellationToken);
    }

    /// <summary>An author changes it; a published resource stays published and its history gains the new version.</summary>
    public async Task<Result<ResourceDetails>> UpdateAsync(Guid id, ResourceRequest request, CancellationToken cancellationToken)
    {
        var (resource, refusal) = await AllowedAsync(id, ResourceOperations.Edit, "OnlyAuthorsEdit", cancellationToken);
        if (resource is null)
        {
            return refusal!;
        }
        if (resource.Status == ResourceStatus.Archived)
        {
            return Result<ResourceDetails>.Conflict(text["IsArchived"]);
        }
        var errors = new Dictionary<string, string[]>();
        if (request.Kind is { } kind && kind != resource.Kind)
        {
            errors["kind"] = [text["KindFixed"]];
        }
        var checkedFields = await CheckAsync(request, resource.Kind, resource.MediaAssetId, errors, cancellationToken);
        if (errors.Count > 0)
        {
            return Result<ResourceDetails>.Invalid(errors);
        }
        Apply(resource, checkedFields);
        resource.UpdatedAt = clock.GetUtcNow();
        var components = await db.Set<ResourceComponent>().Where(c => c.ResourceId == id).ToListAsync(cancellationToken);
        db.RemoveRange(components.Where(c => !checkedFields.Components.Contains(c.ComponentId)));
        db.AddRange(checkedFields.Components.Where(c => components.All(k => k.ComponentId != c)).Select(c => new ResourceComponent { ResourceId = id, ComponentId = c }));
        if (request.Authors is not null)
        {
            var authors = await db.Set<ResourceAuthor>().Where(a => a.ResourceId == id).ToListAsync(cancellationToken);
            // The editor stays an author: nobody edits themselves out of their own resource by accident.
            var wanted = checkedFields.Authors.Append(me.Id).ToHashSet();
            db.RemoveRange(authors.Where(a => !wanted.Contains(a.PersonId)));
            db.AddRange(wanted.Where(p => authors.All(a => a.PersonId != p)).Select(p => new ResourceAuthor { ResourceId = id, PersonId = p }));
        }
        if (resource.Status == ResourceStatus.Published)
        {
            await AddRevisionAsync(resource, cancellationToken);
        }
        await db.SaveChangesAsync(cancellationToken);
        return await GetAsync(id, cancellationToken);
    }

    /// <summary>An author asks a fellow champion of one of its components to review it; the reviewer is told.</summary>
    public async Task<Result<ResourceDetails>> RequestReviewAsync(Guid id, Guid? reviewerId, CancellationToken cancellationToken)
    {
        var (resource, refusal) = await AllowedAsync(id, ResourceOperations.Edit, "OnlyAuthorsEdit", cancellationToken);
        if (resource is null)
        {
            return refusal!;
        }
        if (resource.Status != ResourceStatus.Draft)
        {
            return Result<ResourceDetails>.Conflict(text[resource.Status == ResourceStatus.InReview ? "AlreadyInReview" : "OnlyDraftsReviewed"]);
        }
        if (reviewerId is not { } reviewer || !(await ReviewerChoicesAsync(db, id, cancellationToken)).Any(c => c.PersonId == reviewer))
        {
            return Result<ResourceDetails>.Invalid("reviewerId", text["ReviewerInvalid"]);
        }
        var now = clock.GetUtcNow();
        resource.Status = ResourceStatus.InReview;
        resource.ReviewerId = reviewer;
        resource.ReviewRequestedAt = now;
        resource.ReviewMessage = null;
        resource.UpdatedAt = now;
        await notifier.NotifyAsync([reviewer], Event(ReviewRequestedKind, resource), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return await GetAsync(id, cancellationToken);
    }

    /// <summary>The reviewer approves: it is published, and the authors are told.</summary>
    public async Task<Result<ResourceDetails>> ApproveAsync(Guid id, CancellationToken cancellationToken)
    {
        var (resource, refusal) = await AllowedAsync(id, ResourceOperations.Review, "OnlyReviewer", cancellationToken);
        if (resource is null)
        {
            return refusal!;
        }
        if (resource.Status != ResourceStatus.InReview)
        {
            return Result<ResourceDetails>.Conflict(text["NotInReview"]);
        }
        if (await studio.RefusePublishingAsync(resource, cancellationToken) is { } notReady)
        {
            return Result<ResourceDetails>.Conflict(notReady);
        }
        resource.ReviewMessage = null;
        var authors = await AuthorIdsAsync(id, cancellationToken);
        await PublishAsync(resource, authors, cancellationToken);
        await notifier.NotifyAsync(authors, Event(ApprovedKind, resource), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return await GetAsync(id, cancellationToken);
    }

    /// <summary>The reviewer asks for changes: back to draft, the message kept for the authors, who are told.</summary>
    public async Task<Result<ResourceDetails>> RequestChangesAsync(Guid id, string? message, CancellationToken cancellationToken)
    {
        var (resource, refusal) = await AllowedAsync(id, ResourceOperations.Review, "OnlyReviewer", cancellationToken);
        if (resource is null)
        {
            return refusal!;
        }
        if (resource.Status != ResourceStatus.InReview)
        {
            return Result<ResourceDetails>.Conflict(text["NotInReview"]);
        }
        var trimmed = message?.Trim() ?? "";
        if (trimmed.Length == 0)
        {
            return Result<ResourceDetails>.Invalid("message", text["MessageRequired"]);
        }
        if (trimmed.Length > MessageMax)
        {
            return Result<ResourceDetails>.Invalid("message", text["MessageTooLong", MessageMax]);
        }
        resource.Status = ResourceStatus.Draft;
        resource.ReviewMessage = trimmed;
        resource.UpdatedAt = clock.GetUtcNow();
        await notifier.NotifyAsync(await AuthorIdsAsync(id, cancellationToken), Event(ChangesRequestedKind, resource), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return await GetAsync(id, cancellationToken);
    }

    /// <summary>An author publishes without a review (review is optional), from draft or while in review.</summary>
    public async Task<Result<ResourceDetails>> PublishAsync(Guid id, CancellationToken cancellationToken)
    {
        var (resource, refusal) = await AllowedAsync(id, ResourceOperations.Edit, "OnlyAuthorsEdit", cancellationToken);
        if (resource is null)
        {
            return refusal!;
        }
        if (resource.Status is ResourceStatus.Published or ResourceStatus.Archived)
        {
            return Result<ResourceDetails>.Conflict(text[resource.Status == ResourceStatus.Published ? "AlreadyPublished" : "IsArchived"]);
        }
        if (await studio.RefusePublishingAsync(resource, cancellationToken) is { } notReady)
        {
            // Nothing half-published: a video that does not play yet (or a file not uploaded) keeps the resource a draft.
            return Result<ResourceDetails>.Conflict(notReady);
        }
        await PublishAsync(resource, await AuthorIdsAsync(id, cancellationToken), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return await GetAsync(id, cancellationToken);
    }

    /// <summary>An L&amp;D admin takes it out of the library (kept with its history; its authors still see it).</summary>
    public async Task<Result<ResourceDetails>> ArchiveAsync(Guid id, CancellationToken cancellationToken)
    {
        var (resource, refusal) = await AllowedAsync(id, ResourceOperations.Archive, "OnlyAdminsArchive", cancellationToken);
        if (resource is null)
        {
            return refusal!;
        }
        if (resource.Status == ResourceStatus.Archived)
        {
            return Result<ResourceDetails>.Conflict(text["IsArchived"]);
        }
        var now = clock.GetUtcNow();
        resource.Status = ResourceStatus.Archived;
        resource.ArchivedAt = now;
        resource.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        return await GetAsync(id, cancellationToken);
    }

    /// <summary>
    /// Notes that the caller viewed a published resource: one learning record per person, resource and day (authors'
    /// own looks are not recorded). The day is the organisation's (its time zone), so that the authors' reach counts a
    /// look just after midnight on Monday in Monday's week. A node remembers what it recorded today; the table decides between nodes.
    /// </summary>
    public async Task RecordViewAsync(ResourceDetails resource, CancellationToken cancellationToken)
    {
        if (me.IdOrNull is not { } person || resource.Status != ResourceStatus.Published || resource.Authors.Any(a => a.PersonId == person))
        {
            return;
        }
        var day = DateOnly.FromDateTime((await organisation.GetAsync(cancellationToken)).ToLocal(clock.GetUtcNow()).DateTime);
        var key = $"library.viewed:{person:N}:{resource.Id:N}:{day.DayNumber}";
        if (cache.TryGetValue(key, out _))
        {
            return;
        }
        await using var write = await contexts.CreateDbContextAsync(cancellationToken);
        var inserted = await write.Database.ExecuteSqlInterpolatedAsync(
            $"INSERT INTO resource_views (resource_id, person_id, day) VALUES ({resource.Id}, {person}, {day}) ON CONFLICT DO NOTHING", cancellationToken);
        cache.Set(key, true, TimeSpan.FromDays(1));
        if (inserted > 0)
        {
            await learning.RecordAsync(new LearningAct(new LearningActor(person, me.DisplayName), LearningVerbs.Experienced,
                LearningActivity.Resource(resource.Id, resource.Title)), cancellationToken);
        }
    }

    private async Task PublishAsync(Resource resource, IReadOnlyList<Guid> authors, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        resource.Status = ResourceStatus.Published;
        resource.PublishedAt ??= now;
        resource.UpdatedAt = now;
        await AddRevisionAsync(resource, cancellationToken);
        var names = await db.Set<Person>().Where(p => authors.Contains(p.Id)).Select(p => new { p.Id, Name = p.GivenName + " " + p.FamilyName })
            .ToListAsync(cancellationToken);
        foreach (var author in names)
        {
            await learning.AddAsync(db, new LearningAct(new LearningActor(author.Id, author.Name), LearningVerbs.Published,
                LearningActivity.Resource(resource.Id, resource.Title)) { At = now }, cancellationToken);
        }
        foreach (var author in authors)
        {
            // A champion's first publication is a step of their onboarding (saves the unit of work).
            await onboarding.RecordAsync(author, OnboardingStep.PublishFirstResource, cancellationToken);
        }
        var published = new ResourcePublished(resource.Id, resource.Title, authors, now);
        foreach (var listener in publishedListeners)
        {
            await listener.PublishedAsync(published, cancellationToken);
        }
    }

    private async Task AddRevisionAsync(Resource resource, CancellationToken cancellationToken)
    {
        var last = await db.Set<ResourceRevision>().Where(r => r.ResourceId == resource.Id).MaxAsync(r => (int?)r.Number, cancellationToken) ?? 0;
        db.Add(new ResourceRevision
        {
            Id = Guid.CreateVersion7(), ResourceId = resource.Id, Number = last + 1, Title = resource.Title, Summary = resource.Summary,
            Markdown = resource.Markdown, Url = resource.Url, ById = me.Id, At = clock.GetUtcNow(),
        });
    }

    private NotificationEvent Event(string kind, Resource resource) =>
        new(kind, $"resource:{resource.Id}", resource.Title, $"/library/{resource.Id}", me.DisplayName);

    private Task<List<Guid>> AuthorIdsAsync(Guid id, CancellationToken cancellationToken) =>
        db.Set<ResourceAuthor>().Where(a => a.ResourceId == id).Select(a => a.PersonId).ToListAsync(cancellationToken);

    /// <summary>The tracked resource when the caller may do the operation; else 404 (may not even see it) or 403 with why.</summary>
    private async Task<(Resource? Resource, Result<ResourceDetails>? Refusal)> AllowedAsync(Guid id, Microsoft.AspNetCore.Authorization.Infrastructure.OperationAuthorizationRequirement operation,
        string whyNot, CancellationToken cancellationToken)
    {
        var standing = await StandingAsync(db, id, cancellationToken);
        if (standing is null || !await me.CanAsync(standing, ResourceOperations.View))
        {
            return (null, Result<ResourceDetails>.NotFound());
        }
        if (!await me.CanAsync(standing, operation))
        {
            return (null, Result<ResourceDetails>.Forbidden(text[whyNot]));
        }
        return (await db.Set<Resource>().FirstAsync(r => r.Id == id, cancellationToken), null);
    }

    /// <summary>The fields after their checks, ready to apply.</summary>
    private sealed record CheckedFields(string Title, string Summary, string Language, IReadOnlyList<Guid> Components, IReadOnlyList<Guid> Authors,
        string? Markdown, RenderedArticle? Article, string? Url, Guid? MediaAssetId, string? FileKey, string? FileName, long? FileSize);

    private async Task<CheckedFields> CheckAsync(ResourceRequest request, ResourceKind kind, Guid? currentAsset, Dictionary<string, string[]> errors,
        CancellationToken cancellationToken)
    {
        var title = request.Title?.Trim() ?? "";
        var summary = request.Summary?.Trim() ?? "";
        var language = request.Language?.Trim().ToLowerInvariant() ?? "";
        if (title.Length == 0)
        {
            errors["title"] = [text["TitleRequired"]];
        }
        else if (title.Length > Resource.TitleMax)
        {
            errors["title"] = [text["TitleTooLong", Resource.TitleMax]];
        }
        if (summary.Length == 0)
        {
            errors["summary"] = [text["SummaryRequired"]];
        }
        else if (summary.Length > Resource.SummaryMax)
        {
            errors["summary"] = [text["SummaryTooLong", Resource.SummaryMax]];
        }
        if (!Languages.Contains(language))
        {
            errors["language"] = [text["LanguageInvalid"]];
        }
        var wanted = (request.Components ?? []).Distinct().ToList();
        List<Guid> components = [];
        if (wanted.Count == 0)
        {
            errors["components"] = [text["ComponentsRequired"]];
        }
        else if (wanted.Count > MaxComponents)
        {
            errors["components"] = [text["ComponentsTooMany", MaxComponents]];
        }
        else
        {
            components = await KnowHowMap.LiveComponents(db).Where(c => wanted.Contains(c.Id)).Select(c => c.Id).ToListAsync(cancellationToken);
            if (components.Count != wanted.Count)
            {
                errors["components"] = [text["ComponentsUnknown"]];
            }
        }
        var authors = (request.Authors ?? []).Where(a => a != me.IdOrNull).Distinct().ToList();
        if (authors.Count > MaxAuthors)
        {
            errors["authors"] = [text["AuthorsTooMany", MaxAuthors]];
        }
        else if (authors.Count > 0 && components.Count > 0)
        {
            var champions = await ActiveChampions(db).Where(c => authors.Contains(c.PersonId) && components.Contains(c.ComponentId))
                .Select(c => c.PersonId).Distinct().CountAsync(cancellationToken);
            if (champions != authors.Count)
            {
                errors["authors"] = [text["AuthorsNotChampions"]];
            }
        }

        string? markdown = null, url = null, fileKey = null, fileName = null;
        RenderedArticle? article = null;
        long? fileSize = null;
        switch (kind)
        {
            case ResourceKind.Article:
                markdown = request.Markdown?.Trim() ?? "";
                if (markdown.Length == 0)
                {
                    errors["markdown"] = [text["MarkdownRequired"]];
                }
                else if (markdown.Length > Resource.MarkdownMax)
                {
                    errors["markdown"] = [text["MarkdownTooLong", Resource.MarkdownMax]];
                }
                else
                {
                    article = ArticleRenderer.Render(markdown);
                }
                break;
            case ResourceKind.Link:
                url = request.Url?.Trim() ?? "";
                if (url.Length == 0)
                {
                    errors["url"] = [text["UrlRequired"]];
                }
                else if (url.Length > Resource.UrlMax || !IsWebAddress(url))
                {
                    errors["url"] = [text["UrlInvalid"]];
                }
                break;
            case ResourceKind.Video or ResourceKind.ScreenRecording when request.MediaAssetId is { } asset && asset != currentAsset:
                // Only a video the caller made: an asset id is no way to show someone else's draft video.
                await studio.CheckOwnAssetAsync(asset, me.Id, errors, cancellationToken);
                break;
        }
        Guid? mediaAssetId = kind is ResourceKind.Video or ResourceKind.ScreenRecording ? request.MediaAssetId : null;
        if (request.UploadId is { } uploadId && errors.Count == 0)
        {
            // Last, once everything else is right: a claim is for good once saved, so nothing is claimed for a refused save.
            if (await studio.ClaimAsync(kind, uploadId, request.TrimStartSeconds, request.TrimEndSeconds, errors, cancellationToken) is { } claimed)
            {
                (mediaAssetId, fileKey, fileName, fileSize) = (claimed.MediaAssetId ?? mediaAssetId, claimed.FileKey, claimed.FileName, claimed.FileSize);
            }
        }
        return new CheckedFields(title, summary, language, components, authors, markdown, article, url, mediaAssetId, fileKey, fileName, fileSize);
    }

    private static void Apply(Resource resource, CheckedFields fields)
    {
        resource.Title = fields.Title;
        resource.Summary = fields.Summary;
        resource.Language = fields.Language;
        resource.Markdown = fields.Markdown;
        resource.Html = fields.Article?.Html;
        resource.ReadingMinutes = fields.Article?.ReadingMinutes;
        resource.Url = fields.Url;
        if (resource.Kind is ResourceKind.Video or ResourceKind.ScreenRecording && fields.MediaAssetId is { } asset)
        {
            resource.MediaAssetId = asset;
        }
        if (resource.Kind == ResourceKind.File && fields.FileKey is not null)
        {
            resource.FileKey = fields.FileKey;
            resource.FileName = fields.FileName;
            resource.FileSize = fields.FileSize;
        }
    }

    /// <summary>An absolute http or https address with a host (javascript:, data:, relative paths are refused).</summary>
    public static bool IsWebAddress(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && !string.IsNullOrEmpty(uri.Host) && !value.Any(char.IsWhiteSpace);

    /// <summary>Champions who still are: their championship has not ended and their account is active.</summary>
    internal static IQueryable<ComponentChampion> ActiveChampions(GuildDb source) =>
        source.Set<ComponentChampion>().Where(c => c.EndedAt == null && source.Users.Any(u => u.Id == c.PersonId && u.DeactivatedAt == null));

    internal static async Task<ResourceStanding?> StandingAsync(GuildDb source, Guid id, CancellationToken cancellationToken)
    {
        var row = await source.Set<Resource>().AsNoTracking().Where(r => r.Id == id)
            .Select(r => new { r.Status, r.ReviewerId, Authors = source.Set<ResourceAuthor>().Where(a => a.ResourceId == r.Id).Select(a => a.PersonId).ToList() })
            .FirstOrDefaultAsync(cancellationToken);
        return row is null ? null : new ResourceStanding(id, row.Status, row.Authors, row.ReviewerId, false);
    }
}
