using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Guild.Web.Features.Expertise.Map;
using Guild.Web.Features.Expertise.Talent;
using Guild.Web.Features.People;
using Guild.Web.Platform;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.LearningRecords;
using Guild.Web.Platform.Notifications;
using Guild.Web.Platform.Organisation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Guild.Web.Features.Expertise.Teams;

/// <summary>A business problem that needs a team (body of <c>POST /api/v1/teams</c>).</summary>
/// <param name="Name">The team's name (up to 150 characters).</param>
/// <param name="Purpose">The business problem, in a few sentences (up to 10,000 characters).</param>
/// <param name="EndsOn">The day the team's work ends: today or later.</param>
/// <param name="Components">Ids of the know-how components the problem needs (live ones from the map; 1 to 20).</param>
/// <remarks>No [Required]: the service checks every field and names each problem in words (one message per field, en and nl).</remarks>
public sealed record TeamRequest(string? Name, string? Purpose, DateOnly? EndsOn, IReadOnlyList<Guid>? Components);

/// <summary>Someone the proposer adds by hand (body of <c>POST /api/v1/teams/{id}/members</c>).</summary>
/// <param name="PersonId">The person's id (from <c>/api/v1/directory</c>).</param>
public sealed record TeamMemberRequest([property: Required] Guid? PersonId);

/// <summary>A component to find someone else for (body of <c>POST /api/v1/teams/{id}/repropose</c>).</summary>
/// <param name="ComponentId">One of the team's components.</param>
public sealed record ReproposeRequest([property: Required] Guid? ComponentId);

/// <summary>A component the team needs.</summary>
/// <param name="Id">The component's id.</param>
/// <param name="Name">Its name.</param>
/// <param name="Capability">The capability it belongs to.</param>
/// <param name="CoveredBy">How many members (not declined) cover it.</param>
public sealed record TeamComponentView(Guid Id, string Name, string Capability, int CoveredBy);

/// <summary>Someone on (or proposed for) the team.</summary>
/// <param name="PersonId">The person's id.</param>
/// <param name="DisplayName">Their name.</param>
/// <param name="Department">Their department, if any.</param>
/// <param name="Status">Proposed (not told yet), Invited, Accepted or Declined.</param>
/// <param name="Covers">Ids of the team's components they cover.</param>
/// <param name="Reason">Why Guild proposed them, in words (only the proposer sees it; null for everyone else).</param>
/// <param name="InvitedAt">When they were invited.</param>
/// <param name="RespondedAt">When they accepted or declined.</param>
public sealed record TeamMemberView(Guid PersonId, string DisplayName, string? Department, TeamMemberStatus Status, IReadOnlyList<Guid> Covers,
    string? Reason, DateTimeOffset? InvitedAt, DateTimeOffset? RespondedAt);

/// <summary>A flexible team.</summary>
/// <param name="Id">The team's id.</param>
/// <param name="Name">Its name.</param>
/// <param name="Purpose">The business problem it works on.</param>
/// <param name="EndsOn">The day its work ends.</param>
/// <param name="ProposerId">Who described the problem and shapes the team.</param>
/// <param name="ProposerName">The proposer's name.</param>
/// <param name="CreatedAt">When it was proposed.</param>
/// <param name="InvitedAt">When invitations last went out (null while the proposer is shaping it).</param>
/// <param name="Components">The components it needs.</param>
/// <param name="Members">Members and proposed members. Others than the proposer see only people who were invited.</param>
/// <param name="CanEdit">Whether the caller may shape the team and invite.</param>
/// <param name="CallerStatus">The caller's own status on the team, if they are on it.</param>
public sealed record TeamView(Guid Id, string Name, string Purpose, DateOnly? EndsOn, Guid ProposerId, string ProposerName, DateTimeOffset CreatedAt,
    DateTimeOffset? InvitedAt, IReadOnlyList<TeamComponentView> Components, IReadOnlyList<TeamMemberView> Members, bool CanEdit, TeamMemberStatus? CallerStatus);

/// <summary>A team in a list of my teams.</summary>
/// <param name="Id">The team's id.</param>
/// <param name="Name">Its name.</param>
/// <param name="EndsOn">The day its work ends.</param>
/// <param name="ProposerName">Who proposed it.</param>
/// <param name="IsProposer">Whether the caller proposed it.</param>
/// <param name="CallerStatus">The caller's status on it (null for the proposer who is not a member).</param>
/// <param name="Accepted">How many members accepted.</param>
public sealed record TeamSummary(Guid Id, string Name, DateOnly? EndsOn, string ProposerName, bool IsProposer, TeamMemberStatus? CallerStatus, int Accepted);

/// <summary>
/// Forming flexible teams: a member describes a business problem and its components, Guild proposes a person per
/// component (<see cref="TeamProposer"/>), the proposer adjusts and invites, invitees accept or decline. Every check of
/// who may do what goes through <see cref="TeamRule"/>; a team the caller may not see is not found. Commands use the
/// request's <see cref="GuildDb"/> (notifications and learning records commit with the change); reads take a pooled
/// context, as pages render them.
/// </summary>
public sealed class TeamFormation(
    GuildDb db, IDbContextFactory<GuildDb> contexts, CurrentPerson me, TimeProvider clock, OrganisationProfile organisation, Notifier notifier,
    LearningRecorder learning, IStringLocalizer<TeamText> text)
{
    public const int MaxComponents = 20;

    /// <summary>Notification to invitees: "{0} invites you to the team {1}".</summary>
    public const string InvitedKind = "teams.invited";

    /// <summary>Notification to the proposer: "{0} answered your invitation to {1}".</summary>
    public const string AnsweredKind = "teams.answered";

    internal static readonly JsonSerializerOptions ReasonJson = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    public async Task<Result<TeamView>> ProposeAsync(TeamRequest request, CancellationToken cancellationToken)
    {
        if (!me.IsInRole(Roles.Employee))
        {
            return Result<TeamView>.Forbidden();
        }
        var today = await TodayAsync(cancellationToken);
        var errors = new Dictionary<string, string[]>();
        var name = request.Name?.Trim() ?? "";
        var purpose = request.Purpose?.Trim() ?? "";
        if (name.Length == 0)
        {
            errors["name"] = [text["NameRequired"]];
        }
        else if (name.Length > 150)
        {
            errors["name"] = [text["NameTooLong"]];
        }
        if (purpose.Length == 0)
        {
            errors["purpose"] = [text["PurposeRequired"]];
        }
        else if (purpose.Length > 10_000)
        {
            errors["purpose"] = [text["PurposeTooLong"]];
        }
        if (request.EndsOn is not { } endsOn)
        {
            errors["endsOn"] = [text["EndsOnRequired"]];
        }
        else if (endsOn < today)
        {
            errors["endsOn"] = [text["EndsOnPast"]];
        }
        var wanted = (request.Components ?? []).Distinct().ToList();
        var components = wanted.Count == 0 || wanted.Count > MaxComponents ? [] : await LiveComponentsAsync(db, wanted, cancellationToken);
        if (wanted.Count == 0)
        {
            errors["components"] = [text["ComponentsRequired"]];
        }
        else if (wanted.Count > MaxComponents)
        {
            errors["components"] = [text["ComponentsTooMany", MaxComponents]];
        }
        else if (components.Count != wanted.Count)
        {
            errors["components"] = [text["ComponentsUnknown"]];
        }
        if (errors.Count > 0)
        {
            return Result<TeamView>.Invalid(errors);
        }

        var now = clock.GetUtcNow();
        var team = new FlexibleTeam
        {
            Id = Guid.CreateVersion7(), Name = name, Purpose = purpose, ProposerId = me.Id, EndsOn = request.EndsOn, CreatedAt = now, UpdatedAt = now,
        };
        db.Add(team);
        db.AddRange(components.Select(c => new TeamComponent { TeamId = team.Id, ComponentId = c.Id }));
        // The proposer is not proposed to themselves; they lead the team anyway.
        var proposals = await new TeamProposer(db).ProposeAsync(components.Select(c => (c.Id, c.Name)).ToList(), new HashSet<Guid> { me.Id },
            new HashSet<Guid?>(), today, cancellationToken);
        db.AddRange(proposals.Select(p => new TeamMember
        {
            TeamId = team.Id, PersonId = p.PersonId, Status = TeamMemberStatus.Proposed, Reason = JsonSerializer.Serialize(p.Reason, ReasonJson),
        }));
        await db.SaveChangesAsync(cancellationToken);
        return await GetAsync(team.Id, cancellationToken);
    }

    public async Task<Result<TeamView>> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var read = await contexts.CreateDbContextAsync(cancellationToken);
        var standing = await StandingAsync(read, id, cancellationToken);
        if (standing is null || !await me.CanAsync(standing, TeamOperations.View))
        {
            return Result<TeamView>.NotFound();
        }
        var canEdit = await me.CanAsync(standing, TeamOperations.Edit);
        var team = await (from t in read.Set<FlexibleTeam>().AsNoTracking()
                          join p in read.Set<Person>() on t.ProposerId equals p.Id
                          where t.Id == id
                          select new { Team = t, ProposerName = p.GivenName + " " + p.FamilyName }).FirstAsync(cancellationToken);
        var components = await (from tc in read.Set<TeamComponent>()
                                join c in read.Set<KnowHowComponent>() on tc.ComponentId equals c.Id
                                join cap in read.Set<Capability>() on c.CapabilityId equals cap.Id
                                where tc.TeamId == id
                                orderby cap.Name, c.Name
                                select new { c.Id, c.Name, Capability = cap.Name }).ToListAsync(cancellationToken);
        var members = await (from m in read.Set<TeamMember>().AsNoTracking()
                             join p in read.Set<Person>() on m.PersonId equals p.Id
                             where m.TeamId == id
                             orderby p.SortKey
                             select new { Member = m, Name = p.GivenName + " " + p.FamilyName, Department = p.Department != null ? p.Department.Name : null })
            .ToListAsync(cancellationToken);
        var today = await TodayAsync(cancellationToken);
        var views = members
            // Someone merely proposed has not been told: only the proposer sees them.
            .Where(m => canEdit || m.Member.Status != TeamMemberStatus.Proposed)
            .Select(m =>
            {
                var reason = ReadReason(m.Member.Reason);
                return new TeamMemberView(m.Member.PersonId, m.Name, m.Department, m.Member.Status,
                    reason?.Covers.Select(c => c.ComponentId).ToList() ?? [], canEdit ? reason?.Words(text, today) : null,
                    m.Member.InvitedAt, m.Member.RespondedAt);
            }).ToList();
        var componentViews = components.Select(c => new TeamComponentView(c.Id, c.Name, c.Capability,
            views.Count(m => m.Status != TeamMemberStatus.Declined && m.Covers.Contains(c.Id)))).ToList();
        return Result<TeamView>.Ok(new TeamView(team.Team.Id, team.Team.Name, team.Team.Purpose, team.Team.EndsOn, team.Team.ProposerId, team.ProposerName,
            team.Team.CreatedAt, team.Team.InvitedAt, componentViews, views, canEdit, standing.CallerStatus));
    }

    /// <summary>Teams I proposed or was invited to, ending last first.</summary>
    public async Task<IReadOnlyList<TeamSummary>> MineAsync(CancellationToken cancellationToken)
    {
        if (me.IdOrNull is not { } myId)
        {
            return [];
        }
        await using var read = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await (from t in read.Set<FlexibleTeam>().AsNoTracking()
                          join p in read.Set<Person>() on t.ProposerId equals p.Id
                          let mine = read.Set<TeamMember>().Where(m => m.TeamId == t.Id && m.PersonId == myId).Select(m => (TeamMemberStatus?)m.Status).FirstOrDefault()
                          where t.ProposerId == myId || read.Set<TeamMember>().Any(m => m.TeamId == t.Id && m.PersonId == myId && m.Status != TeamMemberStatus.Proposed)
                          orderby t.CreatedAt descending
                          select new
                          {
                              t.Id, t.Name, t.EndsOn, ProposerName = p.GivenName + " " + p.FamilyName, IsProposer = t.ProposerId == myId, Mine = mine,
                              Accepted = read.Set<TeamMember>().Count(m => m.TeamId == t.Id && m.Status == TeamMemberStatus.Accepted),
                          })
            .Take(200).ToListAsync(cancellationToken);
        return rows.Select(r => new TeamSummary(r.Id, r.Name, r.EndsOn, r.ProposerName, r.IsProposer,
            r.Mine == TeamMemberStatus.Proposed && !r.IsProposer ? null : r.Mine, r.Accepted)).ToList();
    }

    /// <summary>The proposer adds someone by hand (Proposed, with "added by the proposer" as the reason).</summary>
    public async Task<Result<TeamView>> AddMemberAsync(Guid teamId, Guid? personId, CancellationToken cancellationToken)
    {
        var (team, refusal) = await EditableAsync(teamId, cancellationToken);
        if (team is null)
        {
            return refusal!;
        }
        if (personId is not { } id || !await db.Set<Person>().Where(ActivePeople.Expression).AnyAsync(p => p.Id == id && p.PartnerOrganisation == null, cancellationToken))
        {
            return Result<TeamView>.Invalid("personId", text["PersonUnknown"]);
        }
        if (await db.Set<TeamMember>().AnyAsync(m => m.TeamId == teamId && m.PersonId == id, cancellationToken))
        {
            return Result<TeamView>.Invalid("personId", text["PersonAlreadyOnTeam"]);
        }
        db.Add(new TeamMember { TeamId = teamId, PersonId = id, Status = TeamMemberStatus.Proposed, Reason = JsonSerializer.Serialize(TeamReason.ByHand, ReasonJson) });
        team.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return await GetAsync(teamId, cancellationToken);
    }

    /// <summary>The proposer takes someone off the team (whatever their status).</summary>
    public async Task<Result<TeamView>> RemoveMemberAsync(Guid teamId, Guid personId, CancellationToken cancellationToken)
    {
        var (team, refusal) = await EditableAsync(teamId, cancellationToken);
        if (team is null)
        {
            return refusal!;
        }
        var member = await db.Set<TeamMember>().FirstOrDefaultAsync(m => m.TeamId == teamId && m.PersonId == personId, cancellationToken);
        if (member is null)
        {
            return Result<TeamView>.NotFound();
        }
        db.Remove(member);
        team.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return await GetAsync(teamId, cancellationToken);
    }

    /// <summary>
    /// Someone else for a component: the proposed (not yet invited) people who cover it make way, and Guild proposes
    /// the next best person who is not on the team and was not just passed over.
    /// </summary>
    public async Task<Result<TeamView>> ReproposeAsync(Guid teamId, Guid? componentId, CancellationToken cancellationToken)
    {
        var (team, refusal) = await EditableAsync(teamId, cancellationToken);
        if (team is null)
        {
            return refusal!;
        }
        if (componentId is not { } id || !await db.Set<TeamComponent>().AnyAsync(c => c.TeamId == teamId && c.ComponentId == id, cancellationToken))
        {
            return Result<TeamView>.Invalid("componentId", text["ComponentNotOnTeam"]);
        }
        var members = await db.Set<TeamMember>().Where(m => m.TeamId == teamId).ToListAsync(cancellationToken);
        var passedOver = members.Where(m => m.Status == TeamMemberStatus.Proposed && (ReadReason(m.Reason)?.Covers.Any(c => c.ComponentId == id) ?? false)).ToList();
        db.RemoveRange(passedOver);
        var excluded = new HashSet<Guid>(members.Select(m => m.PersonId)) { team.ProposerId };
        var remaining = members.Except(passedOver).Where(m => m.Status != TeamMemberStatus.Declined).Select(m => m.PersonId).ToList();
        var departments = await db.Set<Person>().Where(p => remaining.Contains(p.Id)).Select(p => p.DepartmentId).Distinct().ToListAsync(cancellationToken);
        var component = await db.Set<KnowHowComponent>().Where(c => c.Id == id).Select(c => new { c.Id, c.Name }).FirstAsync(cancellationToken);
        var proposals = await new TeamProposer(db).ProposeAsync([(component.Id, component.Name)], excluded, new HashSet<Guid?>(departments),
            await TodayAsync(cancellationToken), cancellationToken);
        db.AddRange(proposals.Select(p => new TeamMember
        {
            TeamId = teamId, PersonId = p.PersonId, Status = TeamMemberStatus.Proposed, Reason = JsonSerializer.Serialize(p.Reason, ReasonJson),
        }));
        team.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return await GetAsync(teamId, cancellationToken);
    }

    /// <summary>Invites everyone still proposed; each gets a notification (and mail as they prefer).</summary>
    public async Task<Result<TeamView>> InviteAsync(Guid teamId, CancellationToken cancellationToken)
    {
        var (team, refusal) = await EditableAsync(teamId, cancellationToken);
        if (team is null)
        {
            return refusal!;
        }
        var proposed = await db.Set<TeamMember>().Where(m => m.TeamId == teamId && m.Status == TeamMemberStatus.Proposed).ToListAsync(cancellationToken);
        if (proposed.Count == 0)
        {
            return Result<TeamView>.Invalid("members", text["NobodyToInvite"]);
        }
        var now = clock.GetUtcNow();
        foreach (var member in proposed)
        {
            member.Status = TeamMemberStatus.Invited;
            member.InvitedAt = now;
        }
        team.InvitedAt = now;
        team.UpdatedAt = now;
        await notifier.NotifyAsync(proposed.Select(m => m.PersonId).ToList(),
            new NotificationEvent(InvitedKind, $"team:{team.Id}", team.Name, $"/teams/{team.Id}", me.DisplayName), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return await GetAsync(teamId, cancellationToken);
    }

    /// <summary>An invitee accepts (and joins: a learning record) or declines; the proposer hears of it.</summary>
    public async Task<Result<TeamView>> RespondAsync(Guid teamId, bool accept, CancellationToken cancellationToken)
    {
        var standing = await StandingAsync(db, teamId, cancellationToken);
        if (standing is null || !await me.CanAsync(standing, TeamOperations.View))
        {
            return Result<TeamView>.NotFound();
        }
        if (!await me.CanAsync(standing, TeamOperations.Respond))
        {
            return Result<TeamView>.Forbidden(text["OnlyInvitees"]);
        }
        var member = await db.Set<TeamMember>().FirstAsync(m => m.TeamId == teamId && m.PersonId == me.Id, cancellationToken);
        var wanted = accept ? TeamMemberStatus.Accepted : TeamMemberStatus.Declined;
        if (member.Status == wanted)
        {
            return await GetAsync(teamId, cancellationToken);
        }
        var team = await db.Set<FlexibleTeam>().FirstAsync(t => t.Id == teamId, cancellationToken);
        member.Status = wanted;
        member.RespondedAt = clock.GetUtcNow();
        await notifier.NotifyAsync([team.ProposerId],
            new NotificationEvent(AnsweredKind, $"team:{team.Id}", team.Name, $"/teams/{team.Id}", me.DisplayName), cancellationToken);
        if (accept)
        {
            await learning.AddAsync(db, new LearningAct(new LearningActor(me.Id, me.DisplayName), LearningVerbs.Joined, TeamActivity(team)), cancellationToken);
        }
        await db.SaveChangesAsync(cancellationToken);
        return await GetAsync(teamId, cancellationToken);
    }

    /// <summary>A team as a learning activity: <c>&lt;base&gt;teams/{id}</c>, a group.</summary>
    internal static LearningActivity TeamActivity(FlexibleTeam team) =>
        new($"teams/{team.Id:D}", "http://activitystrea.ms/schema/1.0/group", new LocalizedText(team.Name, team.Name));

    /// <summary>Components that exist and are live (neither they nor their capability archived), with their names.</summary>
    internal static async Task<List<(Guid Id, string Name)>> LiveComponentsAsync(GuildDb source, IReadOnlyList<Guid> ids, CancellationToken cancellationToken) =>
        (await (from c in source.Set<KnowHowComponent>()
                join cap in source.Set<Capability>() on c.CapabilityId equals cap.Id
                where ids.Contains(c.Id) && c.ArchivedAt == null && cap.ArchivedAt == null
                select new { c.Id, c.Name }).ToListAsync(cancellationToken))
        .OrderBy(c => ids.ToList().IndexOf(c.Id)).Select(c => (c.Id, c.Name)).ToList();

    /// <summary>Live components to choose from, by capability, for the form.</summary>
    public async Task<IReadOnlyList<(string Capability, IReadOnlyList<(Guid Id, string Name, int Depth)> Components)>> ChoicesAsync(CancellationToken cancellationToken)
    {
        await using var read = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await (from c in read.Set<KnowHowComponent>()
                          join cap in read.Set<Capability>() on c.CapabilityId equals cap.Id
                          where c.ArchivedAt == null && cap.ArchivedAt == null
                          orderby cap.Position, cap.Name, c.Depth, c.Position
                          select new { Capability = cap.Name, cap.Position, c.Id, c.Name, c.Depth, c.ParentId }).ToListAsync(cancellationToken);
        // Tree order within each capability: a child after its parent.
        return rows.GroupBy(r => r.Capability).Select(g =>
        {
            var ordered = new List<(Guid, string, int)>();
            void Walk(Guid? parent)
            {
                foreach (var child in g.Where(r => r.ParentId == parent))
                {
                    ordered.Add((child.Id, child.Name, child.Depth));
                    Walk(child.Id);
                }
            }
            Walk(null);
            return (g.Key, (IReadOnlyList<(Guid, string, int)>)ordered);
        }).ToList();
    }

    private async Task<(FlexibleTeam? Team, Result<TeamView>? Refusal)> EditableAsync(Guid teamId, CancellationToken cancellationToken)
    {
        var standing = await StandingAsync(db, teamId, cancellationToken);
        if (standing is null || !await me.CanAsync(standing, TeamOperations.View))
        {
            return (null, Result<TeamView>.NotFound());
        }
        if (!await me.CanAsync(standing, TeamOperations.Edit))
        {
            return (null, Result<TeamView>.Forbidden(text["OnlyProposer"]));
        }
        return (await db.Set<FlexibleTeam>().FirstAsync(t => t.Id == teamId, cancellationToken), null);
    }

    private async Task<TeamStanding?> StandingAsync(GuildDb source, Guid teamId, CancellationToken cancellationToken)
    {
        var myId = me.IdOrNull ?? Guid.Empty;
        return await source.Set<FlexibleTeam>().Where(t => t.Id == teamId)
            .Select(t => new TeamStanding(t.Id, t.ProposerId,
                source.Set<TeamMember>().Where(m => m.TeamId == t.Id && m.PersonId == myId).Select(m => (TeamMemberStatus?)m.Status).FirstOrDefault()))
            .FirstOrDefaultAsync(cancellationToken);
    }

    private async Task<DateOnly> TodayAsync(CancellationToken cancellationToken)
    {
        var view = await organisation.GetAsync(cancellationToken);
        return DateOnly.FromDateTime(view.ToLocal(clock.GetUtcNow()).DateTime);
    }

    internal static TeamReason? ReadReason(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize<TeamReason>(json, ReasonJson);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
