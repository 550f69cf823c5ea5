using System.Linq.Expressions;
using Guild.Web.Features.Expertise.Calls;
using Guild.Web.Features.Expertise.Map;
using Guild.Web.Features.Library.Resources;
using Guild.Web.Features.Library.Resources.Articles;
using Guild.Web.Features.Library.Search;
using Guild.Web.Features.People;
using Guild.Web.Platform;
using Guild.Web.Platform.Audit;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.LearningRecords;
using Guild.Web.Platform.Notifications;
using Guild.Web.Platform.Organisation;
using Guild.Web.Platform.Storage;
using Guild.Web.Platform.Uploads;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Guild.Web.Features.Asks;

/// <summary>
/// Asking: suggestions while typing, posting (routed at once), me too and follow, "solved" or "not yet", merging and
/// revealing an anonymous author. Every check of who may do what goes through <see cref="AskRule"/>. Commands use the
/// request's <see cref="GuildDb"/> (routing, notifications, mail and learning records commit with the ask); reads take a
/// pooled context.
/// </summary>
public sealed class Asking(
    GuildDb db, IDbContextFactory<GuildDb> contexts, CurrentPerson me, TimeProvider clock, AskRouter router, Notifier notifier,
    LearningRecorder learning, SentenceEmbedder embedder, LibrarySearchService search, IFileStore files, WorkingCalendar calendar,
    AuditLog audit, IOptions<AskOptions> options, IStringLocalizer<AsksText> text, ILogger<Asking> logger)
{
    public const int TitleMax = 200;
    public const int BodyMax = 20_000;

    /// <summary>Notification to followers and the asker: "{0} answered {1}".</summary>
    public const string AnsweredKind = "asks.answered";
    /// <summary>Notification to the champion: "{0} says {1} is not solved yet".</summary>
    public const string NotYetKind = "asks.not-yet";
    /// <summary>Notification to the asker: "Did the answer to {1} solve it?"</summary>
    public const string NudgeKind = "asks.nudge";

    /// <summary>What an anonymous author is called in learning records and wherever a name is expected.</summary>
    public const string AnonymousName = "Anonymous colleague";

    /// <summary>The xAPI activity of an ask.</summary>
    public static LearningActivity Activity(Guid askId, string title) =>
        new($"asks/{askId:D}", LearningActivityTypes.Question, new LocalizedText(title, title));

    /// <summary>
    /// The actor of an act on an ask: the person, or for an anonymous ask's own acts a stand-in whose account name is the
    /// ask's id, so no reader of the LRS (Insights included) can tie the question to its author.
    /// </summary>
    public static LearningActor ActorFor(Ask ask, Guid personId, string displayName) =>
        ask.Anonymous && personId == ask.AuthorId ? new LearningActor(ask.Id, AnonymousName) : new LearningActor(personId, displayName);

    /// <summary>Live components to pick from, per capability in map order (the ask form's picker).</summary>
    public async Task<IReadOnlyList<(string Capability, Guid Id, string Name, int Depth)>> ComponentChoicesAsync(CancellationToken cancellationToken)
    {
        await using var read = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await (from c in read.Set<KnowHowComponent>().AsNoTracking()
                          join cap in read.Set<Capability>() on c.CapabilityId equals cap.Id
                          where c.ArchivedAt == null && cap.ArchivedAt == null
                          orderby cap.Position, cap.Name, c.Depth, c.Position
                          select new { Capability = cap.Name, c.Id, c.Name, c.Depth }).Take(2000).ToListAsync(cancellationToken);
        return rows.Select(r => (r.Capability, r.Id, r.Name, r.Depth)).ToList();
    }

    public async Task<Result<AskSuggestions>> SuggestAsync(string? question, CancellationToken cancellationToken)
    {
        var q = question?.Trim() ?? "";
        if (q.Length == 0)
        {
            return Result<AskSuggestions>.Invalid("q", text["QuestionRequired"]);
        }
        if (q.Length > TitleMax)
        {
            return Result<AskSuggestions>.Invalid("q", text["TitleTooLong", TitleMax]);
        }
        if (!await me.CanAsync(AskStanding.New, AskOperations.Ask))
        {
            return Result<AskSuggestions>.Forbidden();
        }
        // The library's own search (words and meaning, what the caller may see), without recording a search per keystroke.
        var found = await search.FindAsync(q, cancellationToken);
        var resources = found.Hits.Take(5).Select(h => new SuggestedResource(h.Hit.Id, h.Hit.Title, $"/library/{h.Hit.Id}")).ToList();
        var terms = SearchTerms.Of(q).Where(t => t.Length >= 3).Take(6).ToList();
        IReadOnlyList<SuggestedAsk> asks = [];
        if (terms.Count > 0)
        {
            await using var read = await contexts.CreateDbContextAsync(cancellationToken);
            var candidates = await read.Set<Ask>().AsNoTracking()
                .Where(a => a.Status == AskStatus.Answered || a.Status == AskStatus.Solved)
                .Where(AnyTermInTitle(terms))
                .OrderByDescending(a => a.CreatedAt).Take(50)
                .Select(a => new { a.Id, a.Title }).ToListAsync(cancellationToken);
            // Most shared words first: a lower(title) LIKE per term finds them, the count ranks them.
            asks = candidates
                .Select(a => (a, Score: terms.Count(t => SearchTerms.Fold(a.Title).Contains(t, StringComparison.Ordinal))))
                .OrderByDescending(x => x.Score).Take(5)
                .Select(x => new SuggestedAsk(x.a.Id, x.a.Title, $"/asks/{x.a.Id}")).ToList();
        }
        return Result<AskSuggestions>.Ok(new AskSuggestions(resources, asks));
    }

    private static Expression<Func<Ask, bool>> AnyTermInTitle(IReadOnlyList<string> terms)
    {
        var ask = Expression.Parameter(typeof(Ask), "a");
        var lower = Expression.Call(Expression.Property(ask, nameof(Ask.Title)), typeof(string).GetMethod(nameof(string.ToLower), Type.EmptyTypes)!);
        var contains = typeof(string).GetMethod(nameof(string.Contains), [typeof(string)])!;
        Expression? body = null;
        foreach (var term in terms)
        {
            Expression one = Expression.Call(lower, contains, Expression.Constant(term));
            body = body is null ? one : Expression.OrElse(body, one);
        }
        return Expression.Lambda<Func<Ask, bool>>(body!, ask);
    }

    /// <summary>A suggestion solved it: the question is never posted, and the figures count it as solved by the library.</summary>
    public async Task<Result<bool>> SolvedByLibraryAsync(SolvedByLibraryRequest request, CancellationToken cancellationToken)
    {
        if (!await me.CanAsync(AskStanding.New, AskOperations.Ask))
        {
            return Result<bool>.Forbidden();
        }
        var question = request.Question?.Trim() ?? "";
        var errors = new Dictionary<string, string[]>();
        if (question.Length == 0)
        {
            errors["question"] = [text["QuestionRequired"]];
        }
        else if (question.Length > TitleMax)
        {
            errors["question"] = [text["TitleTooLong", TitleMax]];
        }
        if (request.ResourceId is not { } resourceId
            || !await db.Set<Resource>().AnyAsync(r => r.Id == resourceId && r.Status == ResourceStatus.Published, cancellationToken))
        {
            errors["resourceId"] = [text["ResourceUnknown"]];
        }
        if (errors.Count > 0)
        {
            return Result<bool>.Invalid(errors);
        }
        var department = await db.Set<Person>().Where(p => p.Id == me.Id).Select(p => p.DepartmentId).FirstOrDefaultAsync(cancellationToken);
        db.Add(new AskSolvedByLibrary
        {
            Id = Guid.CreateVersion7(), PersonId = me.Id, ResourceId = request.ResourceId!.Value, Question = question, ComponentId = request.ComponentId,
            DepartmentId = department, At = clock.GetUtcNow(),
        });
        await db.SaveChangesAsync(cancellationToken);
        return Result<bool>.Ok(true);
    }

    public async Task<Result<AskView>> PostAsync(AskRequest request, AskAttachmentUpload? attachment, CancellationToken cancellationToken)
    {
        if (!await me.CanAsync(AskStanding.New, AskOperations.Ask))
        {
            return Result<AskView>.Forbidden();
        }
        var settings = options.Value;
        var now = clock.GetUtcNow();
        var recent = await db.Set<Ask>().CountAsync(a => a.AuthorId == me.Id && a.CreatedAt > now.AddHours(-1), cancellationToken);
        if (recent >= settings.MaxPerHour)
        {
            return Result<AskView>.Conflict(text["TooManyAsks", settings.MaxPerHour]);
        }
        var errors = new Dictionary<string, string[]>();
        var title = request.Title?.Trim() ?? "";
        var body = request.Body?.Trim() ?? "";
        if (title.Length == 0)
        {
            errors["title"] = [text["QuestionRequired"]];
        }
        else if (title.Length > TitleMax)
        {
            errors["title"] = [text["TitleTooLong", TitleMax]];
        }
        if (body.Length > BodyMax)
        {
            errors["body"] = [text["BodyTooLong", BodyMax]];
        }
        if (request.ComponentId is { } componentId)
        {
            var component = await db.Set<KnowHowComponent>().AsNoTracking().Where(c => c.Id == componentId)
                .Select(c => new { c.ArchivedAt }).FirstOrDefaultAsync(cancellationToken);
            if (component is null)
            {
                errors["componentId"] = [text["ComponentUnknown"]];
            }
            else if (component.ArchivedAt is not null)
            {
                errors["componentId"] = [text["ComponentArchived"]];
            }
        }
        var sniffed = attachment is null ? null : await SniffAttachmentAsync(attachment, errors, cancellationToken);
        if (errors.Count > 0)
        {
            return Result<AskView>.Invalid(errors);
        }

        var author = await db.Set<Person>().AsNoTracking().Where(p => p.Id == me.Id)
            .Select(p => new { p.DepartmentId, Name = p.GivenName + " " + p.FamilyName }).FirstAsync(cancellationToken);
        var ask = new Ask
        {
            Id = Guid.CreateVersion7(), Title = title, Body = body, BodyHtml = body.Length == 0 ? "" : ArticleRenderer.Render(body).Html,
            AuthorId = me.Id, Anonymous = request.Anonymous, Blocking = request.Blocking, ComponentId = request.ComponentId,
            DepartmentId = author.DepartmentId, Status = AskStatus.Open, CreatedAt = now,
        };
        try
        {
            ask.Embedding = SentenceEmbedder.ToBytes(await embedder.EmbedQuestionAsync($"{title}\n{body}", cancellationToken));
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Without the model an ask still goes out: routing then needs its component, else the L&D admins answer.
            logger.LogError(exception, "Embedding ask {AskId} failed; routing without its meaning.", ask.Id);
        }
        if (attachment is not null && sniffed is { } file && !await SaveAttachmentAsync(ask, attachment, file, cancellationToken))
        {
            return Result<AskView>.Invalid("attachment", text["AttachmentTooLarge", settings.AttachmentMaxBytes / 1024 / 1024]);
        }
        db.Add(ask);
        await router.RouteAsync(ask, request.Anonymous ? null : author.Name, cancellationToken);
        await learning.AddAsync(db, new LearningAct(ActorFor(ask, me.Id, author.Name), LearningVerbs.Asked, Activity(ask.Id, ask.Title))
        {
            At = now, Language = LibrarySearchService.CurrentLanguage(),
        }, cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch
        {
            if (ask.AttachmentKey is { } key)
            {
                await files.DeleteAsync(key, CancellationToken.None);
            }
            throw;
        }
        return await GetAsync(ask.Id, cancellationToken);
    }

    /// <summary>
    /// Adds or replaces the screenshot or file of an ask (its asker, while it waits for an answer or a confirmation): the
    /// API's way to attach what the page's form sends with the question. The replaced file is removed once the new one is saved.
    /// </summary>
    public async Task<Result<AskView>> AttachAsync(Guid id, AskAttachmentUpload attachment, CancellationToken cancellationToken)
    {
        var standing = await StandingAsync(db, id, me.IdOrNull, cancellationToken);
        if (standing is null || !await me.CanAsync(standing, AskOperations.View))
        {
            return Result<AskView>.NotFound();
        }
        if (!await me.CanAsync(standing, AskOperations.Attach))
        {
            return Result<AskView>.Forbidden(text["OnlyAskerAttaches"]);
        }
        var errors = new Dictionary<string, string[]>();
        if (await SniffAttachmentAsync(attachment, errors, cancellationToken) is not { } file)
        {
            return Result<AskView>.Invalid(errors);
        }
        var ask = await db.Set<Ask>().FirstAsync(a => a.Id == id, cancellationToken);
        var replaced = ask.AttachmentKey;
        if (!await SaveAttachmentAsync(ask, attachment, file, cancellationToken))
        {
            return Result<AskView>.Invalid("attachment", text["AttachmentTooLarge", options.Value.AttachmentMaxBytes / 1024 / 1024]);
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch
        {
            await files.DeleteAsync(ask.AttachmentKey!, CancellationToken.None);
            throw;
        }
        if (replaced is not null)
        {
            await files.DeleteAsync(replaced, CancellationToken.None);
        }
        return await GetAsync(id, cancellationToken);
    }

    /// <summary>Checks an attachment's length and reads its first bytes to tell what it is (an image or a PDF; a name proves nothing).</summary>
    private async Task<(byte[] Head, string ContentType)?> SniffAttachmentAsync(AskAttachmentUpload attachment, Dictionary<string, string[]> errors,
        CancellationToken cancellationToken)
    {
        var maxBytes = options.Value.AttachmentMaxBytes;
        if (attachment.Length <= 0)
        {
            errors["attachment"] = [text["AttachmentEmpty"]];
            return null;
        }
        if (attachment.Length > maxBytes)
        {
            errors["attachment"] = [text["AttachmentTooLarge", maxBytes / 1024 / 1024]];
            return null;
        }
        var head = new byte[ContentSniffer.HeadLength];
        var read = await attachment.Content.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken);
        head = head[..read];
        var contentType = ContentSniffer.Sniff(UploadPurposes.Image, head, attachment.FileName) ?? ContentSniffer.Sniff(UploadPurposes.File, head, attachment.FileName);
        if (contentType is null)
        {
            errors["attachment"] = [text["AttachmentKind"]];
            return null;
        }
        return (head, contentType);
    }

    /// <summary>Streams the attachment to the file store (never whole into memory); false when it turns out longer than allowed.</summary>
    private async Task<bool> SaveAttachmentAsync(Ask ask, AskAttachmentUpload attachment, (byte[] Head, string ContentType) file, CancellationToken cancellationToken)
    {
        await using var whole = new LimitedStream(new PrefixedStream(file.Head, attachment.Content), options.Value.AttachmentMaxBytes);
        try
        {
            ask.AttachmentKey = await files.SaveAsync(whole, "asks", file.ContentType == "application/pdf" ? ".pdf" : Extension(file.ContentType), cancellationToken);
        }
        catch (LimitedStream.TooLongException)
        {
            return false;
        }
        ask.AttachmentName = Path.GetFileName(attachment.FileName) is { Length: > 0 and <= 200 } name ? name : "attachment";
        ask.AttachmentType = file.ContentType;
        ask.AttachmentSize = attachment.Length;
        return true;
    }

    private static string Extension(string contentType) => contentType switch
    {
        "image/png" => ".png",
        "image/jpeg" => ".jpg",
        "image/webp" => ".webp",
        _ => ".bin",
    };

    /// <summary>Where the caller stands towards an ask (null: no such ask).</summary>
    internal static async Task<AskStanding?> StandingAsync(GuildDb read, Guid askId, Guid? caller, CancellationToken cancellationToken) =>
        await read.Set<Ask>().AsNoTracking().Where(a => a.Id == askId)
            .Select(a => new AskStanding(a.Id, a.AuthorId, a.Status, a.ClaimedById,
                caller != null && read.Set<AskRouting>().Any(r => r.AskId == a.Id && r.PersonId == caller),
                caller != null && a.ComponentId != null && read.Set<ComponentChampion>().Any(c => c.ComponentId == a.ComponentId && c.PersonId == caller && c.EndedAt == null)))
            .FirstOrDefaultAsync(cancellationToken);

    public async Task<Result<AskView>> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var read = await contexts.CreateDbContextAsync(cancellationToken);
        var caller = me.IdOrNull;
        // The ask, its names and counts, and the caller's standing (what the rule decides on) in one round trip; nothing of it
        // leaves this method unless the rule lets the caller see the ask.
        var row = await (from a in read.Set<Ask>().AsNoTracking()
                         join p in read.Set<Person>() on a.AuthorId equals p.Id
                         where a.Id == id
                         select new
                         {
                             Ask = a, AuthorName = p.GivenName + " " + p.FamilyName,
                             ComponentName = read.Set<KnowHowComponent>().Where(c => c.Id == a.ComponentId).Select(c => c.Name).FirstOrDefault(),
                             ClaimedByName = read.Set<Person>().Where(c => c.Id == a.ClaimedById).Select(c => c.GivenName + " " + c.FamilyName).FirstOrDefault(),
                             MeToo = read.Set<AskSupporter>().Count(s => s.AskId == a.Id && s.MeToo),
                             Followers = read.Set<AskSupporter>().Count(s => s.AskId == a.Id && s.Following),
                             Mine = read.Set<AskSupporter>().Where(s => s.AskId == a.Id && s.PersonId == caller).Select(s => new { s.MeToo, s.Following }).FirstOrDefault(),
                             CallerRouted = caller != null && read.Set<AskRouting>().Any(r => r.AskId == a.Id && r.PersonId == caller),
                             CallerChampionsComponent = caller != null && a.ComponentId != null
                                 && read.Set<ComponentChampion>().Any(c => c.ComponentId == a.ComponentId && c.PersonId == caller && c.EndedAt == null),
                         }).FirstOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            return Result<AskView>.NotFound();
        }
        var standing = new AskStanding(row.Ask.Id, row.Ask.AuthorId, row.Ask.Status, row.Ask.ClaimedById, row.CallerRouted, row.CallerChampionsComponent);
        if (!await me.CanAsync(standing, AskOperations.View))
        {
            return Result<AskView>.NotFound();
        }
        var answers = await (from an in read.Set<AskAnswer>().AsNoTracking()
                             join p in read.Set<Person>() on an.ChampionId equals p.Id
                             where an.AskId == id
                             orderby an.CreatedAt
                             select new AnswerView(an.Id, an.ChampionId, p.GivenName + " " + p.FamilyName, an.Html, an.ResourceId,
                                 read.Set<Resource>().Where(r => r.Id == an.ResourceId).Select(r => r.Title).FirstOrDefault(), an.Via, an.CreatedAt, an.LibraryResourceId))
            .ToListAsync(cancellationToken);
        IReadOnlyList<RoutingView>? routings = null;
        if (await me.CanAsync(standing, AskOperations.SeeRouting))
        {
            var rows = await (from r in read.Set<AskRouting>().AsNoTracking()
                              join p in read.Set<Person>() on r.PersonId equals p.Id
                              where r.AskId == id
                              orderby r.Round, r.RoutedAt
                              select new
                              {
                                  Routing = r, Name = p.GivenName + " " + p.FamilyName,
                                  Component = read.Set<KnowHowComponent>().Where(c => c.Id == r.ComponentId).Select(c => c.Name).FirstOrDefault(),
                              }).ToListAsync(cancellationToken);
            routings = rows.Select(r => new RoutingView(r.Routing.PersonId, r.Name, r.Routing.Round, r.Routing.Reason, ReasonText(r.Routing, r.Component),
                r.Routing.WasAvailable, r.Routing.OpenClaims, r.Routing.RoutedAt)).ToList();
        }
        var ask = row.Ask;
        var isMine = caller == ask.AuthorId;
        var showAuthor = !ask.Anonymous || isMine;
        var view = new AskView(ask.Id, ask.Title, ask.BodyHtml, ask.Body, showAuthor ? ask.AuthorId : null, showAuthor ? row.AuthorName : null, ask.Anonymous,
            isMine, ask.Blocking, ask.ComponentId, row.ComponentName, ask.Status, ask.CreatedAt, row.ClaimedByName, ask.AttachmentName, row.MeToo, row.Followers,
            row.Mine?.MeToo ?? false, row.Mine?.Following ?? false,
            await me.CanAsync(standing, AskOperations.Answer) && (ask.ClaimedById is null || ask.ClaimedById == caller),
            await me.CanAsync(standing, AskOperations.Confirm) && ask.Status == AskStatus.Answered,
            await me.CanAsync(standing, AskOperations.Support),
            await me.CanAsync(standing, AskOperations.Merge) && ask.Status is AskStatus.Open or AskStatus.Claimed,
            ask.Anonymous && !isMine && options.Value.AllowRevealingAuthors && await me.CanAsync(standing, AskOperations.RevealAuthor),
            ask.MergedIntoId, ask.FirstResponseMinutes, ask.SolutionMinutes, ask.SolvedSameDay, answers, routings);
        return Result<AskView>.Ok(view);
    }

    private string ReasonText(AskRouting routing, string? component)
    {
        var why = routing.Reason switch
        {
            RoutingReason.ComponentChampion => text["Reason.ComponentChampion", component ?? ""].Value,
            RoutingReason.SimilarComponent => text["Reason.SimilarComponent", component ?? "", Percent(routing.Similarity)].Value,
            RoutingReason.PastAnswers => text["Reason.PastAnswers", Percent(routing.Similarity)].Value,
            _ => text["Reason.LearningAdmin"].Value,
        };
        var state = routing.WasAvailable ? text["Reason.Available"].Value : text["Reason.NotAvailable"].Value;
        return $"{why}; {state}; {text["Reason.OpenClaims", routing.OpenClaims]}";
    }

    private static string Percent(float? similarity) =>
        ((similarity ?? 0) * 100).ToString("0", System.Globalization.CultureInfo.CurrentCulture) + " %";

    public async Task<MyAsks> MineAsync(CancellationToken cancellationToken)
    {
        var caller = me.Id;
        await using var read = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await read.Set<Ask>().AsNoTracking()
            .Where(a => a.Status != AskStatus.Merged && (a.AuthorId == caller
                || ((a.Status == AskStatus.Open || a.Status == AskStatus.Claimed)
                    && (a.ClaimedById == caller || (a.ClaimedById == null && read.Set<AskRouting>().Any(r => r.AskId == a.Id && r.PersonId == caller))))
                || read.Set<AskSupporter>().Any(s => s.AskId == a.Id && s.PersonId == caller)))
            .OrderByDescending(a => a.Blocking).ThenByDescending(a => a.CreatedAt)
            .Take(300)
            .Select(a => new
            {
                Summary = new AskSummary(a.Id, a.Title, a.Status, a.Blocking,
                    read.Set<KnowHowComponent>().Where(c => c.Id == a.ComponentId).Select(c => c.Name).FirstOrDefault(), a.CreatedAt,
                    read.Set<AskSupporter>().Count(s => s.AskId == a.Id && s.MeToo)),
                Mine = a.AuthorId == caller,
                ForMe = a.AuthorId != caller && (a.Status == AskStatus.Open || a.Status == AskStatus.Claimed)
                        && (a.ClaimedById == caller || (a.ClaimedById == null && read.Set<AskRouting>().Any(r => r.AskId == a.Id && r.PersonId == caller))),
                Supported = read.Set<AskSupporter>().Any(s => s.AskId == a.Id && s.PersonId == caller),
            }).ToListAsync(cancellationToken);
        return new MyAsks(rows.Where(r => r.ForMe).Select(r => r.Summary).ToList(), rows.Where(r => r.Mine).Select(r => r.Summary).ToList(),
            rows.Where(r => r.Supported && !r.Mine).Select(r => r.Summary).ToList());
    }

    public async Task<Result<AskView>> SupportAsync(Guid id, SupportRequest request, CancellationToken cancellationToken)
    {
        var standing = await StandingAsync(db, id, me.IdOrNull, cancellationToken);
        if (standing is null || !await me.CanAsync(standing, AskOperations.View))
        {
            return Result<AskView>.NotFound();
        }
        if (!await me.CanAsync(standing, AskOperations.Support))
        {
            return Result<AskView>.Forbidden(text["CannotSupport"]);
        }
        var row = await db.Set<AskSupporter>().FirstOrDefaultAsync(s => s.AskId == id && s.PersonId == me.Id, cancellationToken);
        var wasMeToo = row?.MeToo ?? false;
        if (row is null)
        {
            row = new AskSupporter { AskId = id, PersonId = me.Id, CreatedAt = clock.GetUtcNow() };
            db.Add(row);
        }
        if (request.MeToo is { } meToo)
        {
            row.MeToo = meToo;
            // Having the same question means wanting its answer.
            if (meToo)
            {
                row.Following = true;
            }
        }
        if (request.Following is { } following)
        {
            row.Following = following;
        }
        if (!row.MeToo && !row.Following)
        {
            db.Remove(row);
        }
        if (row.MeToo && !wasMeToo)
        {
            var title = await db.Set<Ask>().Where(a => a.Id == id).Select(a => a.Title).FirstAsync(cancellationToken);
            await learning.AddAsync(db, new LearningAct(new LearningActor(me.Id, me.DisplayName), LearningVerbs.Liked, Activity(id, title))
            {
                At = clock.GetUtcNow(), Language = LibrarySearchService.CurrentLanguage(),
            }, cancellationToken);
        }
        await db.SaveChangesAsync(cancellationToken);
        return await GetAsync(id, cancellationToken);
    }

    public async Task<Result<AskView>> ConfirmAsync(Guid id, bool? solved, CancellationToken cancellationToken)
    {
        var standing = await StandingAsync(db, id, me.IdOrNull, cancellationToken);
        if (standing is null || !await me.CanAsync(standing, AskOperations.View))
        {
            return Result<AskView>.NotFound();
        }
        if (!await me.CanAsync(standing, AskOperations.Confirm))
        {
            return Result<AskView>.Forbidden(text["OnlyAskerConfirms"]);
        }
        if (solved is not { } isSolved)
        {
            return Result<AskView>.Invalid("solved", text["SolvedRequired"]);
        }
        var ask = await db.Set<Ask>().FirstAsync(a => a.Id == id, cancellationToken);
        if (ask.Status != AskStatus.Answered)
        {
            return Result<AskView>.Conflict(text["NotAnsweredYet"]);
        }
        var now = clock.GetUtcNow();
        if (isSolved)
        {
            var schedule = await calendar.ForAsync(ask.AuthorId, cancellationToken);
            ask.Status = AskStatus.Solved;
            ask.SolvedAt = now;
            ask.SolutionMinutes = (int)Math.Round(schedule.WorkingTimeBetween(ask.CreatedAt, now).TotalMinutes);
            ask.SolvedSameDay = schedule.SameWorkingDay(ask.CreatedAt, now);
            // "Resolved": the asker completed the question, with success.
            await learning.AddAsync(db, new LearningAct(ActorFor(ask, me.Id, me.DisplayName), LearningVerbs.Completed, Activity(ask.Id, ask.Title))
            {
                At = now, Language = LibrarySearchService.CurrentLanguage(), Result = new LearningResult { Success = true },
            }, cancellationToken);
        }
        else
        {
            // Not yet: back to the champion who answered, who hears of it.
            ask.Status = ask.ClaimedById is null ? AskStatus.Open : AskStatus.Claimed;
            ask.AnsweredAt = null;
            var champions = await db.Set<AskAnswer>().Where(a => a.AskId == id).Select(a => a.ChampionId).Distinct().ToListAsync(cancellationToken);
            await notifier.NotifyAsync(champions, new NotificationEvent(NotYetKind, $"ask:{id}", ask.Title, $"/asks/{id}",
                ask.Anonymous ? null : me.DisplayName), cancellationToken);
        }
        await db.SaveChangesAsync(cancellationToken);
        return await GetAsync(id, cancellationToken);
    }

    /// <summary>Open asks close in meaning to this one (merge suggestions for moderators and L&amp;D admins).</summary>
    public async Task<Result<IReadOnlyList<SimilarAsk>>> SimilarAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var read = await contexts.CreateDbContextAsync(cancellationToken);
        var standing = await StandingAsync(read, id, me.IdOrNull, cancellationToken);
        if (standing is null || !await me.CanAsync(standing, AskOperations.View))
        {
            return Result<IReadOnlyList<SimilarAsk>>.NotFound();
        }
        if (!await me.CanAsync(standing, AskOperations.Merge))
        {
            return Result<IReadOnlyList<SimilarAsk>>.Forbidden();
        }
        var ask = await read.Set<Ask>().AsNoTracking().Where(a => a.Id == id).Select(a => new { a.Embedding, a.CreatedAt }).FirstAsync(cancellationToken);
        if (ask.Embedding is null)
        {
            return Result<IReadOnlyList<SimilarAsk>>.Ok([]);
        }
        var vector = SentenceEmbedder.FromBytes(ask.Embedding);
        // Open asks of the last 90 days: duplicates are asked close together, and the scan stays small.
        var since = ask.CreatedAt.AddDays(-90);
        var open = await read.Set<Ask>().AsNoTracking()
            .Where(a => a.Id != id && (a.Status == AskStatus.Open || a.Status == AskStatus.Claimed) && a.Embedding != null && a.CreatedAt >= since)
            .OrderByDescending(a => a.CreatedAt).Take(5000)
            .Select(a => new { a.Id, a.Title, a.Embedding }).ToListAsync(cancellationToken);
        var similar = open
            .Select(a => new SimilarAsk(a.Id, a.Title, SentenceEmbedder.Similarity(vector, SentenceEmbedder.FromBytes(a.Embedding!))))
            .Where(a => a.Similarity >= SimilarAt)
            .OrderByDescending(a => a.Similarity).Take(5).ToList();
        return Result<IReadOnlyList<SimilarAsk>>.Ok(similar);
    }

    /// <summary>How close two asks' meanings must be to suggest merging them.</summary>
    internal const float SimilarAt = 0.6f;

    /// <summary>Merges this ask into <paramref name="intoId"/>: followers and "me too"s move (once each), the asker follows the kept one.</summary>
    public async Task<Result<AskView>> MergeAsync(Guid id, Guid? intoId, CancellationToken cancellationToken)
    {
        var standing = await StandingAsync(db, id, me.IdOrNull, cancellationToken);
        if (standing is null || !await me.CanAsync(standing, AskOperations.View))
        {
            return Result<AskView>.NotFound();
        }
        if (!await me.CanAsync(standing, AskOperations.Merge))
        {
            return Result<AskView>.Forbidden();
        }
        if (intoId is not { } keptId || keptId == id)
        {
            return Result<AskView>.Invalid("intoId", text["MergeTargetRequired"]);
        }
        var asks = await db.Set<Ask>().Where(a => a.Id == id || a.Id == keptId).ToListAsync(cancellationToken);
        var merged = asks.First(a => a.Id == id);
        var kept = asks.FirstOrDefault(a => a.Id == keptId);
        if (kept is null)
        {
            return Result<AskView>.Invalid("intoId", text["MergeTargetRequired"]);
        }
        if (merged.Status is not (AskStatus.Open or AskStatus.Claimed) || kept.Status is AskStatus.Merged or AskStatus.Closed)
        {
            return Result<AskView>.Conflict(text["MergeNotOpen"]);
        }
        var supporters = await db.Set<AskSupporter>().Where(s => s.AskId == id || s.AskId == keptId).ToListAsync(cancellationToken);
        var keptRows = supporters.Where(s => s.AskId == keptId).ToDictionary(s => s.PersonId);
        var moving = supporters.Where(s => s.AskId == id).ToList();
        // The merged ask's author had the question: on the kept ask they count as "me too" and follow it.
        if (merged.AuthorId != kept.AuthorId && moving.All(s => s.PersonId != merged.AuthorId))
        {
            moving.Add(new AskSupporter { AskId = id, PersonId = merged.AuthorId, MeToo = true, Following = true, CreatedAt = merged.CreatedAt });
        }
        foreach (var row in moving)
        {
            if (db.Entry(row).State != EntityState.Detached)
            {
                db.Remove(row);
            }
            if (row.PersonId == kept.AuthorId)
            {
                continue;
            }
            if (keptRows.TryGetValue(row.PersonId, out var existing))
            {
                existing.MeToo |= row.MeToo;
                existing.Following |= row.Following;
            }
            else
            {
                var added = new AskSupporter { AskId = keptId, PersonId = row.PersonId, MeToo = row.MeToo, Following = row.Following, CreatedAt = row.CreatedAt };
                keptRows[row.PersonId] = added;
                db.Add(added);
            }
        }
        merged.Status = AskStatus.Merged;
        merged.MergedIntoId = keptId;
        merged.ClosedAt = clock.GetUtcNow();
        audit.Record(AuditActions.AskMerged, AuditObjectTypes.Ask, id.ToString(), merged.Title, new { keptAskId = keptId });
        await db.SaveChangesAsync(cancellationToken);
        return await GetAsync(keptId, cancellationToken);
    }

    /// <summary>Who asked an anonymous ask, for moderators and L&amp;D admins when the organisation allows it; every look is audited.</summary>
    public async Task<Result<RevealedAuthor>> RevealAuthorAsync(Guid id, CancellationToken cancellationToken)
    {
        var standing = await StandingAsync(db, id, me.IdOrNull, cancellationToken);
        if (standing is null || !await me.CanAsync(standing, AskOperations.View))
        {
            return Result<RevealedAuthor>.NotFound();
        }
        if (!await me.CanAsync(standing, AskOperations.RevealAuthor))
        {
            return Result<RevealedAuthor>.Forbidden();
        }
        if (!options.Value.AllowRevealingAuthors)
        {
            return Result<RevealedAuthor>.Forbidden(text["RevealNotAllowed"]);
        }
        var row = await (from a in db.Set<Ask>() join p in db.Set<Person>() on a.AuthorId equals p.Id where a.Id == id
                         select new { a.Title, a.Anonymous, p.Id, Name = p.GivenName + " " + p.FamilyName }).FirstAsync(cancellationToken);
        if (!row.Anonymous)
        {
            return Result<RevealedAuthor>.Ok(new RevealedAuthor(row.Id, row.Name));
        }
        audit.Record(AuditActions.AskAuthorRevealed, AuditObjectTypes.Ask, id.ToString(), row.Title);
        await db.SaveChangesAsync(cancellationToken);
        return Result<RevealedAuthor>.Ok(new RevealedAuthor(row.Id, row.Name));
    }

    /// <summary>The attached file, for people who may see the ask.</summary>
    public async Task<Result<(Stream Content, string ContentType, string FileName)>> AttachmentAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var read = await contexts.CreateDbContextAsync(cancellationToken);
        var standing = await StandingAsync(read, id, me.IdOrNull, cancellationToken);
        if (standing is null || !await me.CanAsync(standing, AskOperations.View))
        {
            return Result<(Stream, string, string)>.NotFound();
        }
        var file = await read.Set<Ask>().AsNoTracking().Where(a => a.Id == id)
            .Select(a => new { a.AttachmentKey, a.AttachmentType, a.AttachmentName }).FirstAsync(cancellationToken);
        if (file.AttachmentKey is null || await files.OpenReadAsync(file.AttachmentKey, cancellationToken) is not { } stream)
        {
            return Result<(Stream, string, string)>.NotFound();
        }
        return Result<(Stream, string, string)>.Ok((stream, file.AttachmentType ?? "application/octet-stream", file.AttachmentName ?? "attachment"));
    }
}
