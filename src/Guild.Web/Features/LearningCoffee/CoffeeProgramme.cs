using Guild.Web.Features.Expertise.Map;
using Guild.Web.Features.Expertise.Profiles;
using Guild.Web.Features.People;
using Guild.Web.Platform;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.LearningRecords;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Guild.Web.Features.LearningCoffee;

/// <summary>A person or skill named on the page or in the API.</summary>
/// <param name="Id">Its id.</param>
/// <param name="Name">Its name.</param>
public sealed record CoffeeNamed(Guid Id, string Name);

/// <summary>My current pair (or trio).</summary>
/// <param name="PairId">The pair's id: answer "did you meet?" on it.</param>
/// <param name="Round">The round's number.</param>
/// <param name="StartedAt">When the round was made.</param>
/// <param name="Partners">The other members, with what they know and want to learn.</param>
/// <param name="Met">What someone of the pair answered to "did you meet?"; null when nobody has yet.</param>
/// <param name="IsTrio">Three of us this time.</param>
public sealed record CoffeeCurrentPair(Guid PairId, int Round, DateTimeOffset StartedAt, IReadOnlyList<CoffeePartner> Partners, bool? Met, bool IsTrio);

/// <summary>My place in the learning-coffee programme. Exclusions are mine alone: nobody else ever reads them.</summary>
/// <param name="Joined">Whether I am in the programme.</param>
/// <param name="CrossDepartmentOnly">Only pair me with people of other departments.</param>
/// <param name="Exclusions">People I do not want to be paired with (only I see this list).</param>
/// <param name="WantsToLearn">Skills I want to learn.</param>
/// <param name="CanTeach">Skills of my profile I can teach.</param>
/// <param name="CurrentPair">My pair of the latest round, if I have one.</param>
/// <param name="LeftOutLastRound">Nobody could be found for me in the latest round: I go first next time.</param>
public sealed record CoffeeMembership(bool Joined, bool CrossDepartmentOnly, IReadOnlyList<CoffeeNamed> Exclusions, IReadOnlyList<CoffeeNamed> WantsToLearn,
    IReadOnlyList<CoffeeNamed> CanTeach, CoffeeCurrentPair? CurrentPair, bool LeftOutLastRound);

/// <summary>Joining the programme.</summary>
/// <param name="CrossDepartmentOnly">Only pair me with people of other departments (default: yes, the programme's default).</param>
public sealed record CoffeeJoinRequest(bool CrossDepartmentOnly = true);

/// <summary>All my settings at once (the API's PUT).</summary>
/// <param name="CrossDepartmentOnly">Only pair me with people of other departments.</param>
/// <param name="ExcludedPersonIds">People I do not want to be paired with.</param>
/// <param name="WantsToLearn">Ids of skills (of the know-how map) I want to learn.</param>
/// <param name="CanTeach">Ids of skills of my own profile I can teach.</param>
public sealed record CoffeeSettingsRequest(bool CrossDepartmentOnly, IReadOnlyList<Guid>? ExcludedPersonIds, IReadOnlyList<Guid>? WantsToLearn,
    IReadOnlyList<Guid>? CanTeach);

/// <summary>The answer to "did you meet?".</summary>
/// <param name="Met">Yes, we met; no, we did not (then we may be paired again soon).</param>
public sealed record CoffeeMeetingAnswer(bool Met);

/// <summary>
/// A person's side of the learning coffee: joining and leaving, settings, private exclusions, what to learn and teach,
/// the current pair and "did you meet?". Every method works on the signed-in person only.
/// </summary>
public sealed class CoffeeProgramme(GuildDb db, CurrentPerson me, CoffeeMails mails, LearningRecorder recorder, TimeProvider clock, IStringLocalizer<CoffeeText> text)
{
    /// <summary>The programme as a learning activity: joining it is "joined", meeting a pair is "attended" a meeting.</summary>
    public static LearningActivity Activity { get; } = new("coffee", LearningActivityTypes.Community, new("Learning coffee", "Leerkoffie"));

    public static LearningActivity PairActivity(Guid pairId) =>
        new($"coffee/pairs/{pairId:D}", LearningActivityTypes.Meeting, new("Learning coffee", "Leerkoffie"));

    public async Task<Result<CoffeeMembership>> MineAsync(CancellationToken cancellationToken)
    {
        if (!await me.CanAsync(CoffeeStanding.Programme, CoffeeOperations.Join))
        {
            return Result<CoffeeMembership>.Forbidden();
        }
        var id = me.Id;
        var member = await db.Set<CoffeeMember>().AsNoTracking().FirstOrDefaultAsync(m => m.PersonId == id, cancellationToken);
        var exclusions = await (from e in db.Set<CoffeeExclusion>()
                                join p in db.Set<Person>() on e.ExcludedPersonId equals p.Id
                                where e.PersonId == id
                                orderby p.SortKey
                                select new CoffeeNamed(p.Id, p.GivenName + " " + p.FamilyName)).ToListAsync(cancellationToken);
        var interests = await (from i in db.Set<CoffeeInterest>()
                               join s in db.Set<Skill>() on i.SkillId equals s.Id
                               where i.PersonId == id
                               orderby s.Name
                               select new { i.Kind, Skill = new CoffeeNamed(s.Id, s.Name) }).ToListAsync(cancellationToken);
        var latest = await db.Set<CoffeeRound>().OrderByDescending(r => r.Number).Select(r => new { r.Id, r.Number, r.StartedAt }).FirstOrDefaultAsync(cancellationToken);
        CoffeeCurrentPair? current = null;
        if (latest is not null)
        {
            var pair = await (from pm in db.Set<CoffeePairMember>()
                              join p in db.Set<CoffeePair>() on pm.PairId equals p.Id
                              where pm.PersonId == id && p.RoundId == latest.Id
                              select new { p.Id, p.Met, p.TrioJoinerId }).FirstOrDefaultAsync(cancellationToken);
            if (pair is not null)
            {
                current = new CoffeeCurrentPair(pair.Id, latest.Number, latest.StartedAt, await mails.PartnersAsync(pair.Id, id, cancellationToken), pair.Met,
                    pair.TrioJoinerId is not null);
            }
        }
        return Result<CoffeeMembership>.Ok(new CoffeeMembership(member is not null, member?.CrossDepartmentOnly ?? true, exclusions,
            interests.Where(i => i.Kind == CoffeeInterestKind.Learn).Select(i => i.Skill).ToList(),
            interests.Where(i => i.Kind == CoffeeInterestKind.Teach).Select(i => i.Skill).ToList(), current,
            member?.LeftOutInRound is { } round && latest?.Number == round));
    }

    public async Task<Result<CoffeeMembership>> JoinAsync(CoffeeJoinRequest request, CancellationToken cancellationToken)
    {
        if (!await me.CanAsync(CoffeeStanding.Programme, CoffeeOperations.Join))
        {
            return Result<CoffeeMembership>.Forbidden();
        }
        var id = me.Id;
        if (await db.Set<CoffeeMember>().AnyAsync(m => m.PersonId == id, cancellationToken))
        {
            return Result<CoffeeMembership>.Conflict(text["Error.AlreadyJoined"]);
        }
        db.Add(new CoffeeMember { PersonId = id, JoinedAt = clock.GetUtcNow(), CrossDepartmentOnly = request.CrossDepartmentOnly });
        await recorder.AddAsync(db, new LearningAct(new LearningActor(id, me.DisplayName), LearningVerbs.Joined, Activity), cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Joined at the same moment from another tab: the first one counts.
            return Result<CoffeeMembership>.Conflict(text["Error.AlreadyJoined"]);
        }
        return await MineAsync(cancellationToken);
    }

    /// <summary>Leaves the programme; exclusions and interests stay for a return (they are the person's own).</summary>
    public async Task<Result<CoffeeMembership>> LeaveAsync(CancellationToken cancellationToken)
    {
        if (!await me.CanAsync(CoffeeStanding.Programme, CoffeeOperations.Join))
        {
            return Result<CoffeeMembership>.Forbidden();
        }
        var id = me.Id;
        var removed = await db.Set<CoffeeMember>().Where(m => m.PersonId == id).ExecuteDeleteAsync(cancellationToken);
        return removed == 0 ? Result<CoffeeMembership>.Conflict(text["Error.NotJoined"]) : await MineAsync(cancellationToken);
    }

    /// <summary>Replaces every setting at once; invalid input changes nothing.</summary>
    public async Task<Result<CoffeeMembership>> UpdateAsync(CoffeeSettingsRequest request, CancellationToken cancellationToken)
    {
        if (!await me.CanAsync(CoffeeStanding.Programme, CoffeeOperations.Join))
        {
            return Result<CoffeeMembership>.Forbidden();
        }
        var id = me.Id;
        var member = await db.Set<CoffeeMember>().FirstOrDefaultAsync(m => m.PersonId == id, cancellationToken);
        if (member is null)
        {
            return Result<CoffeeMembership>.Conflict(text["Error.NotJoined"]);
        }
        var excluded = (request.ExcludedPersonIds ?? []).Distinct().ToList();
        var learn = (request.WantsToLearn ?? []).Distinct().ToList();
        var teach = (request.CanTeach ?? []).Distinct().ToList();
        var errors = new Dictionary<string, string[]>();
        if (excluded.Count > 200)
        {
            errors["excludedPersonIds"] = [text["Error.TooManyExclusions"]];
        }
        else if (await CheckPeopleAsync(id, excluded, cancellationToken) is { } problem)
        {
            errors["excludedPersonIds"] = [problem];
        }
        var known = await db.Set<Skill>().Where(s => learn.Contains(s.Id)).CountAsync(cancellationToken);
        if (learn.Count > 20 || known != learn.Count)
        {
            errors["wantsToLearn"] = [learn.Count > 20 ? text["Error.TooManySkills"] : text["Error.UnknownSkill"]];
        }
        var own = await db.Set<PersonSkill>().Where(s => s.PersonId == id && teach.Contains(s.SkillId)).CountAsync(cancellationToken);
        if (own != teach.Count)
        {
            errors["canTeach"] = [text["Error.TeachOwnSkills"]];
        }
        if (errors.Count > 0)
        {
            return Result<CoffeeMembership>.Invalid(errors);
        }
        // The deletes and the adds commit together: a failure leaves the old settings whole.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        member.CrossDepartmentOnly = request.CrossDepartmentOnly;
        await db.Set<CoffeeExclusion>().Where(e => e.PersonId == id && !excluded.Contains(e.ExcludedPersonId)).ExecuteDeleteAsync(cancellationToken);
        var kept = await db.Set<CoffeeExclusion>().Where(e => e.PersonId == id).Select(e => e.ExcludedPersonId).ToListAsync(cancellationToken);
        db.AddRange(excluded.Except(kept).Select(p => new CoffeeExclusion { PersonId = id, ExcludedPersonId = p }));
        await db.Set<CoffeeInterest>().Where(i => i.PersonId == id).ExecuteDeleteAsync(cancellationToken);
        db.AddRange(learn.Select(s => new CoffeeInterest { PersonId = id, SkillId = s, Kind = CoffeeInterestKind.Learn }));
        db.AddRange(teach.Select(s => new CoffeeInterest { PersonId = id, SkillId = s, Kind = CoffeeInterestKind.Teach }));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return await MineAsync(cancellationToken);
    }

    /// <summary>Adds one person to my exclusions (the page's form).</summary>
    public async Task<Result<CoffeeMembership>> ExcludeAsync(Guid? personId, CancellationToken cancellationToken)
    {
        var mine = await MineAsync(cancellationToken);
        if (!mine.IsOk || personId is not { } person)
        {
            return mine.IsOk ? Result<CoffeeMembership>.Invalid("personId", text["Error.UnknownPerson"]) : mine;
        }
        if (mine.Value!.Exclusions.Any(e => e.Id == person))
        {
            return Result<CoffeeMembership>.Invalid("personId", text["Error.AlreadyExcluded"]);
        }
        return await UpdateAsync(Settings(mine.Value, excluded: [.. mine.Value.Exclusions.Select(e => e.Id), person]), cancellationToken);
    }

    public async Task<Result<CoffeeMembership>> IncludeAsync(Guid? personId, CancellationToken cancellationToken)
    {
        var mine = await MineAsync(cancellationToken);
        return !mine.IsOk ? mine : await UpdateAsync(Settings(mine.Value!, excluded: mine.Value!.Exclusions.Select(e => e.Id).Where(e => e != personId).ToList()),
            cancellationToken);
    }

    public async Task<Result<CoffeeMembership>> SetCrossDepartmentAsync(bool crossDepartmentOnly, CancellationToken cancellationToken)
    {
        var mine = await MineAsync(cancellationToken);
        return !mine.IsOk ? mine : await UpdateAsync(Settings(mine.Value!) with { CrossDepartmentOnly = crossDepartmentOnly }, cancellationToken);
    }

    /// <summary>Adds a skill to learn by its name (the page's form), or toggles a skill of my profile to teach.</summary>
    public async Task<Result<CoffeeMembership>> LearnAsync(string? skillName, CancellationToken cancellationToken)
    {
        var mine = await MineAsync(cancellationToken);
        if (!mine.IsOk)
        {
            return mine;
        }
        var key = ExpertiseProfileEditor.NameKey(skillName ?? "");
        var skill = key.Length == 0 ? null : await db.Set<Skill>().AsNoTracking().Where(s => s.NameKey == key).Select(s => (Guid?)s.Id).FirstOrDefaultAsync(cancellationToken);
        if (skill is not { } found)
        {
            return Result<CoffeeMembership>.Invalid("skill", text["Error.UnknownSkillName"]);
        }
        return await UpdateAsync(Settings(mine.Value!, learn: [.. mine.Value!.WantsToLearn.Select(s => s.Id), found]), cancellationToken);
    }

    public async Task<Result<CoffeeMembership>> ForgetLearningAsync(Guid? skillId, CancellationToken cancellationToken)
    {
        var mine = await MineAsync(cancellationToken);
        return !mine.IsOk ? mine : await UpdateAsync(Settings(mine.Value!, learn: mine.Value!.WantsToLearn.Select(s => s.Id).Where(s => s != skillId).ToList()),
            cancellationToken);
    }

    public async Task<Result<CoffeeMembership>> SetTeachingAsync(IReadOnlyList<Guid> skillIds, CancellationToken cancellationToken)
    {
        var mine = await MineAsync(cancellationToken);
        return !mine.IsOk ? mine : await UpdateAsync(Settings(mine.Value!, teach: skillIds), cancellationToken);
    }

    /// <summary>The skills of my own profile (what I could teach).</summary>
    public async Task<IReadOnlyList<CoffeeNamed>> MySkillsAsync(CancellationToken cancellationToken)
    {
        var id = me.Id;
        return await (from s in db.Set<PersonSkill>()
                      join skill in db.Set<Skill>() on s.SkillId equals skill.Id
                      where s.PersonId == id
                      orderby skill.Name
                      select new CoffeeNamed(skill.Id, skill.Name)).ToListAsync(cancellationToken);
    }

    /// <summary>"Did you meet?" for a pair of mine; anyone else's pair answers 404. A "yes" records that each member met.</summary>
    public async Task<Result<CoffeeMembership>> AnswerAsync(Guid pairId, bool met, CancellationToken cancellationToken)
    {
        var pair = await db.Set<CoffeePair>().Include(p => p.Members).FirstOrDefaultAsync(p => p.Id == pairId, cancellationToken);
        if (pair is null || !await me.CanAsync(new CoffeeStanding(pair.Id, pair.Members.Select(m => m.PersonId).ToList()), CoffeeOperations.Answer))
        {
            return Result<CoffeeMembership>.NotFound();
        }
        var firstYes = met && pair.Met != true;
        pair.Met = met;
        pair.AnsweredById = me.Id;
        pair.AnsweredAt = clock.GetUtcNow();
        if (firstYes)
        {
            var names = await db.Set<Person>().Where(p => pair.Members.Select(m => m.PersonId).Contains(p.Id))
                .Select(p => new { p.Id, Name = p.GivenName + " " + p.FamilyName }).ToListAsync(cancellationToken);
            foreach (var person in names)
            {
                await recorder.AddAsync(db, new LearningAct(new LearningActor(person.Id, person.Name), LearningVerbs.Attended, PairActivity(pair.Id)), cancellationToken);
            }
        }
        await db.SaveChangesAsync(cancellationToken);
        return await MineAsync(cancellationToken);
    }

    private static CoffeeSettingsRequest Settings(CoffeeMembership mine, IReadOnlyList<Guid>? excluded = null, IReadOnlyList<Guid>? learn = null,
        IReadOnlyList<Guid>? teach = null) =>
        new(mine.CrossDepartmentOnly, excluded ?? mine.Exclusions.Select(e => e.Id).ToList(), learn ?? mine.WantsToLearn.Select(s => s.Id).ToList(),
            teach ?? mine.CanTeach.Select(s => s.Id).ToList());

    private async Task<string?> CheckPeopleAsync(Guid me, List<Guid> people, CancellationToken cancellationToken)
    {
        if (people.Contains(me))
        {
            return text["Error.ExcludeSelf"].Value;
        }
        var known = await db.Set<Person>().Where(p => people.Contains(p.Id) && p.PartnerOrganisation == null).CountAsync(cancellationToken);
        return known == people.Count ? null : text["Error.UnknownPerson"].Value;
    }
}
