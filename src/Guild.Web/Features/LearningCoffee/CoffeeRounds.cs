using System.Diagnostics;
using Guild.Web.Features.Expertise.Profiles;
using Guild.Web.Features.People;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Jobs;
using Guild.Web.Platform.Notifications;
using Guild.Web.Platform.Organisation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Guild.Web.Features.LearningCoffee;

/// <summary>
/// Makes rounds: reads who opted in and what the rules need (a handful of queries, whatever the programme's size), pairs
/// them (<see cref="CoffeePairing"/>), and in one unit of work stores the round with its pairs, queues each member's
/// introduction for their own working hours and the pair's "did you meet?", and tells whoever could not be paired.
/// </summary>
public sealed class CoffeeRounds(GuildDb db, WorkingCalendar calendar, JobQueue jobs, Notifier notifier, TimeProvider clock,
    IOptions<CoffeeOptions> options, ILogger<CoffeeRounds> logger)
{
    public const string NoPartnerKind = "coffee.no-partner";

    /// <summary>Starts a round when the last one is <see cref="CoffeeOptions.RoundEvery"/> old (the daily job calls this).</summary>
    public async Task<CoffeeRound?> StartIfDueAsync(CancellationToken cancellationToken)
    {
        var last = await db.Set<CoffeeRound>().OrderByDescending(r => r.Number).Select(r => (DateTimeOffset?)r.StartedAt).FirstOrDefaultAsync(cancellationToken);
        // Half a day of slack: the daily job runs at the same local time, and "fourteen days" must not slip to fifteen.
        if (last is { } at && clock.GetUtcNow() - at < options.Value.RoundEvery - TimeSpan.FromHours(12))
        {
            return null;
        }
        return await StartRoundAsync(cancellationToken);
    }

    /// <summary>Pairs everyone who opted in now, and saves the round.</summary>
    public async Task<CoffeeRound> StartRoundAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = clock.GetUtcNow();
        var lastNumber = await db.Set<CoffeeRound>().MaxAsync(r => (int?)r.Number, cancellationToken) ?? 0;
        var number = lastNumber + 1;
        var members = await (from m in db.Set<CoffeeMember>()
                             join p in db.Set<Person>() on m.PersonId equals p.Id
                             where p.Account.DeactivatedAt == null
                             select new
                             {
                                 m.PersonId, p.DepartmentId, m.CrossDepartmentOnly, m.LeftOutInRound,
                                 AwayUntil = db.Set<Availability>().Where(a => a.PersonId == m.PersonId).Select(a => a.AwayUntil).FirstOrDefault(),
                             }).AsNoTracking().ToListAsync(cancellationToken);
        var teams = await (from t in db.Set<Expertise.Teams.TeamMember>()
                           join m in db.Set<CoffeeMember>() on t.PersonId equals m.PersonId
                           where t.Status == Expertise.Teams.TeamMemberStatus.Accepted
                           select new { t.PersonId, t.TeamId }).ToListAsync(cancellationToken);
        var skills = await (from s in db.Set<PersonSkill>()
                            join m in db.Set<CoffeeMember>() on s.PersonId equals m.PersonId
                            select new { s.PersonId, s.SkillId }).ToListAsync(cancellationToken);
        var interests = await db.Set<CoffeeInterest>().AsNoTracking().ToListAsync(cancellationToken);
        var exclusions = await db.Set<CoffeeExclusion>().AsNoTracking().Select(e => new { e.PersonId, e.ExcludedPersonId }).ToListAsync(cancellationToken);
        // History: pairs of the last N rounds (those who said they did not meet are left out of it below: they may be paired again).
        var history = await (from pm in db.Set<CoffeePairMember>()
                             join pair in db.Set<CoffeePair>() on pm.PairId equals pair.Id
                             join r in db.Set<CoffeeRound>() on pair.RoundId equals r.Id
                             where r.Number > number - 1 - settings.NoRepeatRounds
                             select new { pm.PairId, pm.PersonId, r.Number, pair.TrioJoinerId, pair.Met }).ToListAsync(cancellationToken);

        var organisationDate = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, (await calendar.OrganisationAsync(cancellationToken)).TimeZone).DateTime);
        var away = members.Where(m => m.AwayUntil is { } until && until >= organisationDate).Select(m => m.PersonId).ToHashSet();
        var present = members.Where(m => !away.Contains(m.PersonId)).ToList();
        var schedules = await calendar.ForAsync(present.Select(m => m.PersonId).ToList(), cancellationToken);
        var week = new SharedWeek(now);
        var scheduleIndex = present.ToDictionary(m => m.PersonId, m => week.IndexOf(schedules[m.PersonId]));
        var lastTrio = history.Where(h => h.Number == lastNumber && h.TrioJoinerId is not null).Select(h => h.PersonId).ToHashSet();
        var teamsOf = teams.ToLookup(t => t.PersonId, t => t.TeamId);
        var skillsOf = skills.ToLookup(s => s.PersonId, s => s.SkillId);
        var learnOf = interests.Where(i => i.Kind == CoffeeInterestKind.Learn).ToLookup(i => i.PersonId, i => i.SkillId);
        var teachOf = interests.Where(i => i.Kind == CoffeeInterestKind.Teach).ToLookup(i => i.PersonId, i => i.SkillId);
        var candidates = present.Select(m => new CoffeeCandidate(
            m.PersonId, m.DepartmentId, m.CrossDepartmentOnly, m.LeftOutInRound == lastNumber && lastNumber > 0, lastTrio.Contains(m.PersonId),
            scheduleIndex[m.PersonId], teamsOf[m.PersonId].ToHashSet(), skillsOf[m.PersonId].ToHashSet(), learnOf[m.PersonId].ToHashSet(),
            teachOf[m.PersonId].ToHashSet())).ToList();
        var recent = new HashSet<PersonPair>();
        foreach (var pair in history.Where(h => h.Met != false).GroupBy(h => h.PairId))
        {
            var people = pair.Select(p => p.PersonId).ToList();
            for (var i = 0; i < people.Count; i++)
            {
                for (var j = i + 1; j < people.Count; j++)
                {
                    recent.Add(new PersonPair(people[i], people[j]));
                }
            }
        }
        var input = new CoffeePairingInput(candidates, exclusions.Select(e => new PersonPair(e.PersonId, e.ExcludedPersonId)).ToHashSet(), recent,
            week.Shared, settings.MinimumSharedWorkingTime, settings.CandidatesPerPerson, settings.BlockSize, number);
        var watch = Stopwatch.StartNew();
        var outcome = CoffeePairing.Pair(input);
        logger.LogInformation("Learning-coffee round {Number}: {People} people paired into {Groups} groups in {Milliseconds} ms; {LeftOut} left out.",
            number, candidates.Count, outcome.Groups.Count, watch.ElapsedMilliseconds, outcome.LeftOut.Count);

        var round = new CoffeeRound
        {
            Id = Guid.CreateVersion7(), Number = number, StartedAt = now, OptedIn = members.Count, Away = away.Count,
            Paired = outcome.Groups.Sum(g => g.Members.Count), LeftOut = outcome.LeftOut.Count,
        };
        db.Add(round);
        foreach (var group in outcome.Groups)
        {
            var pair = new CoffeePair
            {
                Id = Guid.CreateVersion7(), RoundId = round.Id, TrioJoinerId = group.TrioJoiner,
                Members = group.Members.Select(p => new CoffeePairMember { PersonId = p }).ToList(),
            };
            db.Add(pair);
            foreach (var person in group.Members)
            {
                // Each introduction waits for its reader's working hours (their own zone and days), so nobody gets it at 3 a.m.
                jobs.Enqueue(CoffeeIntroJob.JobKind, new CoffeeIntroJob.Payload(pair.Id, person), runAfter: schedules[person].AddWorkingTime(now, TimeSpan.Zero),
                    maxAttempts: 5);
            }
            jobs.Enqueue(CoffeeMetQuestionJob.JobKind, new CoffeeMetQuestionJob.Payload(pair.Id), runAfter: now + settings.AskMetAfter, maxAttempts: 5);
        }
        var leftOut = outcome.LeftOut.ToHashSet();
        if (leftOut.Count > 0 || members.Any(m => m.LeftOutInRound == lastNumber && lastNumber > 0))
        {
            var tracked = await db.Set<CoffeeMember>().Where(m => leftOut.Contains(m.PersonId) || m.LeftOutInRound == lastNumber).ToListAsync(cancellationToken);
            foreach (var member in tracked)
            {
                member.LeftOutInRound = leftOut.Contains(member.PersonId) ? number : null;
            }
        }
        await notifier.NotifyAsync(outcome.LeftOut, new NotificationEvent(NoPartnerKind, $"coffee-round:{number}", number.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "/coffee", null), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return round;
    }
}

/// <summary>
/// Shared working time in the week after a round starts, per pair of working schedules. People with the same hours, zone
/// and days share one schedule index, so a large organisation computes a handful of overlaps, not one per pair.
/// </summary>
public sealed class SharedWeek(DateTimeOffset from)
{
    private readonly List<List<(DateTimeOffset Start, DateTimeOffset End)>> _periods = [];
    private readonly Dictionary<string, int> _keys = new(StringComparer.Ordinal);
    private readonly Dictionary<(int, int), TimeSpan> _shared = [];

    public int IndexOf(WorkingSchedule schedule)
    {
        var key = $"{schedule.TimeZone.Id}|{schedule.Start}|{schedule.End}|{string.Join(',', schedule.Days.Order())}";
        if (_keys.TryGetValue(key, out var index))
        {
            return index;
        }
        _keys[key] = _periods.Count;
        _periods.Add(PeriodsOf(schedule, from, from.AddDays(7)));
        return _periods.Count - 1;
    }

    /// <summary>Working periods of a schedule that fall between two instants.</summary>
    public static List<(DateTimeOffset Start, DateTimeOffset End)> PeriodsOf(WorkingSchedule schedule, DateTimeOffset from, DateTimeOffset to)
    {
        var periods = new List<(DateTimeOffset, DateTimeOffset)>();
        for (var date = schedule.LocalDate(from).AddDays(-1); date <= schedule.LocalDate(to).AddDays(1); date = date.AddDays(1))
        {
            if (schedule.Period(date) is { } period && period.End > from && period.Start < to)
            {
                periods.Add((period.Start < from ? from : period.Start, period.End > to ? to : period.End));
            }
        }
        return periods;
    }

    /// <summary>Overlaps of two lists of periods (each sorted, none overlapping itself).</summary>
    public static List<(DateTimeOffset Start, DateTimeOffset End)> Overlaps(List<(DateTimeOffset Start, DateTimeOffset End)> a, List<(DateTimeOffset Start, DateTimeOffset End)> b)
    {
        var result = new List<(DateTimeOffset, DateTimeOffset)>();
        int i = 0, j = 0;
        while (i < a.Count && j < b.Count)
        {
            var start = a[i].Start > b[j].Start ? a[i].Start : b[j].Start;
            var end = a[i].End < b[j].End ? a[i].End : b[j].End;
            if (end > start)
            {
                result.Add((start, end));
            }
            if (a[i].End < b[j].End)
            {
                i++;
            }
            else
            {
                j++;
            }
        }
        return result;
    }

    public TimeSpan Shared(int a, int b)
    {
        var key = a <= b ? (a, b) : (b, a);
        if (!_shared.TryGetValue(key, out var shared))
        {
            shared = Overlaps(_periods[key.Item1], _periods[key.Item2]).Aggregate(TimeSpan.Zero, (sum, p) => sum + (p.End - p.Start));
            _shared[key] = shared;
        }
        return shared;
    }
}
