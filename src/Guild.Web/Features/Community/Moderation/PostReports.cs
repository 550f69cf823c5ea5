using Guild.Web.Features.Community.Posts;
using Guild.Web.Features.Community.Spaces;
using Guild.Web.Features.People;
using Guild.Web.Platform;
using Guild.Web.Platform.Audit;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Guild.Web.Features.Community.Moderation;

/// <summary>
/// Member reports: any reader reports a post with a reason; the report goes to that space's moderators (a notification and
/// a count on the space's home), who resolve it by hiding the post or keeping it, with a note. A reporter learns nothing
/// about other reports. Reports are rate limited per person, so a flood is refused with a clear message.
/// </summary>
public sealed class PostReports(GuildDb db, CurrentPerson me, TimeProvider clock, Notifier notifier, AuditLog audit, CommunityModeration moderation,
    IStringLocalizer<ModerationText> text)
{
    public const string ReportedKind = "community.reported";
    /// <summary>Reports one person may make in an hour; more is a flood.</summary>
    public const int PerHourMax = 10;
    public const int NoteMax = 500;

    /// <summary>Reports the caller has made in the last hour reached the limit: the API answers 429, the page says so.</summary>
    public async Task<bool> FloodingAsync(CancellationToken cancellationToken)
    {
        var since = clock.GetUtcNow().AddHours(-1);
        var caller = me.Id;
        return await db.Set<PostReport>().CountAsync(r => r.ReporterId == caller && r.CreatedAt > since, cancellationToken) >= PerHourMax;
    }

    public string FloodMessage => text["ReportFlood", PerHourMax];

    /// <summary>Reports a post to its space's moderators. NotFound when the caller may not read it; Conflict for a second open report.</summary>
    public async Task<Result<ReportReceipt>> ReportAsync(Guid postId, ReportRequest request, CancellationToken cancellationToken)
    {
        var caller = me.IdOrNull;
        var row = await (from p in db.Set<Post>().AsNoTracking()
                         join t in db.Set<Post>() on p.ThreadId equals t.Id
                         join s in db.Set<Space>() on p.SpaceId equals s.Id
                         where p.Id == postId
                         select new
                         {
                             p.AuthorId, p.ThreadId, Deleted = p.DeletedAt != null, t.Title, SpaceKind = s.Kind, SpaceId = s.Id, s.Slug, s.Name, p.Review,
                             Mine = db.Set<SpaceMember>().Where(m => m.SpaceId == s.Id && m.PersonId == caller).Select(m => new { m.Status, m.IsModerator }).FirstOrDefault(),
                         }).FirstOrDefaultAsync(cancellationToken);
        var space = row is null ? null : new SpaceStanding(row.SpaceId, row.SpaceKind, row.Mine?.Status, row.Mine?.IsModerator ?? false, row.AuthorId == caller);
        // A post held for review is nobody's to report: colleagues do not know it exists, its moderators decide on it anyway.
        if (row is null || space is null || !await me.CanAsync(space, SpaceOperations.Read) || row.Deleted || row.Review is not null)
        {
            return Result<ReportReceipt>.NotFound();
        }
        if (!await me.CanAsync(space, SpaceOperations.Report))
        {
            return Result<ReportReceipt>.Forbidden(text["OwnPostReport"]);
        }
        var errors = new Dictionary<string, string[]>();
        if (request.Reason is not { } reason || !Enum.IsDefined(reason))
        {
            errors["reason"] = [text["ReportReasonRequired"]];
            reason = ReportReason.Other;
        }
        var note = request.Note?.Trim();
        if (note?.Length > NoteMax)
        {
            errors["note"] = [text["ReportNoteTooLong", NoteMax]];
        }
        else if (reason == ReportReason.Other && string.IsNullOrEmpty(note))
        {
            errors["note"] = [text["ReportNoteRequired"]];
        }
        if (errors.Count > 0)
        {
            return Result<ReportReceipt>.Invalid(errors);
        }
        if (await db.Set<PostReport>().AnyAsync(r => r.PostId == postId && r.ReporterId == caller && r.ResolvedAt == null, cancellationToken))
        {
            return Result<ReportReceipt>.Conflict(text["AlreadyReported"]);
        }
        var now = clock.GetUtcNow();
        var report = new PostReport
        {
            Id = Guid.CreateVersion7(now), PostId = postId, ReporterId = me.Id, Reason = reason, Note = string.IsNullOrEmpty(note) ? null : note, CreatedAt = now,
        };
        db.Add(report);
        // To that space's moderators, not to admins: they know the people and the conversation. No actor: the reporter is
        // the moderators' to see on the reports page, not the notification's.
        var moderators = await db.Set<SpaceMember>().Where(m => m.SpaceId == row.SpaceId && m.IsModerator && m.Status == MembershipStatus.Member && m.PersonId != caller)
            .Select(m => m.PersonId).ToListAsync(cancellationToken);
        await notifier.NotifyAsync(moderators, new NotificationEvent(ReportedKind, $"reports:{row.SpaceId}", row.Name, $"/community/{row.Slug}/reports", null),
            cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The same person's second report at the same moment: the unique index kept one.
            db.ChangeTracker.Clear();
            return Result<ReportReceipt>.Conflict(text["AlreadyReported"]);
        }
        return Result<ReportReceipt>.Ok(new ReportReceipt(report.Id, report.PostId, report.Reason, report.CreatedAt));
    }

    /// <summary>Open reports the space's moderators have not resolved (the badge on the space's home); 0 for anyone else.</summary>
    public async Task<int> OpenCountAsync(Guid spaceId, CancellationToken cancellationToken)
    {
        var space = await CommunitySpaces.StandingAsync(db, spaceId, me.IdOrNull, cancellationToken);
        if (space is null || !await me.CanAsync(space, SpaceOperations.Moderate))
        {
            return 0;
        }
        return await (from r in db.Set<PostReport>()
                      join p in db.Set<Post>() on r.PostId equals p.Id
                      where p.SpaceId == spaceId && r.ResolvedAt == null
                      select r.Id).CountAsync(cancellationToken);
    }

    /// <summary>A space's open reports, oldest first, for its moderators (NotFound for anyone else who may not see it; Forbidden for its readers).</summary>
    public async Task<Result<IReadOnlyList<ReportView>>> OpenAsync(Guid spaceId, CancellationToken cancellationToken)
    {
        var space = await CommunitySpaces.StandingAsync(db, spaceId, me.IdOrNull, cancellationToken);
        if (space is null || !await me.CanAsync(space, SpaceOperations.See))
        {
            return Result<IReadOnlyList<ReportView>>.NotFound();
        }
        if (!await me.CanAsync(space, SpaceOperations.Moderate))
        {
            return Result<IReadOnlyList<ReportView>>.Forbidden(text["ModeratorsOnly"]);
        }
        var rows = await (from r in db.Set<PostReport>().AsNoTracking()
                          join p in db.Set<Post>() on r.PostId equals p.Id
                          join t in db.Set<Post>() on p.ThreadId equals t.Id
                          join a in db.Set<Person>() on r.ReporterId equals a.Id
                          where p.SpaceId == spaceId && r.ResolvedAt == null
                          orderby r.CreatedAt
                          select new ReportView(r.Id, r.PostId, p.ThreadId, t.Title ?? "", p.Html, p.Hidden, r.Reason, r.Note, a.GivenName + " " + a.FamilyName,
                              r.CreatedAt)).ToListAsync(cancellationToken);
        return Result<IReadOnlyList<ReportView>>.Ok(rows);
    }

    /// <summary>
    /// A moderator resolves a report: hide the post (the note is the reason its author reads) or keep it. Every open report
    /// on that post is resolved with it, since the decision is about the post; audited with the note.
    /// </summary>
    public async Task<Result<ReportResolution>> ResolveAsync(Guid reportId, ResolutionRequest request, CancellationToken cancellationToken)
    {
        var caller = me.IdOrNull;
        var row = await (from r in db.Set<PostReport>().AsNoTracking()
                         join p in db.Set<Post>() on r.PostId equals p.Id
                         join s in db.Set<Space>() on p.SpaceId equals s.Id
                         where r.Id == reportId
                         select new
                         {
                             r.PostId, r.ResolvedAt, SpaceId = s.Id, SpaceKind = s.Kind, p.ThreadId,
                             Mine = db.Set<SpaceMember>().Where(m => m.SpaceId == s.Id && m.PersonId == caller).Select(m => new { m.Status, m.IsModerator }).FirstOrDefault(),
                         }).FirstOrDefaultAsync(cancellationToken);
        var space = row is null ? null : new SpaceStanding(row.SpaceId, row.SpaceKind, row.Mine?.Status, row.Mine?.IsModerator ?? false);
        // A report is its space's moderators' business: to anyone else it does not exist.
        if (row is null || space is null || !await me.CanAsync(space, SpaceOperations.Moderate))
        {
            return Result<ReportResolution>.NotFound();
        }
        if (request.Outcome is not { } outcome || !Enum.IsDefined(outcome))
        {
            return Result<ReportResolution>.Invalid("outcome", text["OutcomeRequired"]);
        }
        var note = request.Note?.Trim() ?? "";
        if (note.Length < CommunityModeration.ReasonMin || note.Length > CommunityModeration.ReasonMax)
        {
            return Result<ReportResolution>.Invalid("note", text["ModerationReasonRequired", CommunityModeration.ReasonMin]);
        }
        if (row.ResolvedAt is not null)
        {
            return Result<ReportResolution>.Conflict(text["AlreadyResolved"]);
        }
        if (outcome == ReportOutcome.Hide)
        {
            var hidden = await moderation.HideAsync(row.PostId, new ModerationRequest(true, note), cancellationToken);
            if (!hidden.IsOk)
            {
                return Result<ReportResolution>.Invalid("note", hidden.Message ?? string.Join(" ", hidden.Errors.SelectMany(e => e.Value)));
            }
        }
        var now = clock.GetUtcNow();
        var resolved = await db.Set<PostReport>().Where(r => r.PostId == row.PostId && r.ResolvedAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.ResolvedAt, now).SetProperty(r => r.ResolvedById, caller)
                .SetProperty(r => r.Outcome, outcome).SetProperty(r => r.ResolutionNote, note), cancellationToken);
        audit.Record(AuditActions.CommunityReportResolved, AuditObjectTypes.CommunityPost, row.PostId.ToString(), null,
            new { spaceId = row.SpaceId, threadId = row.ThreadId, outcome = outcome.ToString(), reason = note, reports = resolved });
        await db.SaveChangesAsync(cancellationToken);
        return Result<ReportResolution>.Ok(new ReportResolution(row.PostId, outcome, resolved));
    }
}
