using Guild.Web.Features.Expertise.Calls;
using Guild.Web.Features.Expertise.Map;
using Guild.Web.Features.Expertise.Profiles;
using Guild.Web.Features.Expertise.Talent;
using Guild.Web.Features.People;
using Guild.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Guild.Web.Features.Expertise.Teams;

/// <summary>
/// Picks one person per component: champions of the component first, then people with its skills by level and
/// endorsements; people who are around before people who are away; someone from a department the team does not have
/// yet before a second person from one it has; and people who already carry many components and teams last.
/// </summary>
internal sealed class TeamProposer(GuildDb db)
{
    /// <summary>How many candidates per component are weighed (the best by expertise); enough to find someone available elsewhere.</summary>
    private const int CandidatesPerComponent = 40;

    private sealed record Candidate(Guid PersonId, Guid ComponentId, bool Champion, ExpertiseLevel Level, string? Skill, int Endorsements);

    /// <summary>
    /// A person for each of <paramref name="components"/> (id, name), never one of <paramref name="excluded"/>, given the
    /// departments the team already has. Components nobody covers are left out of the answer.
    /// </summary>
    public async Task<IReadOnlyList<(Guid PersonId, TeamReason Reason)>> ProposeAsync(
        IReadOnlyList<(Guid Id, string Name)> components, ISet<Guid> excluded, ISet<Guid?> departmentsOnTeam, DateOnly today,
        CancellationToken cancellationToken)
    {
        var ids = components.Select(c => c.Id).ToList();
        var people = db.Set<Person>().Where(ActivePeople.Expression);
        var champions = await (from c in db.Set<ComponentChampion>()
                               join p in people on c.PersonId equals p.Id
                               where ids.Contains(c.ComponentId) && c.EndedAt == null
                               select new Candidate(c.PersonId, c.ComponentId, true, c.Level, null, 0))
            .ToListAsync(cancellationToken);
        var skilled = await (from cs in db.Set<ComponentSkill>()
                             join s in db.Set<PersonSkill>() on cs.SkillId equals s.SkillId
                             join p in people on s.PersonId equals p.Id
                             join sk in db.Set<Skill>() on s.SkillId equals sk.Id
                             where ids.Contains(cs.ComponentId)
                             select new Candidate(s.PersonId, cs.ComponentId, false, s.Level, sk.Name,
                                 db.Set<Endorsement>().Count(e => e.PersonId == s.PersonId && e.SkillId == s.SkillId)))
            .ToListAsync(cancellationToken);
        // Per component and person, the strongest claim: champion before skill, then level, then endorsements.
        var byComponent = champions.Concat(skilled)
            .Where(c => !excluded.Contains(c.PersonId))
            .GroupBy(c => c.ComponentId)
            .ToDictionary(g => g.Key, g => g
                .GroupBy(c => c.PersonId).Select(p => p.OrderByDescending(Strength).First())
                .OrderByDescending(Strength).Take(CandidatesPerComponent).ToList());
        var personIds = byComponent.Values.SelectMany(list => list.Select(c => c.PersonId)).Distinct().ToList();
        if (personIds.Count == 0)
        {
            return [];
        }

        // What decides between them, for all candidates at once: department, availability and load.
        var facts = await (from p in db.Set<Person>()
                           where personIds.Contains(p.Id)
                           join a in db.Set<Availability>() on p.Id equals a.PersonId into availability
                           from a in availability.DefaultIfEmpty()
                           select new
                           {
                               p.Id, p.DepartmentId, Department = p.Department != null ? p.Department.Name : null,
                               AwayUntil = a != null ? a.AwayUntil : null, HoursPerMonth = a != null ? a.HoursPerMonth : null,
                               Championships = db.Set<ComponentChampion>().Count(c => c.PersonId == p.Id && c.EndedAt == null),
                               Teams = (from m in db.Set<TeamMember>()
                                        join t in db.Set<FlexibleTeam>() on m.TeamId equals t.Id
                                        where m.PersonId == p.Id && (m.Status == TeamMemberStatus.Invited || m.Status == TeamMemberStatus.Accepted)
                                              && (t.EndsOn == null || t.EndsOn >= today)
                                        select m).Count(),
                           })
            .ToDictionaryAsync(f => f.Id, cancellationToken);

        var chosen = new List<(Guid PersonId, TeamReason Reason)>();
        var departments = new HashSet<Guid?>(departmentsOnTeam);
        foreach (var (componentId, componentName) in components)
        {
            if (!byComponent.TryGetValue(componentId, out var candidates))
            {
                continue;
            }
            // Someone already chosen who also covers this component covers it without adding a person.
            var already = chosen.FindIndex(c => candidates.Any(k => k.PersonId == c.PersonId));
            if (already >= 0)
            {
                var claim = candidates.First(k => k.PersonId == chosen[already].PersonId);
                var reason = chosen[already].Reason;
                chosen[already] = (chosen[already].PersonId, reason with { Covers = [.. reason.Covers, Covered(claim, componentName)] });
                continue;
            }
            var best = candidates
                .Where(c => facts.ContainsKey(c.PersonId) && !chosen.Any(x => x.PersonId == c.PersonId))
                .Select(c =>
                {
                    var f = facts[c.PersonId];
                    // Expertise sets the order (a champion's 1,000 points before a skill's); being away outweighs it all,
                    // so someone away is proposed only when no one else covers the component; a department the team
                    // already has costs about one level, and so does each component or team they already carry.
                    var score = Strength(c) * 10;
                    score += f.AwayUntil is { } away && away >= today ? -3000 : 0;
                    score += f.HoursPerMonth switch { 0 => -300, > 0 => 50, _ => 0 };
                    score += departments.Contains(f.DepartmentId) ? -250 : 0;
                    score -= 200 * (Math.Max(0, f.Championships - 1) + f.Teams);
                    return (Candidate: c, Score: score);
                })
                .OrderByDescending(x => x.Score).ThenBy(x => x.Candidate.PersonId)
                .Select(x => x.Candidate)
                .FirstOrDefault();
            if (best is null)
            {
                continue;
            }
            var facts1 = facts[best.PersonId];
            var first = !departments.Contains(facts1.DepartmentId);
            departments.Add(facts1.DepartmentId);
            chosen.Add((best.PersonId, new TeamReason([Covered(best, componentName)], facts1.AwayUntil, facts1.HoursPerMonth, facts1.Department,
                first && facts1.DepartmentId is not null, facts1.Championships, facts1.Teams)));
        }
        return chosen;
    }

    /// <summary>Champion over skill, then level, then endorsements (capped: ten colleagues say enough).</summary>
    private static int Strength(Candidate c) => (c.Champion ? 100 : 0) + (int)c.Level * 20 + Math.Min(c.Endorsements, 10);

    private static CoveredComponent Covered(Candidate c, string component) =>
        new(c.ComponentId, component, c.Champion, c.Level, c.Skill, c.Endorsements);
}
