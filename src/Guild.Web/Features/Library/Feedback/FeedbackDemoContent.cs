using Guild.Web.Features.Library.Browse;
using Guild.Web.Features.Library.Resources;
using Guild.Web.Features.People;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Demo;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.Organisation;
using Microsoft.EntityFrameworkCore;

namespace Guild.Web.Features.Library.Feedback;

/// <summary>
/// What readers did with the demo library over the last eight weeks, so the reach chart, "popular in my department",
/// "recommended for me" and "continue where I stopped" show real data for the demo logins: views, "did this help?"
/// answers (most with what it helped with), a question and an "outdated" flag, and progress through videos. Small: a
/// few dozen rows around the demo champion's (Daan's) resources and the demo employee's department. Large: about three
/// views, half an answer and a third of a progress row per published resource, through <see cref="BulkInserter"/>.
/// Only the feature's tables: the learning records of the demo organisation are written by the LRS's demo content,
/// which runs last (Order 900) and on PostgreSQL starts its tables afresh. Runs after the library and its collections.
/// </summary>
internal sealed class FeedbackDemoContent(GuildDb db, BulkInserter bulk, ILogger<FeedbackDemoContent> logger) : IDemoContent
{
    public const int Weeks = 8;
    private const int SmallResources = 12;
    private const int SmallReaders = 14;

    public int Order => 58;

    private static readonly string[] WhatFor =
    [
        "Got the export settings right for the client's delivery.",
        "Planning next week's shoot.",
        "Explaining it to a new colleague.",
        "Fixing a problem in a running project.",
        "Preparing a pitch.",
    ];

    public async Task SeedAsync(DemoSeedContext context, CancellationToken cancellationToken)
    {
        var large = context.Size == DemoSize.Large;
        var published = await db.Set<Resource>().AsNoTracking().Where(r => r.Status == ResourceStatus.Published && r.PublishedAt != null)
            .OrderBy(r => r.PublishedAt)
            .Select(r => new Published(r.Id, r.Kind, r.DurationSeconds, r.PublishedAt!.Value,
                db.Set<ResourceAuthor>().Where(a => a.ResourceId == r.Id).Select(a => a.PersonId).FirstOrDefault()))
            .Take(large ? ResourcesDemoContent.LargeCount : 500).ToListAsync(cancellationToken);
        var readers = context.People.Where(p => !p.IsGuest && p.Roles.Contains(Roles.Employee)).ToList();
        if (published.Count == 0 || readers.Count < 2)
        {
            return;
        }
        var zoneId = await db.Set<OrganisationSettings>().AsNoTracking().Select(s => s.TimeZoneId).SingleAsync(cancellationToken);
        var plan = new Plan(context, OrganisationProfile.FindTimeZone(zoneId));
        if (large)
        {
            PlanLarge(plan, published, readers);
        }
        else
        {
            await PlanSmallAsync(plan, published, readers, cancellationToken);
        }
        await bulk.InsertAsync(plan.Views.Values, cancellationToken);
        await bulk.InsertAsync(plan.Answers.Values, cancellationToken);
        await bulk.InsertAsync(plan.Flags, cancellationToken);
        await bulk.InsertAsync(plan.Progress.Values, cancellationToken);
        logger.LogInformation("Demo feedback: {Views} views, {Answers} answers, {Flags} flags, {Progress} progress rows.",
            plan.Views.Count, plan.Answers.Count, plan.Flags.Count, plan.Progress.Count);
    }

    private sealed record Published(Guid Id, ResourceKind Kind, int? DurationSeconds, DateTimeOffset PublishedAt, Guid AuthorId);

    /// <summary>The rows to insert, each table's key kept unique.</summary>
    private sealed class Plan(DemoSeedContext context, TimeZoneInfo zone)
    {
        public Dictionary<(Guid, Guid, DateOnly), ResourceView> Views { get; } = [];
        public Dictionary<(Guid, Guid), ResourceHelpfulness> Answers { get; } = [];
        public List<ResourceFlag> Flags { get; } = [];
        public Dictionary<(Guid, Guid), ResourceProgress> Progress { get; } = [];
        /// <summary>Progress other demo content made already (person, resource): left as it is.</summary>
        public HashSet<(Guid, Guid)> Started { get; } = [];
        public Random Random => context.Random;
        public DateTimeOffset Now => context.Now;

        /// <summary>A moment in the last <see cref="Weeks"/> weeks (never before the resource was published), in working hours.</summary>
        public DateTimeOffset Moment(Published resource, int maxDaysAgo = Weeks * 7)
        {
            var earliest = Math.Max(0, (int)Math.Min(maxDaysAgo, (Now - resource.PublishedAt).TotalDays));
            var at = Now.AddDays(-Random.Next(0, earliest + 1)).AddHours(-Random.Next(0, 8)).AddMinutes(-Random.Next(0, 60));
            return at < resource.PublishedAt ? resource.PublishedAt : at;
        }

        /// <summary>The organisation's day of a moment: views and answers are stored by it (see <see cref="ResourceFeedback.ReachAsync"/>).</summary>
        public DateOnly Day(DateTimeOffset at) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, zone).DateTime);

        public void View(Published resource, Guid person, DateTimeOffset at)
        {
            if (person != resource.AuthorId)
            {
                Views.TryAdd((resource.Id, person, Day(at)), new ResourceView { ResourceId = resource.Id, PersonId = person, Day = Day(at) });
            }
        }

        public void Answer(Published resource, Guid person, DateTimeOffset at, bool helpful)
        {
            if (person == resource.AuthorId)
            {
                return;
            }
            View(resource, person, at);
            Answers[(resource.Id, person)] = new ResourceHelpfulness
            {
                ResourceId = resource.Id, PersonId = person, Helpful = helpful, At = at, Day = Day(at),
                WhatFor = helpful && Random.Next(4) > 0 ? WhatFor[Random.Next(WhatFor.Length)] : null,
            };
        }

        public void Progressed(Published resource, Guid person, DateTimeOffset at, double share)
        {
            if (person == resource.AuthorId || Started.Contains((person, resource.Id)))
            {
                return;
            }
            View(resource, person, at);
            var seconds = resource.DurationSeconds ?? 0;
            Progress.TryAdd((person, resource.Id), new ResourceProgress
            {
                PersonId = person, ResourceId = resource.Id, Share = share, PositionSeconds = Math.Round(seconds * share),
                Milestone = share >= 0.95 ? 100 : (int)(share * 4) * 25, UpdatedAt = at, CompletedAt = share >= 0.95 ? at : null,
            });
        }

        public void Flag(Published resource, Guid person, FlagKind kind, string text, DateTimeOffset at, DateTimeOffset? handledAt)
        {
            if (person == resource.AuthorId)
            {
                return;
            }
            View(resource, person, at);
            Flags.Add(new ResourceFlag
            {
                Id = Guid.CreateVersion7(at), ResourceId = resource.Id, PersonId = person, Kind = kind, Text = text, At = at,
                HandledAt = handledAt, HandledById = handledAt is null ? null : resource.AuthorId,
            });
        }
    }

    /// <summary>
    /// Around the demo logins: Daan's resources (his reach chart) first, read by the demo employee's department (their
    /// "popular" shelf) and others; a colleague of the employee asks a question (their department's demand); the employee
    /// is part-way through a video and finished another.
    /// </summary>
    private async Task PlanSmallAsync(Plan plan, List<Published> published, List<DemoPerson> readers, CancellationToken cancellationToken)
    {
        var daanEmail = DemoAccounts.All.First(a => a.Role == Roles.Champion).Email;
        var employeeEmail = DemoAccounts.All.First(a => a.Role == Roles.Employee).Email;
        var demo = await db.Set<Person>().AsNoTracking().Where(p => p.Account.Email == daanEmail || p.Account.Email == employeeEmail)
            .Select(p => new { p.Id, p.Account.Email, p.DepartmentId })
            .ToDictionaryAsync(p => p.Email!, StringComparer.OrdinalIgnoreCase, cancellationToken);
        var daan = demo.GetValueOrDefault(daanEmail)?.Id;
        var employee = demo.GetValueOrDefault(employeeEmail);
        // Collections' demo content already started one for the employee: keep it.
        foreach (var row in await db.Set<ResourceProgress>().AsNoTracking().Select(p => new { p.PersonId, p.ResourceId }).ToListAsync(cancellationToken))
        {
            plan.Started.Add((row.PersonId, row.ResourceId));
        }

        var chosen = published.OrderByDescending(r => r.AuthorId == daan).ThenByDescending(r => r.PublishedAt).Take(SmallResources).ToList();
        var colleagues = readers.Where(p => employee?.DepartmentId is { } department && p.DepartmentId == department && p.Id != employee.Id).ToList();
        var audience = colleagues.Take(SmallReaders / 2)
            .Concat(readers.Where(p => p.Id != employee?.Id && !colleagues.Contains(p)).Take(SmallReaders - Math.Min(colleagues.Count, SmallReaders / 2)))
            .ToList();
        for (var i = 0; i < chosen.Count; i++)
        {
            var resource = chosen[i];
            // Earlier resources (Daan's first) draw more readers; colleagues of the employee look lately, so "popular" shows.
            var readersOf = Math.Max(2, 6 - i / 2);
            for (var r = 0; r < readersOf && audience.Count > 0; r++)
            {
                var reader = audience[(i * 3 + r) % audience.Count];
                var at = plan.Moment(resource, colleagues.Contains(reader) ? 20 : Weeks * 7);
                plan.View(resource, reader.Id, at);
                if ((i + r) % 2 == 0)
                {
                    plan.Answer(resource, reader.Id, at.AddMinutes(12), helpful: (i + r) % 6 != 4);
                }
            }
        }
        if (colleagues.Count > 0 && chosen.Count > 1)
        {
            plan.Flag(chosen[1], colleagues[0].Id, FlagKind.Question, "Does this also work for vertical video?", plan.Moment(chosen[1], 10), null);
        }
        if (audience.Count > 1 && chosen.Count > 2)
        {
            var at = plan.Moment(chosen[2], 40);
            plan.Flag(chosen[2], audience[^1].Id, FlagKind.Outdated, "The menu moved in the latest version.", at, at.AddDays(2) < plan.Now ? at.AddDays(2) : null);
        }
        // Videos first (where they play, progress is saved); without ffmpeg the demo has none, and reading progress shows.
        var videos = published.Where(r => r.Kind == ResourceKind.Video).Concat(chosen).Distinct().ToList();
        var watchers = (employee is null ? [] : new[] { employee.Id }).Concat(audience.Take(4).Select(p => p.Id)).ToList();
        for (var w = 0; w < watchers.Count; w++)
        {
            // Each watcher starts at another video, past the ones they already started (the collections' demo starts one).
            var unstarted = videos.Skip(w).Concat(videos.Take(w)).Where(v => !plan.Started.Contains((watchers[w], v.Id)));
            foreach (var (video, share) in unstarted.Take(2).Zip([0.35 + 0.1 * w, 1.0]))
            {
                plan.Progressed(video, watchers[w], plan.Moment(video, 14), share);
            }
        }
    }

    /// <summary>Proportional to the library: every published resource gets a few readers, some answers and progress.</summary>
    private static void PlanLarge(Plan plan, List<Published> published, List<DemoPerson> readers)
    {
        foreach (var resource in published)
        {
            var views = plan.Random.Next(0, 7);
            for (var v = 0; v < views; v++)
            {
                var reader = readers[plan.Random.Next(readers.Count)].Id;
                var at = plan.Moment(resource);
                plan.View(resource, reader, at);
                if (plan.Random.Next(6) == 0)
                {
                    plan.Answer(resource, reader, at.AddMinutes(10), plan.Random.Next(5) > 0);
                }
                if (resource.Kind == ResourceKind.Video && plan.Random.Next(3) == 0)
                {
                    plan.Progressed(resource, reader, at.AddMinutes(5), plan.Random.Next(2) == 0 ? 1.0 : Math.Round(plan.Random.NextDouble() * 0.9, 2));
                }
            }
            if (plan.Random.Next(100) == 0)
            {
                var at = plan.Moment(resource);
                plan.Flag(resource, readers[plan.Random.Next(readers.Count)].Id, plan.Random.Next(2) == 0 ? FlagKind.Question : FlagKind.Outdated,
                    plan.Random.Next(2) == 0 ? "Does this still apply to the new version?" : "Which settings did you use here?", at, null);
            }
        }
    }
}
