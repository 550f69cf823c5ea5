using Guild.Web.Features.Expertise.Calls;
using Guild.Web.Features.Expertise.Map;
using Guild.Web.Features.People;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Identity;
using Microsoft.EntityFrameworkCore;

namespace Guild.Web.Features.Expertise.Profiles;

/// <summary>A skill on someone's profile.</summary>
/// <param name="SkillId">The skill's id (the organisation's one vocabulary of skills).</param>
/// <param name="Name">The skill's name.</param>
/// <param name="Level">How well they know it: UsesIt, CanExplainIt or CanTeachIt.</param>
/// <param name="Endorsements">How many colleagues vouch for it.</param>
/// <param name="EndorsedByYou">Whether the caller is one of them.</param>
public sealed record ProfileSkill(Guid SkillId, string Name, ExpertiseLevel Level, int Endorsements, bool EndorsedByYou);

/// <summary>A component someone is an approved Knowledge Champion of.</summary>
/// <param name="ComponentId">The component's id.</param>
/// <param name="Component">The component's name.</param>
/// <param name="CapabilityId">The capability it belongs to.</param>
/// <param name="Capability">The capability's name.</param>
/// <param name="Level">The level they were approved at.</param>
public sealed record ChampionBadge(Guid ComponentId, string Component, Guid CapabilityId, string Capability, ExpertiseLevel Level);

/// <summary>How available someone is to share what they know.</summary>
/// <param name="AwayUntil">Away (holiday, leave) until the end of this day; null when around.</param>
/// <param name="HoursPerMonth">Hours a month they can give to teaching and answering; null when not said.</param>
/// <param name="Note">A short word on availability; only the person, their manager and learning admins see it (null for others).</param>
public sealed record AvailabilityView(DateOnly? AwayUntil, int? HoursPerMonth, string? Note);

/// <summary>What someone knows and how to reach them for it.</summary>
/// <param name="Skills">Their skills, best known first.</param>
/// <param name="AskMeAbout">"Ask me about" topics, in their order.</param>
/// <param name="Availability">Their availability, if they said anything about it.</param>
/// <param name="Badges">Components they are a Knowledge Champion of.</param>
/// <param name="CanEndorse">Whether the caller may endorse their skills (a colleague, not themselves).</param>
public sealed record ProfileExpertise(
    IReadOnlyList<ProfileSkill> Skills,
    IReadOnlyList<string> AskMeAbout,
    AvailabilityView? Availability,
    IReadOnlyList<ChampionBadge> Badges,
    bool CanEndorse);

/// <summary>Someone who reports to the reader, as "My team" shows them.</summary>
/// <param name="Id">The person's id.</param>
/// <param name="DisplayName">Their name.</param>
/// <param name="JobTitle">Their job title, if any.</param>
/// <param name="AwayUntil">Away until the end of this day; null when around.</param>
/// <param name="HoursPerMonth">Hours a month they can give.</param>
/// <param name="Note">Their availability note (their manager sees it).</param>
/// <param name="Skills">Their skills, best known first.</param>
public sealed record TeamMember(Guid Id, string DisplayName, string? JobTitle, DateOnly? AwayUntil, int? HoursPerMonth, string? Note, IReadOnlyList<TeamSkill> Skills);

/// <summary>A skill of a team member.</summary>
/// <param name="Name">The skill's name.</param>
/// <param name="Level">How well they know it.</param>
public sealed record TeamSkill(string Name, ExpertiseLevel Level);

/// <summary>
/// Reads a person's expertise in ONE query: skills (with endorsement counts and "endorsed by you"), topics,
/// availability and champion badges come as rows of one UNION ALL (sibling collections of one EF projection would
/// multiply each other's rows). Called while pages render, so it takes its own pooled context.
/// </summary>
public sealed class ExpertiseProfileReader(IDbContextFactory<GuildDb> contexts, CurrentPerson me)
{
    private const int SkillLine = 1, TopicLine = 2, BadgeLine = 3, AvailabilityLine = 4;

    /// <summary>One row of the union; each kind fills the columns it needs.</summary>
    private sealed class Line
    {
        public int Kind { get; init; }
        public Guid? Id { get; init; }
        public Guid? OtherId { get; init; }
        public string? Name { get; init; }
        public string? Detail { get; init; }
        public ExpertiseLevel? Level { get; init; }
        public int? Number { get; init; }
        public bool? Flag { get; init; }
        public DateOnly? Date { get; init; }
    }

    // Every profile view runs it: compiled once (see CompiledQuery).
    private static readonly CompiledQuery<Func<GuildDb, Guid, Guid, bool, IAsyncEnumerable<Line>>> LinesQuery = new(() =>
        EF.CompileAsyncQuery((GuildDb db, Guid id, Guid viewer, bool showNote) =>
            (from s in db.Set<PersonSkill>()
             join skill in db.Set<Skill>() on s.SkillId equals skill.Id
             where s.PersonId == id
             select new Line
             {
                 Kind = SkillLine, Id = s.SkillId, OtherId = null, Name = skill.Name, Detail = null, Level = s.Level,
                 Number = db.Set<Endorsement>().Count(e => e.PersonId == id && e.SkillId == s.SkillId),
                 Flag = db.Set<Endorsement>().Any(e => e.PersonId == id && e.SkillId == s.SkillId && e.EndorserId == viewer),
                 Date = null,
             })
            .Concat(
                from t in db.Set<AskMeAboutTopic>()
                where t.PersonId == id
                select new Line
                {
                    Kind = TopicLine, Id = null, OtherId = null, Name = t.Text, Detail = null, Level = null,
                    Number = t.Position, Flag = null, Date = null,
                })
            .Concat(
                from c in db.Set<ComponentChampion>()
                join component in db.Set<KnowHowComponent>() on c.ComponentId equals component.Id
                join capability in db.Set<Capability>() on component.CapabilityId equals capability.Id
                where c.PersonId == id && c.EndedAt == null && component.ArchivedAt == null
                select new Line
                {
                    Kind = BadgeLine, Id = component.Id, OtherId = capability.Id, Name = component.Name, Detail = capability.Name,
                    Level = c.Level, Number = null, Flag = null, Date = null,
                })
            .Concat(
                from a in db.Set<Availability>()
                where a.PersonId == id
                select new Line
                {
                    Kind = AvailabilityLine, Id = null, OtherId = null, Name = showNote ? a.Note : null, Detail = null, Level = null,
                    Number = a.HoursPerMonth, Flag = null, Date = a.AwayUntil,
                })
            .AsNoTracking()));

    /// <summary>The expertise of a person the caller has already loaded (and so may view).</summary>
    public async Task<ProfileExpertise> GetAsync(PersonProfile person, CancellationToken cancellationToken)
    {
        var subject = person.AsSubject();
        var showNote = await me.CanAsync(subject, PeopleAccess.ViewTeamDetails);
        var canEndorse = person.DeactivatedAt is null && await me.CanAsync(subject, PeopleAccess.Endorse);
        var id = person.Id;
        var viewer = me.IdOrNull ?? Guid.Empty;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var lines = new List<Line>();
        await foreach (var line in LinesQuery.For(db)(db, id, viewer, showNote).WithCancellation(cancellationToken))
        {
            lines.Add(line);
        }

        return new ProfileExpertise(
            lines.Where(l => l.Kind == SkillLine)
                .Select(l => new ProfileSkill(l.Id!.Value, l.Name!, l.Level!.Value, l.Number ?? 0, l.Flag ?? false))
                .OrderByDescending(s => s.Level).ThenByDescending(s => s.Endorsements).ThenBy(s => s.Name, StringComparer.CurrentCultureIgnoreCase)
                .ToList(),
            lines.Where(l => l.Kind == TopicLine).OrderBy(l => l.Number).Select(l => l.Name!).ToList(),
            lines.Where(l => l.Kind == AvailabilityLine).Select(l => new AvailabilityView(l.Date, l.Number, l.Name)).FirstOrDefault(),
            lines.Where(l => l.Kind == BadgeLine)
                .Select(l => new ChampionBadge(l.Id!.Value, l.Name!, l.OtherId!.Value, l.Detail!, l.Level!.Value))
                .OrderBy(b => b.Capability, StringComparer.CurrentCultureIgnoreCase).ThenBy(b => b.Component, StringComparer.CurrentCultureIgnoreCase)
                .ToList(),
            canEndorse);
    }

    /// <summary>
    /// The active people who report to the reader directly, with availability (note included: the rule's
    /// ViewTeamDetails holds for their manager) and skills, in one query (skills are its only collection).
    /// </summary>
    public async Task<IReadOnlyList<TeamMember>> MyTeamAsync(CancellationToken cancellationToken)
    {
        if (me.IdOrNull is not { } manager)
        {
            return [];
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.Set<Person>().AsNoTracking()
            .Where(p => p.ManagerId == manager && p.Account.DeactivatedAt == null)
            .OrderBy(p => p.SortKey).ThenBy(p => p.Id)
            .Select(p => new
            {
                p.Id, p.GivenName, p.FamilyName, p.JobTitle, p.ManagerId,
                Availability = db.Set<Availability>().Where(a => a.PersonId == p.Id).Select(a => new { a.AwayUntil, a.HoursPerMonth, a.Note }).FirstOrDefault(),
                Skills = db.Set<PersonSkill>().Where(s => s.PersonId == p.Id)
                    .Join(db.Set<Skill>(), s => s.SkillId, k => k.Id, (s, k) => new { k.Name, s.Level })
                    .ToList(),
            })
            .ToListAsync(cancellationToken);
        var team = new List<TeamMember>(rows.Count);
        foreach (var row in rows)
        {
            var showNote = await me.CanAsync(PeopleAccess.Subject(row.Id, row.ManagerId), PeopleAccess.ViewTeamDetails);
            team.Add(new TeamMember(row.Id, $"{row.GivenName} {row.FamilyName}", row.JobTitle, row.Availability?.AwayUntil, row.Availability?.HoursPerMonth,
                showNote ? row.Availability?.Note : null,
                row.Skills.OrderByDescending(s => s.Level).ThenBy(s => s.Name, StringComparer.CurrentCultureIgnoreCase)
                    .Select(s => new TeamSkill(s.Name, s.Level)).ToList()));
        }
        return team;
    }
}
