using System.Text.Json;
using Guild.Web.Features.Expertise.Map;
using Guild.Web.Features.People;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Demo;
using Guild.Web.Platform.Identity;
using Microsoft.EntityFrameworkCore;

namespace Guild.Web.Features.Expertise.Teams;

/// <summary>
/// One flexible team in the demo organisation, proposed by the demo Employee (Sanne de Vries) for the first components
/// on the map, with members in every state: accepted, invited, declined and still proposed. The team is proposed by
/// the same <see cref="TeamProposer"/> people use, so its reasons are real. The large organisation gets none: teams are
/// not what its benchmarks measure. Runs after the map and the champions (Order 40).
/// </summary>
internal sealed class TeamsDemoContent(GuildDb db, ILogger<TeamsDemoContent> logger) : IDemoContent
{
    public int Order => 40;

    public async Task SeedAsync(DemoSeedContext context, CancellationToken cancellationToken)
    {
        if (context.Size == DemoSize.Large)
        {
            return;
        }
        var proposerEmail = DemoAccounts.All.First(a => a.Role == Roles.Employee).Email;
        var proposer = await db.Set<Person>().Where(p => p.Account.Email == proposerEmail).Select(p => new { p.Id, p.DepartmentId }).FirstOrDefaultAsync(cancellationToken);
        var components = await (from c in db.Set<KnowHowComponent>()
                                join cap in db.Set<Capability>() on c.CapabilityId equals cap.Id
                                where c.ArchivedAt == null && cap.ArchivedAt == null && c.Depth == 1
                                orderby cap.Position, c.Position
                                select new { c.Id, c.Name }).Take(4).ToListAsync(cancellationToken);
        if (proposer is null || components.Count == 0)
        {
            logger.LogInformation("No know-how map in the demo organisation yet: no demo team.");
            return;
        }
        var today = DateOnly.FromDateTime(context.Now.UtcDateTime);
        var team = new FlexibleTeam
        {
            Id = Guid.CreateVersion7(), Name = "Spring campaign in short videos", ProposerId = proposer.Id, EndsOn = today.AddDays(60),
            Purpose = "Our spring campaign moves from print to short videos for social media. We need people who can plan, shoot and edit " +
                      "them, and who can teach the marketing team to keep going after the campaign.",
            CreatedAt = context.Now.AddDays(-3), UpdatedAt = context.Now.AddDays(-2), InvitedAt = context.Now.AddDays(-2),
        };
        db.Add(team);
        db.AddRange(components.Select(c => new TeamComponent { TeamId = team.Id, ComponentId = c.Id }));
        var proposals = await new TeamProposer(db).ProposeAsync(components.Select(c => (c.Id, c.Name)).ToList(), new HashSet<Guid> { proposer.Id },
            new HashSet<Guid?>(), today, cancellationToken);
        // Accepted, invited (no answer yet), declined, and the last one still only proposed.
        TeamMemberStatus[] states = [TeamMemberStatus.Accepted, TeamMemberStatus.Invited, TeamMemberStatus.Declined, TeamMemberStatus.Proposed];
        for (var i = 0; i < proposals.Count; i++)
        {
            var status = states[Math.Min(i, states.Length - 1)];
            db.Add(new TeamMember
            {
                TeamId = team.Id, PersonId = proposals[i].PersonId, Status = status,
                Reason = JsonSerializer.Serialize(proposals[i].Reason, TeamFormation.ReasonJson),
                InvitedAt = status == TeamMemberStatus.Proposed ? null : team.InvitedAt,
                RespondedAt = status is TeamMemberStatus.Accepted or TeamMemberStatus.Declined ? context.Now.AddDays(-1) : null,
            });
        }
        await db.SaveChangesAsync(cancellationToken);
    }
}
