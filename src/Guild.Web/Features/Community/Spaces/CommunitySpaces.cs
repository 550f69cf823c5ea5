using System.Text.RegularExpressions;
using Guild.Web.Features.Community.Posts;
using Guild.Web.Features.Expertise.Map;
using Guild.Web.Features.People;
using Guild.Web.Platform;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.LearningRecords;
using Guild.Web.Platform.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Guild.Web.Features.Community.Spaces;

/// <summary>
/// Spaces: the list a person may see, a space's home, making and changing spaces, joining, leaving, requests and
/// invitations. Every check of who may do what goes through <see cref="SpaceRule"/>; whatever the caller may not see
/// answers NotFound, the same as a space that does not exist.
/// </summary>
public sealed partial class CommunitySpaces(
    GuildDb db, IDbContextFactory<GuildDb> contexts, CurrentPerson me, TimeProvider clock, Notifier notifier, LearningRecorder learning,
    IStringLocalizer<CommunityText> text)
{
    public const int NameMax = 120;
    public const int DescriptionMax = 2000;
    public const int MessageMax = 500;

    /// <summary>Notification to a space's moderators: "{0} asks to join {1}".</summary>
    public const string JoinRequestedKind = "community.join-requested";
    /// <summary>Notification to the person: their request to join {1} was decided, or they were added to {1}.</summary>
    public const string MembershipKind = "community.membership";

    public static LearningActivity Activity(Guid spaceId, string name) =>
        new($"community/spaces/{spaceId:D}", LearningActivityTypes.Community, new(name, name));

    /// <summary>Where the caller stands in a space (null: no such space).</summary>
    internal static async Task<SpaceStanding?> StandingAsync(GuildDb read, Guid spaceId, Guid? caller, CancellationToken cancellationToken) =>
        await read.Set<Space>().AsNoTracking().Where(s => s.Id == spaceId)
            .Select(s => new
            {
                s.Id, s.Kind,
                Mine = read.Set<SpaceMember>().Where(m => m.SpaceId == s.Id && m.PersonId == caller).Select(m => new { m.Status, m.IsModerator }).FirstOrDefault(),
            })
            .Select(s => new SpaceStanding(s.Id, s.Kind, s.Mine == null ? null : s.Mine.Status, s.Mine != null && s.Mine.IsModerator))
            .FirstOrDefaultAsync(cancellationToken);

    /// <summary>The spaces the caller may see: theirs first, then the rest by name. Secret spaces only to their members.</summary>
    public async Task<IReadOnlyList<SpaceSummary>> ListAsync(CancellationToken cancellationToken)
    {
        if (!await me.CanAsync(SpaceStanding.New, SpaceOperations.See))
        {
            return [];
        }
        var caller = me.Id;
        await using var read = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await read.Set<Space>().AsNoTracking()
            .Select(s => new
            {
                Space = s,
                Mine = read.Set<SpaceMember>().Where(m => m.SpaceId == s.Id && m.PersonId == caller).Select(m => new { m.Status, m.IsModerator }).FirstOrDefault(),
                Members = read.Set<SpaceMember>().Count(m => m.SpaceId == s.Id && m.Status == MembershipStatus.Member),
            })
            .Where(s => s.Space.Kind != SpaceKind.Secret || (s.Mine != null && s.Mine.Status == MembershipStatus.Member))
            .OrderBy(s => s.Space.Name).Take(500).ToListAsync(cancellationToken);
        return rows
            .Select(r => new SpaceSummary(r.Space.Id, r.Space.Slug, r.Space.Name, r.Space.Description, r.Space.Kind, r.Space.IsInnovatorsNetwork, r.Members,
                r.Mine?.Status, r.Mine is { Status: MembershipStatus.Member, IsModerator: true }))
            .OrderBy(s => s.Membership == MembershipStatus.Member ? 0 : 1).ThenBy(s => s.Name, StringComparer.CurrentCultureIgnoreCase)
            .ToList();
    }

    /// <summary>The id of the space at an address, if the caller may see it.</summary>
    public async Task<Guid?> IdOfAsync(string slug, CancellationToken cancellationToken)
    {
        await using var read = await contexts.CreateDbContextAsync(cancellationToken);
        var id = await read.Set<Space>().AsNoTracking().Where(s => s.Slug == slug).Select(s => (Guid?)s.Id).FirstOrDefaultAsync(cancellationToken);
        return id;
    }

    public async Task<Result<SpaceView>> GetBySlugAsync(string slug, CancellationToken cancellationToken) =>
        await IdOfAsync(slug, cancellationToken) is { } id ? await GetAsync(id, cancellationToken) : Result<SpaceView>.NotFound();

    /// <summary>A space's home: what is new, unanswered questions, who is active, and (for its moderators) who waits to join.</summary>
    public async Task<Result<SpaceView>> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var read = await contexts.CreateDbContextAsync(cancellationToken);
        var caller = me.IdOrNull;
        var standing = await StandingAsync(read, id, caller, cancellationToken);
        if (standing is null || !await me.CanAsync(standing, SpaceOperations.See))
        {
            return Result<SpaceView>.NotFound();
        }
        var canRead = await me.CanAsync(standing, SpaceOperations.Read);
        var canManage = await me.CanAsync(standing, SpaceOperations.Manage);
        var since = clock.GetUtcNow().AddDays(-30);
        var row = await read.Set<Space>().AsNoTracking().Where(s => s.Id == id)
            .Select(s => new
            {
                Space = s,
                Components = (from c in read.Set<SpaceComponent>() join k in read.Set<KnowHowComponent>() on c.ComponentId equals k.Id
                              where c.SpaceId == s.Id orderby k.Name select new { k.Id, k.Name }).ToList(),
                Members = read.Set<SpaceMember>().Count(m => m.SpaceId == s.Id && m.Status == MembershipStatus.Member),
                Decision = read.Set<SpaceMember>().Where(m => m.SpaceId == s.Id && m.PersonId == caller).Select(m => m.DecisionMessage).FirstOrDefault(),
                Following = read.Set<SpaceFollower>().Any(f => f.SpaceId == s.Id && f.PersonId == caller),
            }).FirstAsync(cancellationToken);
        IReadOnlyList<ThreadSummary> recent = [], unanswered = [], ideas = [];
        IReadOnlyList<ActivePerson> active = [];
        if (canRead)
        {
            recent = await ThreadSummaries(read, read.Set<Post>().Where(p => p.SpaceId == id && p.Depth == 0 && p.DeletedAt == null && !p.Hidden && p.Review == null)
                .OrderByDescending(p => p.Pinned).ThenByDescending(p => p.LastActivityAt)).Take(20).ToListAsync(cancellationToken);
            unanswered = await ThreadSummaries(read, read.Set<Post>()
                    .Where(p => p.SpaceId == id && p.Depth == 0 && p.Kind == PostKind.Question && p.AnswerId == null && p.DeletedAt == null && !p.Hidden && p.Review == null)
                    .OrderBy(p => p.CreatedAt)).Take(10).ToListAsync(cancellationToken);
            if (row.Space.IsInnovatorsNetwork)
            {
                ideas = await ThreadSummaries(read, read.Set<Post>().Where(p => p.SpaceId == id && p.Depth == 0 && p.Kind == PostKind.Idea && p.DeletedAt == null && !p.Hidden && p.Review == null)
                    .OrderByDescending(p => p.LastActivityAt)).Take(200).ToListAsync(cancellationToken);
            }
            // Anonymous posts do not count here: a list of who is active must not tell who asked.
            var activeRows = await (from p in read.Set<Post>()
                                    where p.SpaceId == id && p.CreatedAt >= since && !p.Anonymous && p.DeletedAt == null && p.Review == null
                                    group p by p.AuthorId into g
                                    orderby g.Count() descending
                                    select new { PersonId = g.Key, Posts = g.Count() }).Take(8).ToListAsync(cancellationToken);
            var ids = activeRows.Select(a => a.PersonId).ToList();
            var names = await read.Set<Person>().AsNoTracking().Where(p => ids.Contains(p.Id))
                .Select(p => new { p.Id, Name = p.GivenName + " " + p.FamilyName }).ToDictionaryAsync(p => p.Id, p => p.Name, cancellationToken);
            active = activeRows.Select(a => new ActivePerson(a.PersonId, names.GetValueOrDefault(a.PersonId, ""), a.Posts)).ToList();
        }
        IReadOnlyList<JoinRequestView> requests = [];
        if (canManage)
        {
            requests = await (from m in read.Set<SpaceMember>().AsNoTracking()
                              join p in read.Set<Person>() on m.PersonId equals p.Id
                              where m.SpaceId == id && m.Status == MembershipStatus.Requested
                              orderby m.CreatedAt
                              select new JoinRequestView(m.PersonId, p.GivenName + " " + p.FamilyName, m.RequestMessage, m.CreatedAt))
                .Take(200).ToListAsync(cancellationToken);
        }
        var space = row.Space;
        return Result<SpaceView>.Ok(new SpaceView(space.Id, space.Slug, space.Name, space.Description, space.Kind, ReactionsOf(space.Reactions),
            space.AllowAnonymousQuestions, space.IsInnovatorsNetwork, row.Components.Select(c => c.Id).ToList(), row.Components.Select(c => c.Name).ToList(),
            row.Members, standing.CallerStatus, standing.CallerStatus == MembershipStatus.Declined ? row.Decision : null, canRead,
            await me.CanAsync(standing, SpaceOperations.Post), await me.CanAsync(standing, SpaceOperations.Join), canManage, row.Following,
            recent, unanswered, ideas, active, requests));
    }

    /// <summary>Threads of a space (newest activity first), for the API.</summary>
    public async Task<Result<IReadOnlyList<ThreadSummary>>> ThreadsAsync(Guid id, PostKind? kind, CancellationToken cancellationToken)
    {
        await using var read = await contexts.CreateDbContextAsync(cancellationToken);
        var standing = await StandingAsync(read, id, me.IdOrNull, cancellationToken);
        if (standing is null || !await me.CanAsync(standing, SpaceOperations.See))
        {
            return Result<IReadOnlyList<ThreadSummary>>.NotFound();
        }
        if (!await me.CanAsync(standing, SpaceOperations.Read))
        {
            return Result<IReadOnlyList<ThreadSummary>>.Forbidden(text["MembersOnly"]);
        }
        var threads = read.Set<Post>().Where(p => p.SpaceId == id && p.Depth == 0 && p.DeletedAt == null && !p.Hidden && p.Review == null);
        if (kind is { } only)
        {
            threads = threads.Where(p => p.Kind == only);
        }
        var list = await ThreadSummaries(read, threads.OrderByDescending(p => p.Pinned).ThenByDescending(p => p.LastActivityAt)).Take(200).ToListAsync(cancellationToken);
        return Result<IReadOnlyList<ThreadSummary>>.Ok(list);
    }

    private static IQueryable<ThreadSummary> ThreadSummaries(GuildDb read, IQueryable<Post> threads) =>
        from p in threads.AsNoTracking()
        join a in read.Set<Person>() on p.AuthorId equals a.Id
        select new ThreadSummary(p.Id, p.Title ?? "", p.Kind, p.Anonymous ? null : a.GivenName + " " + a.FamilyName, p.CreatedAt, p.LastActivityAt,
            p.ReplyCount, p.AnswerId != null, p.Stage, p.Purpose, p.Pinned);

    public static IReadOnlyList<ReactionKind> ReactionsOf(SpaceReactions offered) =>
        Enum.GetValues<ReactionKind>().Where(k => offered.HasFlag(FlagOf(k))).ToList();

    public static SpaceReactions FlagOf(ReactionKind kind) => kind switch
    {
        ReactionKind.Thanks => SpaceReactions.Thanks,
        ReactionKind.Helpful => SpaceReactions.Helpful,
        _ => SpaceReactions.Insightful,
    };

    public async Task<Result<SpaceView>> CreateAsync(SpaceRequest request, CancellationToken cancellationToken)
    {
        if (!await me.CanAsync(SpaceStanding.New, SpaceOperations.Create))
        {
            return Result<SpaceView>.Forbidden(text["CreateNotAllowed"]);
        }
        var now = clock.GetUtcNow();
        var space = new Space { Id = Guid.CreateVersion7(), Slug = "", Name = "", CreatedById = me.Id, CreatedAt = now, UpdatedAt = now };
        var errors = await ApplyAsync(space, request, cancellationToken);
        if (errors.Count > 0)
        {
            return Result<SpaceView>.Invalid(errors);
        }
        db.Add(space);
        // Whoever makes a space moderates it.
        db.Add(new SpaceMember { SpaceId = space.Id, PersonId = me.Id, Status = MembershipStatus.Member, IsModerator = true, CreatedAt = now, JoinedAt = now });
        await db.SaveChangesAsync(cancellationToken);
        return await GetAsync(space.Id, cancellationToken);
    }

    public async Task<Result<SpaceView>> UpdateAsync(Guid id, SpaceRequest request, CancellationToken cancellationToken)
    {
        var standing = await StandingAsync(db, id, me.IdOrNull, cancellationToken);
        if (standing is null || !await me.CanAsync(standing, SpaceOperations.See))
        {
            return Result<SpaceView>.NotFound();
        }
        if (!await me.CanAsync(standing, SpaceOperations.Manage))
        {
            return Result<SpaceView>.Forbidden(text["ModeratorsOnly"]);
        }
        var space = await db.Set<Space>().Include(s => s.Components).FirstAsync(s => s.Id == id, cancellationToken);
        var errors = await ApplyAsync(space, request, cancellationToken);
        if (errors.Count > 0)
        {
            return Result<SpaceView>.Invalid(errors);
        }
        space.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return await GetAsync(id, cancellationToken);
    }

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{1,58})[a-z0-9]$")]
    private static partial Regex SlugPattern();

    /// <summary>An address made from a name: "Video &amp; Podcasts" → "video-podcasts".</summary>
    public static string SlugFrom(string name)
    {
        var folded = Person.Fold(name);
        var slug = Regex.Replace(folded, "[^a-z0-9]+", "-").Trim('-');
        return slug.Length > 60 ? slug[..60].TrimEnd('-') : slug;
    }

    private async Task<Dictionary<string, string[]>> ApplyAsync(Space space, SpaceRequest request, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var name = request.Name?.Trim() ?? "";
        var description = request.Description?.Trim() ?? "";
        var slug = string.IsNullOrWhiteSpace(request.Slug) ? SlugFrom(name) : request.Slug.Trim();
        if (name.Length == 0)
        {
            errors["name"] = [text["NameRequired"]];
        }
        else if (name.Length > NameMax)
        {
            errors["name"] = [text["NameTooLong", NameMax]];
        }
        if (description.Length > DescriptionMax)
        {
            errors["description"] = [text["DescriptionTooLong", DescriptionMax]];
        }
        if (!errors.ContainsKey("name") && !SlugPattern().IsMatch(slug))
        {
            errors["slug"] = [text["SlugInvalid"]];
        }
        else if (slug != space.Slug && await db.Set<Space>().AnyAsync(s => s.Slug == slug && s.Id != space.Id, cancellationToken))
        {
            // A secret space's address is taken too; saying so tells only that some space has it.
            errors["slug"] = [text["SlugTaken"]];
        }
        if (request.Kind is not { } kind || !Enum.IsDefined(kind))
        {
            errors["kind"] = [text["KindRequired"]];
        }
        var componentIds = (request.ComponentIds ?? []).Distinct().ToList();
        if (componentIds.Count > 20)
        {
            errors["componentIds"] = [text["TooManyComponents", 20]];
        }
        else if (componentIds.Count > 0)
        {
            var known = await db.Set<KnowHowComponent>().Where(c => componentIds.Contains(c.Id) && c.ArchivedAt == null).CountAsync(cancellationToken);
            if (known != componentIds.Count)
            {
                errors["componentIds"] = [text["ComponentUnknown"]];
            }
        }
        if (request.Reactions is { } chosen && chosen.Any(r => !Enum.IsDefined(r)))
        {
            errors["reactions"] = [text["ReactionUnknown"]];
        }
        if (errors.Count > 0)
        {
            return errors;
        }
        space.Name = name;
        space.Slug = slug;
        space.Description = description;
        space.Kind = request.Kind!.Value;
        space.Reactions = request.Reactions is { } reactions ? reactions.Aggregate(SpaceReactions.None, (all, r) => all | FlagOf(r)) : SpaceReactions.All;
        space.AllowAnonymousQuestions = request.AllowAnonymousQuestions;
        space.IsInnovatorsNetwork = request.IsInnovatorsNetwork;
        space.Components.RemoveAll(c => !componentIds.Contains(c.ComponentId));
        foreach (var componentId in componentIds.Where(c => space.Components.All(x => x.ComponentId != c)))
        {
            space.Components.Add(new SpaceComponent { SpaceId = space.Id, ComponentId = componentId });
        }
        return errors;
    }

    /// <summary>Joins an open space at once; asks to join a closed one (its moderators hear of it). Secret spaces: NotFound.</summary>
    public async Task<Result<SpaceView>> JoinAsync(Guid id, JoinRequest request, CancellationToken cancellationToken)
    {
        var standing = await StandingAsync(db, id, me.IdOrNull, cancellationToken);
        if (standing is null || !await me.CanAsync(standing, SpaceOperations.See))
        {
            return Result<SpaceView>.NotFound();
        }
        if (standing.CallerIsMember)
        {
            return await GetAsync(id, cancellationToken);
        }
        if (!await me.CanAsync(standing, SpaceOperations.Join))
        {
            return Result<SpaceView>.Forbidden(text["CannotJoin"]);
        }
        var message = request.Message?.Trim();
        if (message?.Length > MessageMax)
        {
            return Result<SpaceView>.Invalid("message", text["MessageTooLong", MessageMax]);
        }
        if (standing.CallerStatus == MembershipStatus.Requested)
        {
            return Result<SpaceView>.Conflict(text["AlreadyRequested"]);
        }
        var now = clock.GetUtcNow();
        var row = await db.Set<SpaceMember>().FirstOrDefaultAsync(m => m.SpaceId == id && m.PersonId == me.Id, cancellationToken);
        if (row is null)
        {
            row = new SpaceMember { SpaceId = id, PersonId = me.Id, CreatedAt = now };
            db.Add(row);
        }
        var space = await db.Set<Space>().AsNoTracking().Where(s => s.Id == id).Select(s => new { s.Name, s.Slug }).FirstAsync(cancellationToken);
        if (standing.Kind == SpaceKind.Open)
        {
            row.Status = MembershipStatus.Member;
            row.JoinedAt = now;
            await learning.AddAsync(db, new LearningAct(new LearningActor(me.Id, me.DisplayName), LearningVerbs.Joined, Activity(id, space.Name)) { At = now },
                cancellationToken);
        }
        else
        {
            row.Status = MembershipStatus.Requested;
            row.RequestMessage = string.IsNullOrEmpty(message) ? null : message;
            row.DecisionMessage = null;
            row.CreatedAt = now;
            var moderators = await db.Set<SpaceMember>()
                .Where(m => m.SpaceId == id && m.IsModerator && m.Status == MembershipStatus.Member).Select(m => m.PersonId).ToListAsync(cancellationToken);
            await notifier.NotifyAsync(moderators, new NotificationEvent(JoinRequestedKind, $"space:{id}", space.Name, $"/community/{space.Slug}", me.DisplayName),
                cancellationToken);
        }
        await db.SaveChangesAsync(cancellationToken);
        return await GetAsync(id, cancellationToken);
    }

    /// <summary>Leaves a space (or withdraws a request). The last moderator stays until they hand the space to someone.</summary>
    public async Task<Result<SpaceView>> LeaveAsync(Guid id, CancellationToken cancellationToken)
    {
        var standing = await StandingAsync(db, id, me.IdOrNull, cancellationToken);
        if (standing is null || !await me.CanAsync(standing, SpaceOperations.See))
        {
            return Result<SpaceView>.NotFound();
        }
        var row = await db.Set<SpaceMember>().FirstOrDefaultAsync(m => m.SpaceId == id && m.PersonId == me.Id, cancellationToken);
        if (row is null)
        {
            return await GetAsync(id, cancellationToken);
        }
        if (row.IsModerator && !await db.Set<SpaceMember>().AnyAsync(m => m.SpaceId == id && m.IsModerator && m.PersonId != me.Id
                && m.Status == MembershipStatus.Member, cancellationToken))
        {
            return Result<SpaceView>.Conflict(text["LastModerator"]);
        }
        db.Remove(row);
        // Leaving ends following: a former member of a closed or secret space must hear nothing more of it.
        await db.Set<SpaceFollower>().Where(f => f.SpaceId == id && f.PersonId == me.Id).ExecuteDeleteAsync(cancellationToken);
        if (standing.Kind != SpaceKind.Open)
        {
            var threads = db.Set<Post>().Where(p => p.SpaceId == id && p.Depth == 0).Select(p => p.Id);
            await db.Set<ThreadFollower>().Where(f => f.PersonId == me.Id && threads.Contains(f.ThreadId)).ExecuteDeleteAsync(cancellationToken);
        }
        await db.SaveChangesAsync(cancellationToken);
        // A secret space is gone from sight once left.
        return standing.Kind == SpaceKind.Secret ? Result<SpaceView>.NotFound() : await GetAsync(id, cancellationToken);
    }

    /// <summary>A moderator approves or declines a request to join, with an optional word that the person sees.</summary>
    public async Task<Result<SpaceView>> DecideAsync(Guid id, Guid personId, JoinDecision decision, CancellationToken cancellationToken)
    {
        var standing = await StandingAsync(db, id, me.IdOrNull, cancellationToken);
        if (standing is null || !await me.CanAsync(standing, SpaceOperations.See))
        {
            return Result<SpaceView>.NotFound();
        }
        if (!await me.CanAsync(standing, SpaceOperations.Manage))
        {
            return Result<SpaceView>.Forbidden(text["ModeratorsOnly"]);
        }
        var message = decision.Message?.Trim();
        if (decision.Approve is not { } approve)
        {
            return Result<SpaceView>.Invalid("approve", text["DecisionRequired"]);
        }
        if (message?.Length > MessageMax)
        {
            return Result<SpaceView>.Invalid("message", text["MessageTooLong", MessageMax]);
        }
        var row = await db.Set<SpaceMember>().FirstOrDefaultAsync(m => m.SpaceId == id && m.PersonId == personId && m.Status == MembershipStatus.Requested,
            cancellationToken);
        if (row is null)
        {
            return Result<SpaceView>.NotFound();
        }
        var now = clock.GetUtcNow();
        row.Status = approve ? MembershipStatus.Member : MembershipStatus.Declined;
        row.DecisionMessage = string.IsNullOrEmpty(message) ? null : message;
        row.JoinedAt = approve ? now : null;
        var space = await db.Set<Space>().AsNoTracking().Where(s => s.Id == id).Select(s => new { s.Name, s.Slug }).FirstAsync(cancellationToken);
        await notifier.NotifyAsync([personId], new NotificationEvent(MembershipKind, $"space:{id}", space.Name, $"/community/{space.Slug}", me.DisplayName),
            cancellationToken);
        if (approve)
        {
            var name = await db.Set<Person>().Where(p => p.Id == personId).Select(p => p.GivenName + " " + p.FamilyName).FirstAsync(cancellationToken);
            await learning.AddAsync(db, new LearningAct(new LearningActor(personId, name), LearningVerbs.Joined, Activity(id, space.Name)) { At = now },
                cancellationToken);
        }
        await db.SaveChangesAsync(cancellationToken);
        return await GetAsync(id, cancellationToken);
    }

    /// <summary>A moderator adds a colleague (the way into a secret space), optionally as a moderator.</summary>
    public async Task<Result<SpaceView>> AddMemberAsync(Guid id, MemberInvitation invitation, CancellationToken cancellationToken)
    {
        var standing = await StandingAsync(db, id, me.IdOrNull, cancellationToken);
        if (standing is null || !await me.CanAsync(standing, SpaceOperations.See))
        {
            return Result<SpaceView>.NotFound();
        }
        if (!await me.CanAsync(standing, SpaceOperations.Manage))
        {
            return Result<SpaceView>.Forbidden(text["ModeratorsOnly"]);
        }
        var handle = Mentions.Normalise(invitation.Handle);
        var people = handle is null ? new Dictionary<string, Guid>() : await Mentions.FindAsync(db, [handle], cancellationToken);
        if (people.Count != 1)
        {
            return Result<SpaceView>.Invalid("handle", text["HandleUnknown"]);
        }
        var personId = people.Values.Single();
        var now = clock.GetUtcNow();
        var row = await db.Set<SpaceMember>().FirstOrDefaultAsync(m => m.SpaceId == id && m.PersonId == personId, cancellationToken);
        if (row is null)
        {
            row = new SpaceMember { SpaceId = id, PersonId = personId, CreatedAt = now };
            db.Add(row);
        }
        var wasMember = row.Status == MembershipStatus.Member && db.Entry(row).State != EntityState.Added;
        row.Status = MembershipStatus.Member;
        row.JoinedAt ??= now;
        row.IsModerator |= invitation.Moderator;
        row.DecisionMessage = null;
        if (!wasMember)
        {
            var space = await db.Set<Space>().AsNoTracking().Where(s => s.Id == id).Select(s => new { s.Name, s.Slug }).FirstAsync(cancellationToken);
            await notifier.NotifyAsync([personId], new NotificationEvent(MembershipKind, $"space:{id}", space.Name, $"/community/{space.Slug}", me.DisplayName),
                cancellationToken);
        }
        await db.SaveChangesAsync(cancellationToken);
        return await GetAsync(id, cancellationToken);
    }

    /// <summary>Follows a space (every new thread and reply) or stops following it: members only.</summary>
    public async Task<Result<SpaceView>> FollowAsync(Guid id, FollowRequest request, CancellationToken cancellationToken)
    {
        var standing = await StandingAsync(db, id, me.IdOrNull, cancellationToken);
        if (standing is null || !await me.CanAsync(standing, SpaceOperations.See))
        {
            return Result<SpaceView>.NotFound();
        }
        if (!await me.CanAsync(standing, SpaceOperations.Read))
        {
            return Result<SpaceView>.Forbidden(text["MembersOnly"]);
        }
        if (request.Following is not { } following)
        {
            return Result<SpaceView>.Invalid("following", text["FollowingRequired"]);
        }
        var row = await db.Set<SpaceFollower>().FirstOrDefaultAsync(f => f.SpaceId == id && f.PersonId == me.Id, cancellationToken);
        if (following && row is null)
        {
            db.Add(new SpaceFollower { SpaceId = id, PersonId = me.Id, CreatedAt = clock.GetUtcNow() });
        }
        else if (!following && row is not null)
        {
            db.Remove(row);
        }
        await db.SaveChangesAsync(cancellationToken);
        return await GetAsync(id, cancellationToken);
    }
}
