using System.Diagnostics;
using Guild.Web.Features.People;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Demo;
using Guild.Web.Platform.Identity;
using Microsoft.EntityFrameworkCore;

namespace Guild.Web.Features.LearningCoffee;

/// <summary>
/// A running learning-coffee programme: a fifth of the colleagues (the demo logins among them) opted in, five past
/// rounds two weeks apart (most pairs met, some did not, some never answered) and a current round. The rounds are made
/// by the real pairing (<see cref="CoffeePairing"/>) with the real rules, so the history obeys them. The large
/// organisation (5,000 members) is written through <see cref="BulkInserter"/>. Runs after people and profiles.
/// </summary>
internal sealed class CoffeeDemoContent(GuildDb db, ILogger<CoffeeDemoContent> logger) : IDemoContent
{
    private const int Rounds = 6;

    public int Order => 70;

    public async Task SeedAsync(DemoSeedContext context, CancellationToken cancellationToken)
    {
        var large = context.Size == DemoSize.Large;
        var demoEmails = DemoAccounts.All.Where(a => a.Role != Roles.PartnerGuest).Select(a => a.Email).ToList();
        var demoIds = await db.Set<Person>().Where(p => demoEmails.Contains(p.Account.Email!)).Select(p => p.Id).ToListAsync(cancellationToken);
        var colleagues = context.People.Where(p => !p.IsGuest).ToList();
        var random = context.Random;
        var wanted = large ? 5_000 : Math.Max(12, colleagues.Count / 5);
        var chosen = colleagues.Where(p => demoIds.Contains(p.Id))
            .Concat(colleagues.Where(p => !demoIds.Contains(p.Id)).OrderBy(_ => random.Next()).Take(wanted - demoIds.Count)).ToList();
        if (chosen.Count < 4)
        {
            logger.LogInformation("Too few colleagues for a learning-coffee programme in the demo.");
            return;
        }
        var members = chosen.Select(p => new CoffeeMember
        {
            PersonId = p.Id, JoinedAt = context.Now.AddDays(-14 * Rounds - random.Next(1, 30)),
            // Most keep the programme's default; some are happy to meet their own department too.
            CrossDepartmentOnly = random.Next(5) != 0,
        }).ToList();

        var departments = chosen.ToDictionary(p => p.Id, p => p.DepartmentId);
        var watch = Stopwatch.StartNew();
        var rounds = new List<CoffeeRound>();
        var pairs = new List<CoffeePair>();
        var history = new List<(int Round, List<Guid> Members, bool? Met)>();
        var lastTrio = new HashSet<Guid>();
        var leftOut = new HashSet<Guid>();
        for (var number = 1; number <= Rounds; number++)
        {
            var recent = new HashSet<PersonPair>();
            foreach (var (round, people, met) in history.Where(h => h.Round > number - 1 - 6 && h.Met != false))
            {
                for (var i = 0; i < people.Count; i++)
                {
                    for (var j = i + 1; j < people.Count; j++)
                    {
                        recent.Add(new PersonPair(people[i], people[j]));
                    }
                }
            }
            var candidates = members.Select(m => new CoffeeCandidate(m.PersonId, departments[m.PersonId], m.CrossDepartmentOnly,
                leftOut.Contains(m.PersonId), lastTrio.Contains(m.PersonId), 0, new HashSet<Guid>(), new HashSet<Guid>(), new HashSet<Guid>(), new HashSet<Guid>()))
                .ToList();
            // The demo's people work the organisation's hours: everyone shares them.
            var outcome = CoffeePairing.Pair(new CoffeePairingInput(candidates, new HashSet<PersonPair>(), recent, (_, _) => TimeSpan.FromHours(40),
                TimeSpan.FromHours(1), 24, 400, number));
            var startedAt = context.Now.AddDays(-14 * (Rounds - number) - 1);
            var current = number == Rounds;
            var row = new CoffeeRound
            {
                Id = Guid.CreateVersion7(), Number = number, StartedAt = startedAt, OptedIn = members.Count, Away = 0,
                Paired = outcome.Groups.Sum(g => g.Members.Count), LeftOut = outcome.LeftOut.Count,
            };
            rounds.Add(row);
            foreach (var group in outcome.Groups)
            {
                // Past rounds: most met, some did not, some never said; the current round is waiting for its answers.
                var roll = random.Next(100);
                bool? met = current ? null : roll < 65 ? true : roll < 85 ? false : null;
                var pair = new CoffeePair
                {
                    Id = Guid.CreateVersion7(), RoundId = row.Id, TrioJoinerId = group.TrioJoiner, Met = met,
                    AnsweredById = met is null ? null : group.Members[0], AnsweredAt = met is null ? null : startedAt.AddDays(10),
                    Members = group.Members.Select(p => new CoffeePairMember { PersonId = p, IntroducedAt = startedAt.AddHours(1) }).ToList(),
                };
                pairs.Add(pair);
                history.Add((number, group.Members.ToList(), met));
            }
            lastTrio = outcome.Groups.Where(g => g.TrioJoiner is not null).SelectMany(g => g.Members).ToHashSet();
            leftOut = outcome.LeftOut.ToHashSet();
        }
        foreach (var member in members.Where(m => leftOut.Contains(m.PersonId)))
        {
            member.LeftOutInRound = Rounds;
        }
        logger.LogInformation("Learning coffee: {Members} members, {Rounds} rounds paired in {Milliseconds} ms.", members.Count, Rounds, watch.ElapsedMilliseconds);

        if (large)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var bulk = new BulkInserter(db);
            await bulk.InsertAsync(members, cancellationToken);
            await bulk.InsertAsync(rounds, cancellationToken);
            await bulk.InsertAsync(pairs, cancellationToken);
            await bulk.InsertAsync(pairs.SelectMany(p => p.Members.Select(m => new CoffeePairMember { PairId = p.Id, PersonId = m.PersonId, IntroducedAt = m.IntroducedAt })),
                cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return;
        }
        db.AddRange(members);
        db.AddRange(rounds);
        db.AddRange(pairs);
        await db.SaveChangesAsync(cancellationToken);
    }
}
