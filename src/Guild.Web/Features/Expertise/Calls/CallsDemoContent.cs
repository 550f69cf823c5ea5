using Guild.Web.Features.Expertise.Map;
using Guild.Web.Features.People;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Demo;
using Guild.Web.Platform.Identity;
using Microsoft.EntityFrameworkCore;

namespace Guild.Web.Features.Expertise.Calls;

/// <summary>
/// The demo's calls, over the capabilities the know-how map's demo content made (the first two on the map). Small: a
/// closed call for the first capability with approved champions (Daan Bakker, the "Knowledge Champion" login, among
/// them) and a few declined, and an open call for the second that the "Employee" login has not answered, so the banner
/// shows. Large: about 3,000 champions over the map's components and one closed call to the whole organisation.
/// </summary>
internal sealed class CallsDemoContent(GuildDb db, BulkInserter bulk, ILogger<CallsDemoContent> logger) : IDemoContent
{
    public int Order => 30;

    public async Task SeedAsync(DemoSeedContext context, CancellationToken cancellationToken)
    {
        var capabilities = await db.Set<Capability>().AsNoTracking().Where(c => c.ArchivedAt == null)
            .OrderBy(c => c.Position).ThenBy(c => c.CreatedAt).Take(2).ToListAsync(cancellationToken);
        var capabilityIds = capabilities.Select(c => c.Id).ToList();
        var large = context.Size == DemoSize.Large;
        // The large organisation's champions spread over the whole map; the small one's over the two calls' capabilities.
        var components = await db.Set<KnowHowComponent>().AsNoTracking()
            .Where(c => (large || capabilityIds.Contains(c.CapabilityId)) && c.ArchivedAt == null)
            .OrderBy(c => c.Depth).ThenBy(c => c.Position).ToListAsync(cancellationToken);
        if (capabilities.Count == 0 || components.Count == 0)
        {
            logger.LogInformation("The know-how map has no capabilities with components; the demo has no calls for champions.");
            return;
        }
        var adminEmail = DemoAccounts.All.First(a => a.Role == Roles.LearningAdmin).Email;
        var championEmail = DemoAccounts.All.First(a => a.Role == Roles.Champion).Email;
        var employeeEmail = DemoAccounts.All.First(a => a.Role == Roles.Employee).Email;
        var demo = await db.Set<Person>().AsNoTracking().Where(p => p.Account.Email == adminEmail || p.Account.Email == championEmail || p.Account.Email == employeeEmail)
            .Select(p => new { p.Id, p.Account.Email })
            .ToDictionaryAsync(p => p.Email!, p => p.Id, StringComparer.OrdinalIgnoreCase, cancellationToken);
        if (!demo.TryGetValue(adminEmail, out var adminId))
        {
            logger.LogInformation("The demo has no L&D admin login; the demo has no calls for champions.");
            return;
        }
        var random = context.Random;
        var now = context.Now;

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var first = capabilities[0];
        var firstComponents = components.Where(c => c.CapabilityId == first.Id).ToList();
        var closed = NewCall(first, "Gezocht: kenniskampioenen voor {0}", adminId, sentDaysAgo: 45, closesInDays: -14, now);
        db.Add(closed);
        db.AddRange(firstComponents.Select(c => new CallComponent { CallId = closed.Id, ComponentId = c.Id }));
        await db.SaveChangesAsync(cancellationToken);
        await ChampionCalls.AddRecipientsAsync(db, closed, cancellationToken);

        // Champions: people who hold the role (Daan first), each on one to three components of the map.
        var championPeople = context.People.Where(p => !p.IsGuest && p.Roles.Contains(Roles.Champion)).Select(p => p.Id).ToList();
        if (demo.TryGetValue(championEmail, out var daan))
        {
            championPeople.Remove(daan);
            championPeople.Insert(0, daan);
        }
        var wanted = context.Size == DemoSize.Large ? 3_000 : Math.Min(12, championPeople.Count);
        var champions = new List<ComponentChampion>();
        var volunteerings = new List<Volunteering>();
        var offered = new List<VolunteeredComponent>();
        var answered = new HashSet<Guid>();
        var formats = CallFormats.All;
        for (var i = 0; i < wanted && i < championPeople.Count; i++)
        {
            var personId = championPeople[i];
            // In the small demo every champion came through the closed call; in the large one, through the call
            // when their components are the first capability's, else appointed before calls existed.
            var pool = context.Size == DemoSize.Large ? components : firstComponents;
            var count = 1 + random.Next(Math.Min(3, pool.Count));
            var picked = pool.OrderBy(_ => random.Next()).Take(count).ToList();
            var viaCall = picked.Where(c => c.CapabilityId == first.Id).ToList();
            Volunteering? volunteering = null;
            if (viaCall.Count > 0)
            {
                var at = closed.SentAt!.Value.AddHours(random.Next(1, 24 * 20));
                volunteering = new Volunteering
                {
                    Id = Guid.CreateVersion7(at), CallId = closed.Id, PersonId = personId, HoursPerMonth = 2 + random.Next(9),
                    Formats = formats[random.Next(formats.Length)] | formats[random.Next(formats.Length)], AnsweredAt = at, UpdatedAt = at,
                };
                volunteerings.Add(volunteering);
                answered.Add(personId);
            }
            foreach (var component in picked)
            {
                var level = (ExpertiseLevel)(1 + random.Next(3));
                var decidedAt = closed.ClosesAt.AddDays(2);
                var fromCall = volunteering is not null && component.CapabilityId == first.Id;
                if (fromCall)
                {
                    offered.Add(new VolunteeredComponent
                    {
                        VolunteeringId = volunteering!.Id, ComponentId = component.Id, Level = level, Decision = VolunteerDecision.Approved,
                        DecidedAt = decidedAt, DecidedById = adminId, DecisionMessage = "Welkom bij de Kenniskampioenen!",
                    });
                }
                champions.Add(new ComponentChampion
                {
                    PersonId = personId, ComponentId = component.Id, Level = level, Since = fromCall ? decidedAt : now.AddDays(-random.Next(60, 400)),
                    ApprovedById = adminId, CallId = fromCall ? closed.Id : null,
                });
            }
        }

        // Some offers were declined: the component had enough champions, or the level did not fit yet.
        var decliners = context.People.Where(p => !p.IsGuest && !championPeople.Take(wanted).Contains(p.Id) && !demo.ContainsValue(p.Id))
            .Select(p => p.Id).Take(context.Size == DemoSize.Large ? 200 : 3).ToList();
        foreach (var personId in decliners)
        {
            var at = closed.SentAt!.Value.AddDays(random.Next(1, 20));
            var volunteering = new Volunteering
            {
                Id = Guid.CreateVersion7(at), CallId = closed.Id, PersonId = personId, HoursPerMonth = 1 + random.Next(4),
                Formats = ContributionFormats.AnsweringQuestions, AnsweredAt = at, UpdatedAt = at,
            };
            volunteerings.Add(volunteering);
            answered.Add(personId);
            offered.Add(new VolunteeredComponent
            {
                VolunteeringId = volunteering.Id, ComponentId = firstComponents[random.Next(firstComponents.Count)].Id, Level = ExpertiseLevel.UsesIt,
                Decision = VolunteerDecision.Declined, DecidedAt = closed.ClosesAt.AddDays(2), DecidedById = adminId,
                DecisionMessage = "Dank je! Voor dit onderdeel zoeken we nu mensen die het kunnen uitleggen; probeer het bij de volgende oproep opnieuw.",
            });
        }

        // The open call, for the second capability (or the first again, with a one-capability map).
        var second = capabilities.Count > 1 ? capabilities[1] : first;
        var open = NewCall(second, "Oproep: wie deelt kennis van {0}?", adminId, sentDaysAgo: 3, closesInDays: 11, now);
        db.Add(open);
        var openComponents = components.Where(c => c.CapabilityId == second.Id).ToList();
        db.AddRange(openComponents.Select(c => new CallComponent { CallId = open.Id, ComponentId = c.Id }));
        await db.SaveChangesAsync(cancellationToken);
        await ChampionCalls.AddRecipientsAsync(db, open, cancellationToken);
        // A few answered already (the review queue has work); the "Employee" login has not, so the banner shows.
        var openVolunteers = context.People.Where(p => !p.IsGuest && !demo.ContainsValue(p.Id)).Skip(20)
            .Take(context.Size == DemoSize.Large ? 300 : 4).Select(p => p.Id).ToList();
        var openAnswered = new HashSet<Guid>();
        foreach (var personId in openVolunteers)
        {
            var at = open.SentAt!.Value.AddHours(random.Next(1, 60));
            var volunteering = new Volunteering
            {
                Id = Guid.CreateVersion7(at), CallId = open.Id, PersonId = personId, HoursPerMonth = 2 + random.Next(6),
                Formats = ContributionFormats.Video | ContributionFormats.LiveSession, AnsweredAt = at, UpdatedAt = at,
            };
            volunteerings.Add(volunteering);
            openAnswered.Add(personId);
            foreach (var component in openComponents.OrderBy(_ => random.Next()).Take(1 + random.Next(Math.Min(2, openComponents.Count))))
            {
                offered.Add(new VolunteeredComponent { VolunteeringId = volunteering.Id, ComponentId = component.Id, Level = (ExpertiseLevel)(1 + random.Next(3)) });
            }
        }

        await bulk.InsertAsync(volunteerings, cancellationToken);
        await bulk.InsertAsync(offered, cancellationToken);
        await bulk.InsertAsync(champions, cancellationToken);
        await MarkAnsweredAsync(closed, answered, cancellationToken);
        await MarkAnsweredAsync(open, openAnswered, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private async Task MarkAnsweredAsync(ChampionCall call, HashSet<Guid> people, CancellationToken cancellationToken)
    {
        foreach (var chunk in people.Chunk(1000))
        {
            await db.Set<CallRecipient>().Where(r => r.CallId == call.Id && chunk.Contains(r.PersonId))
                .ExecuteUpdateAsync(set => set.SetProperty(r => r.AnsweredAt, call.SentAt!.Value.AddDays(1)), cancellationToken);
        }
    }

    private static ChampionCall NewCall(Capability capability, string titleFormat, Guid adminId, int sentDaysAgo, int closesInDays, DateTimeOffset now)
    {
        var sent = now.AddDays(-sentDaysAgo);
        var title = string.Format(System.Globalization.CultureInfo.InvariantCulture, titleFormat, capability.Name);
        return new ChampionCall
        {
            Id = Guid.CreateVersion7(sent),
            Title = title.Length > ChampionCalls.MaxTitle ? title[..ChampionCalls.MaxTitle] : title,
            Message = $"""
                We zoeken collega's die hun kennis van {capability.Name} willen delen: in een korte video, een artikel, een live sessie of door vragen te beantwoorden.

                Kies de onderdelen die je kent, hoe goed je ze kent en hoeveel uur per maand je kunt geven. Het kost je minder dan een minuut.
                """,
            CapabilityId = capability.Id,
            Audience = CallAudience.WholeOrganisation,
            ClosesAt = now.AddDays(closesInDays),
            CreatedById = adminId,
            CreatedAt = sent.AddDays(-2),
            UpdatedAt = sent,
            SentAt = sent,
        };
    }
}
