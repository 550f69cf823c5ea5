using Guild.Web.Features.Community.Spaces;
using Guild.Web.Features.Library.Resources.Articles;
using Guild.Web.Platform;
using Guild.Web.Platform.Audit;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Guild.Web.Features.Community.Moderation;

/// <summary>
/// A space's code of conduct (versions its moderators write; a member accepts the current one once before their first post
/// or reply) and whether the space holds first posts for review. Every check goes through <see cref="SpaceRule"/>:
/// reading the code is <c>space.read</c>, accepting <c>space.post</c>, writing it and the holding setting <c>space.manage</c>.
/// </summary>
public sealed class SpaceConduct(GuildDb db, CurrentPerson me, TimeProvider clock, AuditLog audit, IStringLocalizer<ConductText> text)
{
    public const int MarkdownMax = 20_000;

    /// <summary>
    /// The version of the space's code the person still has to accept, or null when there is none to accept (no code, the
    /// code was taken away, or they accepted the current version).
    /// </summary>
    internal static async Task<int?> PendingVersionAsync(GuildDb read, Guid spaceId, Guid personId, CancellationToken cancellationToken)
    {
        var current = await read.Set<ConductCode>().AsNoTracking().Where(c => c.SpaceId == spaceId).OrderByDescending(c => c.Version)
            .Select(c => new
            {
                c.Version, HasText = c.Markdown != "",
                Accepted = read.Set<ConductAcceptance>().Any(a => a.SpaceId == spaceId && a.PersonId == personId && a.Version == c.Version),
            }).FirstOrDefaultAsync(cancellationToken);
        return current is { HasText: true, Accepted: false } ? current.Version : null;
    }

    public async Task<Result<ConductView>> GetBySlugAsync(string slug, CancellationToken cancellationToken) =>
        await db.Set<Space>().AsNoTracking().Where(s => s.Slug == slug).Select(s => (Guid?)s.Id).FirstOrDefaultAsync(cancellationToken) is { } id
            ? await GetAsync(id, cancellationToken)
            : Result<ConductView>.NotFound();

    /// <summary>The space's current code and where the caller stands with it; moderators also get the text to edit and the count of acceptances.</summary>
    public async Task<Result<ConductView>> GetAsync(Guid spaceId, CancellationToken cancellationToken)
    {
        var standing = await CommunitySpaces.StandingAsync(db, spaceId, me.IdOrNull, cancellationToken);
        if (standing is null || !await me.CanAsync(standing, SpaceOperations.Read))
        {
            return Result<ConductView>.NotFound();
        }
        var manages = await me.CanAsync(standing, SpaceOperations.Manage);
        var caller = me.Id;
        var space = await db.Set<Space>().AsNoTracking().Where(s => s.Id == spaceId).Select(s => new { s.Slug, s.Name, s.HoldFirstPosts }).FirstAsync(cancellationToken);
        var code = await db.Set<ConductCode>().AsNoTracking().Where(c => c.SpaceId == spaceId).OrderByDescending(c => c.Version).FirstOrDefaultAsync(cancellationToken);
        var hasCode = code is { Markdown.Length: > 0 };
        var accepted = hasCode && await db.Set<ConductAcceptance>().AnyAsync(a => a.SpaceId == spaceId && a.PersonId == caller && a.Version == code!.Version, cancellationToken);
        int? acceptedCount = null, memberCount = null;
        if (manages)
        {
            // Members who accepted the current version (someone who left keeps their row, so count members only).
            acceptedCount = hasCode
                ? await db.Set<ConductAcceptance>().CountAsync(a => a.SpaceId == spaceId && a.Version == code!.Version
                    && db.Set<SpaceMember>().Any(m => m.SpaceId == spaceId && m.PersonId == a.PersonId && m.Status == MembershipStatus.Member), cancellationToken)
                : 0;
            memberCount = await db.Set<SpaceMember>().CountAsync(m => m.SpaceId == spaceId && m.Status == MembershipStatus.Member, cancellationToken);
        }
        return Result<ConductView>.Ok(new ConductView(spaceId, space.Slug, space.Name, hasCode ? code!.Version : null, hasCode ? code!.Html : "",
            manages ? code?.Markdown ?? "" : null, code?.WrittenAt, accepted, hasCode && !accepted && standing.CallerIsMember, manages, space.HoldFirstPosts,
            acceptedCount, memberCount));
    }

    /// <summary>A moderator writes a new version of the code (an unchanged text makes none); the writer has accepted their own version.</summary>
    public async Task<Result<ConductView>> SetAsync(Guid spaceId, ConductRequest request, CancellationToken cancellationToken)
    {
        var standing = await CommunitySpaces.StandingAsync(db, spaceId, me.IdOrNull, cancellationToken);
        if (standing is null || !await me.CanAsync(standing, SpaceOperations.Read))
        {
            return Result<ConductView>.NotFound();
        }
        if (!await me.CanAsync(standing, SpaceOperations.Manage))
        {
            return Result<ConductView>.Forbidden(text["OnlyModeratorsWrite"]);
        }
        var markdown = request.Markdown?.Trim() ?? "";
        if (markdown.Length > MarkdownMax)
        {
            return Result<ConductView>.Invalid("markdown", text["ConductTooLong", MarkdownMax, markdown.Length]);
        }
        var current = await db.Set<ConductCode>().AsNoTracking().Where(c => c.SpaceId == spaceId).OrderByDescending(c => c.Version)
            .Select(c => new { c.Version, c.Markdown }).FirstOrDefaultAsync(cancellationToken);
        if ((current?.Markdown ?? "") == markdown)
        {
            return await GetAsync(spaceId, cancellationToken);
        }
        var now = clock.GetUtcNow();
        var version = (current?.Version ?? 0) + 1;
        db.Add(new ConductCode
        {
            SpaceId = spaceId, Version = version, Markdown = markdown, Html = markdown.Length == 0 ? "" : ArticleRenderer.Render(markdown).Html,
            WrittenById = me.Id, WrittenAt = now,
        });
        if (markdown.Length > 0)
        {
            db.Add(new ConductAcceptance { SpaceId = spaceId, PersonId = me.Id, Version = version, AcceptedAt = now });
        }
        var name = await db.Set<Space>().Where(s => s.Id == spaceId).Select(s => s.Name).FirstAsync(cancellationToken);
        audit.Record(AuditActions.CommunityConductChanged, AuditObjectTypes.CommunitySpace, spaceId.ToString(), name,
            new { version, removed = markdown.Length == 0 });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Two moderators saving at the same moment: the key (space, version) kept the first; the second reads it again.
            db.ChangeTracker.Clear();
            return Result<ConductView>.Conflict(text["ConductChangedMeanwhile"]);
        }
        return await GetAsync(spaceId, cancellationToken);
    }

    /// <summary>A member accepts the version they read; it must be the current one. Accepting again changes nothing.</summary>
    public async Task<Result<ConductAcceptanceView>> AcceptAsync(Guid spaceId, ConductAcceptanceRequest request, CancellationToken cancellationToken)
    {
        var standing = await CommunitySpaces.StandingAsync(db, spaceId, me.IdOrNull, cancellationToken);
        if (standing is null || !await me.CanAsync(standing, SpaceOperations.Read))
        {
            return Result<ConductAcceptanceView>.NotFound();
        }
        if (!await me.CanAsync(standing, SpaceOperations.Post))
        {
            return Result<ConductAcceptanceView>.Forbidden(text["MembersAccept"]);
        }
        if (request.Version is not { } version)
        {
            return Result<ConductAcceptanceView>.Invalid("version", text["VersionRequired"]);
        }
        var current = await db.Set<ConductCode>().AsNoTracking().Where(c => c.SpaceId == spaceId).OrderByDescending(c => c.Version)
            .Select(c => new { c.Version, HasText = c.Markdown != "" }).FirstOrDefaultAsync(cancellationToken);
        if (current is not { HasText: true })
        {
            return Result<ConductAcceptanceView>.Conflict(text["NoConduct"]);
        }
        if (current.Version != version)
        {
            return Result<ConductAcceptanceView>.Conflict(text["ConductChanged"]);
        }
        var caller = me.Id;
        var existing = await db.Set<ConductAcceptance>().AsNoTracking()
            .FirstOrDefaultAsync(a => a.SpaceId == spaceId && a.PersonId == caller && a.Version == version, cancellationToken);
        if (existing is not null)
        {
            return Result<ConductAcceptanceView>.Ok(new ConductAcceptanceView(spaceId, version, existing.AcceptedAt));
        }
        var now = clock.GetUtcNow();
        db.Add(new ConductAcceptance { SpaceId = spaceId, PersonId = caller, Version = version, AcceptedAt = now });
        var name = await db.Set<Space>().Where(s => s.Id == spaceId).Select(s => s.Name).FirstAsync(cancellationToken);
        audit.Record(AuditActions.CommunityConductAccepted, AuditObjectTypes.CommunitySpace, spaceId.ToString(), name, new { version });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // A double click: the first acceptance is kept, which is what was asked.
            db.ChangeTracker.Clear();
        }
        return Result<ConductAcceptanceView>.Ok(new ConductAcceptanceView(spaceId, version, now));
    }

    /// <summary>A moderator turns holding first posts for review on or off (audited). Posts already waiting keep waiting.</summary>
    public async Task<Result<ConductView>> SetHoldingAsync(Guid spaceId, HoldingRequest request, CancellationToken cancellationToken)
    {
        var standing = await CommunitySpaces.StandingAsync(db, spaceId, me.IdOrNull, cancellationToken);
        if (standing is null || !await me.CanAsync(standing, SpaceOperations.Read))
        {
            return Result<ConductView>.NotFound();
        }
        if (!await me.CanAsync(standing, SpaceOperations.Manage))
        {
            return Result<ConductView>.Forbidden(text["OnlyModeratorsWrite"]);
        }
        if (request.HoldFirstPosts is not { } hold)
        {
            return Result<ConductView>.Invalid("holdFirstPosts", text["HoldingRequired"]);
        }
        var space = await db.Set<Space>().FirstAsync(s => s.Id == spaceId, cancellationToken);
        if (space.HoldFirstPosts != hold)
        {
            space.HoldFirstPosts = hold;
            space.UpdatedAt = clock.GetUtcNow();
            audit.Record(AuditActions.CommunityHoldingChanged, AuditObjectTypes.CommunitySpace, spaceId.ToString(), space.Name, new { holdFirstPosts = hold });
            await db.SaveChangesAsync(cancellationToken);
        }
        return await GetAsync(spaceId, cancellationToken);
    }
}
