using Guild.Web.Features.Expertise.Calls;
using Guild.Web.Features.Expertise.Map;
using Guild.Web.Features.Library.Resources.Articles;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Demo;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.Organisation;
using Microsoft.EntityFrameworkCore;

namespace Guild.Web.Features.Asks;

/// <summary>
/// Asks in the demo organisation: open ones waiting for their champions (the demo Employee asked one), answered ones
/// waiting for "solved", and solved ones with realistic times in working hours, so the figures page has something to
/// say. The small organisation gets a few dozen; the large one 100,000 (bulk inserted, with their figures computed by the
/// same calendar). Runs after the library (Order 60): answers are from the components' champions.
/// </summary>
internal sealed class AsksDemoContent(GuildDb db, BulkInserter bulk, OrganisationProfile organisation) : IDemoContent
{
    public int Order => 60;

    private static readonly string[] Questions =
    [
        "How do I export a vertical video for Instagram without black bars?",
        "Which microphone setting removes the echo in our meeting room recordings?",
        "What is the quickest way to add subtitles to a short clip?",
        "How do I plan a week of social posts around a product launch?",
        "Can someone explain colour grading for interviews shot in daylight?",
        "Where do I find the brand template for presentation slides?",
        "How do I get consent forms for people filmed in the office?",
        "What frame rate should I use for screen recordings with a lot of scrolling?",
        "How do I measure whether a newsletter article was read to the end?",
        "Which lighting works for a quick webcam explainer at my desk?",
        "How can I cut a 20 minute talk into three short videos?",
        "What is the right loudness for podcasts on all platforms?",
    ];

    private const string Answer = "Start with the checklist in the library and keep the settings in the project template, so the next export is one click. " +
                                  "If it still goes wrong, send me the file and I will have a look.";

    public async Task SeedAsync(DemoSeedContext context, CancellationToken cancellationToken)
    {
        var champions = await (from c in db.Set<ComponentChampion>()
                               join k in db.Set<KnowHowComponent>() on c.ComponentId equals k.Id
                               where c.EndedAt == null && k.ArchivedAt == null
                               select new { c.ComponentId, c.PersonId }).ToListAsync(cancellationToken);
        var byComponent = champions.GroupBy(c => c.ComponentId).ToDictionary(g => g.Key, g => g.Select(c => c.PersonId).ToList());
        var components = byComponent.Keys.Order().ToList();
        var askers = context.People.Where(p => !p.IsGuest).ToList();
        if (components.Count == 0 || askers.Count == 0)
        {
            return;
        }
        var settings = await organisation.GetAsync(cancellationToken);
        var schedule = WorkingCalendar.Schedule(settings, null, new HashSet<DateOnly>());
        var random = context.Random;
        var count = context.Size == DemoSize.Large ? 100_000 : 40;
        var employeeEmail = DemoAccounts.All.First(a => a.Role == Roles.Employee).Email;
        var employee = await db.Set<People.Person>().Where(p => p.Account.Email == employeeEmail).Select(p => (Guid?)p.Id).FirstOrDefaultAsync(cancellationToken);
        var rendered = ArticleRenderer.Render(Answer).Html;
        var asks = new List<Ask>(count);
        var answers = new List<AskAnswer>(count);
        var routings = new List<AskRouting>(count);
        for (var i = 0; i < count; i++)
        {
            var component = components[random.Next(components.Count)];
            var people = byComponent[component];
            var asker = i == 0 && employee is { } first ? askers.FirstOrDefault(a => a.Id == first) ?? askers[0] : askers[random.Next(askers.Count)];
            var champion = people[random.Next(people.Count)];
            if (champion == asker.Id)
            {
                continue;
            }
            // Asked in working hours over the last 120 days; the newest ones are still open or waiting for "solved".
            var day = context.Now.AddDays(-(i == 0 ? 0 : random.Next(0, 120)));
            var created = schedule.AddWorkingTime(schedule.Period(schedule.WorkingDayOf(day))?.Start ?? day, TimeSpan.FromMinutes(random.Next(0, 7 * 60)));
            if (created > context.Now)
            {
                created = context.Now.AddHours(-1);
            }
            var roll = i < 4 ? i : random.Next(100);
            var status = roll switch { 0 or 1 => AskStatus.Open, 2 => AskStatus.Answered, < 12 => AskStatus.Answered, < 16 => AskStatus.Closed, _ => AskStatus.Solved };
            var ask = new Ask
            {
                Id = Guid.CreateVersion7(created), Title = Questions[i % Questions.Length], AuthorId = asker.Id, ComponentId = component,
                DepartmentId = asker.DepartmentId, Status = status, CreatedAt = created, RoutingRound = 1, Anonymous = i % 9 == 4, Blocking = i % 5 == 1,
            };
            routings.Add(new AskRouting
            {
                AskId = ask.Id, PersonId = champion, Round = 1, Reason = RoutingReason.ComponentChampion, ComponentId = component, WasAvailable = true, RoutedAt = created,
            });
            if (status != AskStatus.Open)
            {
                // Most are picked up within the hour, some the next day.
                var response = schedule.AddWorkingTime(created, TimeSpan.FromMinutes(random.Next(5, random.Next(4) == 0 ? 600 : 90)));
                var answered = schedule.AddWorkingTime(response, TimeSpan.FromMinutes(random.Next(10, 120)));
                ask.ClaimedById = champion;
                ask.ClaimedAt = response;
                ask.FirstResponseAt = response;
                ask.FirstResponseMinutes = (int)schedule.WorkingTimeBetween(created, response).TotalMinutes;
                ask.AnsweredAt = answered;
                answers.Add(new AskAnswer
                {
                    Id = Guid.CreateVersion7(answered), AskId = ask.Id, ChampionId = champion, Markdown = Answer, Html = rendered, Via = AnswerChannel.Web, CreatedAt = answered,
                });
                if (status == AskStatus.Solved)
                {
                    var solved = schedule.AddWorkingTime(answered, TimeSpan.FromMinutes(random.Next(5, 240)));
                    ask.SolvedAt = solved;
                    ask.SolutionMinutes = (int)schedule.WorkingTimeBetween(created, solved).TotalMinutes;
                    ask.SolvedSameDay = schedule.SameWorkingDay(created, solved);
                }
                else if (status == AskStatus.Closed)
                {
                    ask.NudgedAt = answered.AddDays(2);
                    ask.ClosedAt = answered.AddDays(7);
                }
            }
            asks.Add(ask);
        }
        await bulk.InsertAsync(asks, cancellationToken);
        await bulk.InsertAsync(routings, cancellationToken);
        await bulk.InsertAsync(answers, cancellationToken);
        // A few colleagues have the same questions as the open ones.
        var supporters = asks.Where(a => a.Status == AskStatus.Open).Take(50)
            .SelectMany(a => Enumerable.Range(0, random.Next(1, 4)).Select(_ => askers[random.Next(askers.Count)].Id).Where(p => p != a.AuthorId).Distinct()
                .Select(p => new AskSupporter { AskId = a.Id, PersonId = p, MeToo = true, Following = true, CreatedAt = a.CreatedAt.AddMinutes(30) }))
            .ToList();
        await bulk.InsertAsync(supporters, cancellationToken);
    }
}
