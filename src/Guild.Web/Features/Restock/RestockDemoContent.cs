using Guild.Web.Features.Expertise.Map;
using Guild.Web.Features.Library.Feedback;
using Guild.Web.Features.Library.Resources;
using Guild.Web.Features.Library.Search;
using Guild.Web.Features.People;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Demo;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.Jobs;
using Microsoft.EntityFrameworkCore;

namespace Guild.Web.Features.Restock;

/// <summary>
/// A restock board with real items for the demo's L&amp;D admin: colleagues' searches that found nothing over the last
/// weeks, several wordings of each need (so the grouping has something to group), with the components the search guessed;
/// two restock requests for the demo champion (Daan): one open, one done with the resource that fulfilled it. The outdated
/// flags are the feedback demo's. The grouping job is queued, so the model is loaded by the job, not by seeding. Small: a
/// few dozen searches; large: 5,000 through <see cref="BulkInserter"/>. Runs after the library, search and feedback.
/// </summary>
internal sealed class RestockDemoContent(GuildDb db, BulkInserter bulk, JobQueue jobs) : IDemoContent
{
    public int Order => 65;

    /// <summary>The need whose request is done (with a resource of Daan's); the open one is <see cref="OpenNeed"/>.</summary>
    internal const string DoneNeed = "Audio editing";

    internal const string OpenNeed = "Video editing";

    /// <summary>Needs the demo library lacks: the component the searches guessed, and the ways people put them.</summary>
    internal static readonly (string Component, string Language, string[] Wordings)[] Needs =
    [
        ("Colour grading", "en", ["how do I colour grade footage", "color grading video for beginners", "colour grading footage step by step", "how to colour grade video"]),
        ("Audio editing", "en", ["remove background noise from interview audio", "how to remove noise from a recorded interview", "clean up noisy interview sound"]),
        ("Social analytics", "en", ["which instagram metrics matter", "what instagram metrics should I track", "instagram metrics explained"]),
        ("Community management", "en", ["how to answer angry comments", "how to reply to angry comments"]),
        ("Video editing", "nl", ["ondertitels toevoegen aan een video", "hoe voeg ik ondertitels toe aan mijn video"]),
    ];

    public async Task SeedAsync(DemoSeedContext context, CancellationToken cancellationToken)
    {
        var components = await KnowHowMap.LiveComponents(db).AsNoTracking().Select(c => new { c.Id, c.Name }).ToListAsync(cancellationToken);
        var byName = components.GroupBy(c => c.Name, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First().Id, StringComparer.OrdinalIgnoreCase);
        var searchers = context.People.Where(p => !p.IsGuest && p.Roles.Contains(Roles.Employee)).ToList();
        if (searchers.Count < 4 || Needs.All(n => !byName.ContainsKey(n.Component)))
        {
            return;
        }
        var large = context.Size == DemoSize.Large;
        var random = context.Random;
        var searches = new List<LibrarySearch>();
        var unanswered = new List<UnansweredSearch>();
        var guessed = new List<UnansweredSearchComponent>();
        var firstOfNeed = new Dictionary<string, (Guid SearchId, string Title)>(StringComparer.Ordinal);
        foreach (var (componentName, language, wordings) in Needs)
        {
            if (!byName.TryGetValue(componentName, out var componentId))
            {
                continue;
            }
            // More people for the first needs, so the board's ranking shows.
            var count = (large ? 1_000 : 12) - Array.FindIndex(Needs, n => n.Component == componentName) * (large ? 150 : 2);
            for (var i = 0; i < count; i++)
            {
                // The oldest search of a need comes first, so it starts the need's group and names its key.
                // The need Daan restocked twelve days ago was searched for before that.
                var days = componentName == DoneNeed ? 26 : 38;
                var at = context.Now.AddDays(-40 + (i == 0 ? 0 : random.Next(1, days))).AddMinutes(random.Next(8 * 60));
                var person = searchers[random.Next(searchers.Count)];
                var search = new LibrarySearch
                {
                    Id = Guid.CreateVersion7(at), PersonId = person.Id, Query = wordings[i % wordings.Length], Language = language, At = at,
                    ResultCount = 0, SettledAt = at, GuessedComponents = componentId.ToString(),
                };
                searches.Add(search);
                unanswered.Add(new UnansweredSearch
                {
                    SearchId = search.Id, Query = search.Query, Language = language, PersonId = person.Id, At = at,
                    Reason = random.Next(3) == 0 ? UnansweredReason.NothingHelped : UnansweredReason.NoResult,
                });
                guessed.Add(new UnansweredSearchComponent { SearchId = search.Id, ComponentId = componentId });
                if (i == 0)
                {
                    firstOfNeed[componentName] = (search.Id, search.Query);
                }
            }
        }
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            await bulk.InsertAsync(searches, cancellationToken);
            await bulk.InsertAsync(unanswered, cancellationToken);
            await bulk.InsertAsync(guessed, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        await FlagOutdatedAsync(context, searchers, cancellationToken);
        await AddRequestsAsync(context, byName, firstOfNeed, cancellationToken);
        jobs.Enqueue(SearchGroupingJob.JobKind, new { }, maxAttempts: 3);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Colleagues found the library's oldest article outdated; nobody has handled it yet, so it waits on the board.</summary>
    private async Task FlagOutdatedAsync(DemoSeedContext context, List<DemoPerson> readers, CancellationToken cancellationToken)
    {
        var oldest = await db.Set<Resource>().AsNoTracking().Where(r => r.Status == ResourceStatus.Published && r.Kind == ResourceKind.Article)
            .OrderBy(r => r.PublishedAt).ThenBy(r => r.Id).Select(r => r.Id).FirstOrDefaultAsync(cancellationToken);
        if (oldest == Guid.Empty)
        {
            return;
        }
        string[] texts = ["The screenshots show last year's version.", "The export menu moved in the current version.", ""];
        var flags = Enumerable.Range(0, 3).Select(i => new ResourceFlag
        {
            Id = Guid.CreateVersion7(context.Now.AddDays(-9 + i * 3)), ResourceId = oldest, PersonId = readers[(i * 7 + 3) % readers.Count].Id,
            Kind = FlagKind.Outdated, Text = texts[i].Length == 0 ? null : texts[i], At = context.Now.AddDays(-9 + i * 3),
        });
        await bulk.InsertAsync(flags, cancellationToken);
    }

    /// <summary>Daan is asked for two of the needs: the noisy interviews (done, with a resource of his), the subtitles (open).</summary>
    private async Task AddRequestsAsync(DemoSeedContext context, Dictionary<string, Guid> byName, Dictionary<string, (Guid SearchId, string Title)> firstOfNeed,
        CancellationToken cancellationToken)
    {
        var adminEmail = DemoAccounts.All.First(a => a.Role == Roles.LearningAdmin).Email;
        var championEmail = DemoAccounts.All.First(a => a.Role == Roles.Champion).Email;
        var demo = await db.Set<Person>().AsNoTracking().Where(p => p.Account.Email == adminEmail || p.Account.Email == championEmail)
            .Select(p => new { p.Id, p.Account.Email }).ToDictionaryAsync(p => p.Email!, p => p.Id, StringComparer.OrdinalIgnoreCase, cancellationToken);
        if (!demo.TryGetValue(adminEmail, out var adminId) || !demo.TryGetValue(championEmail, out var daanId))
        {
            return;
        }
        var daansResource = await db.Set<Resource>().AsNoTracking()
            .Where(r => r.Status == ResourceStatus.Published && db.Set<ResourceAuthor>().Any(a => a.ResourceId == r.Id && a.PersonId == daanId))
            .OrderBy(r => r.PublishedAt).Select(r => new { r.Id, r.Title }).FirstOrDefaultAsync(cancellationToken);
        var today = DateOnly.FromDateTime(context.Now.UtcDateTime);
        if (daansResource is not null && firstOfNeed.TryGetValue(DoneNeed, out var audio))
        {
            db.Add(new RestockRequest
            {
                Id = Guid.CreateVersion7(context.Now.AddDays(-20)), ItemKey = $"search:{audio.SearchId}", Kind = RestockKind.Search, Title = audio.Title,
                ComponentId = byName[DoneNeed], Demand = 6, ChampionId = daanId, DueOn = today.AddDays(-10),
                Note = "Several colleagues record interviews on location. A short how-to would help them.", Status = RestockStatus.Done,
                CreatedById = adminId, CreatedAt = context.Now.AddDays(-20), ResourceId = daansResource.Id, DoneAt = context.Now.AddDays(-12),
            });
        }
        if (firstOfNeed.TryGetValue(OpenNeed, out var subtitles))
        {
            db.Add(new RestockRequest
            {
                Id = Guid.CreateVersion7(context.Now.AddDays(-2)), ItemKey = $"search:{subtitles.SearchId}", Kind = RestockKind.Search, Title = subtitles.Title,
                ComponentId = byName[OpenNeed], Demand = 4, ChampionId = daanId, DueOn = today.AddDays(7),
                Note = "Dutch colleagues ask for this. A screen recording of the subtitle track in the editor would do.", Status = RestockStatus.Open,
                CreatedById = adminId, CreatedAt = context.Now.AddDays(-2),
            });
        }
    }
}
