using System.Text.Json;
using Guild.Web.Features.Community.Posts;
using Guild.Web.Features.Community.Spaces;
using Guild.Web.Features.Expertise.Calls;
using Guild.Web.Features.People;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Jobs;
using Guild.Web.Platform.Mail;
using Guild.Web.Platform.Notifications;
using Guild.Web.Platform.Organisation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Guild.Web.Features.Community.Digests;

/// <summary>One thread of a digest: what happened in it since the last digest.</summary>
public sealed record DigestThread(Guid ThreadId, string Title, string SpaceName, bool IsNew, int NewReplies);

/// <summary>A question of a digest: answered for the reader, or waiting in their know-how area.</summary>
public sealed record DigestQuestion(Guid ThreadId, string Title, string SpaceName, DateTimeOffset At);

/// <summary>What one person's digest says; empty when nothing new happened for them.</summary>
public sealed record DigestContent(IReadOnlyList<DigestThread> Threads, IReadOnlyList<DigestQuestion> Answered, IReadOnlyList<DigestQuestion> Unanswered)
{
    public bool IsEmpty => Threads.Count == 0 && Answered.Count == 0 && Unanswered.Count == 0;
}

/// <summary>
/// The community digest, daily or weekly by each person's choice: what happened in the threads and spaces they follow (grouped by
/// thread, authors never named, so an anonymous question stays anonymous), their questions that were answered ("answered for you"),
/// and unanswered questions in the spaces of the components they champion. Only what the person may read, by the same rule as the
/// notifications: an open space for every colleague, a closed or secret one for its members. People are worked through in batches
/// with a few queries each; a batch's mails commit with the people's <see cref="CommunityDigestSubscription.LastSentAt"/>, so a run
/// retried after a crash mails nobody twice. Nothing new, no mail.
/// </summary>
internal sealed class CommunityDigestJob(
    GuildDb db, Mailer mailer, MailTemplates templates, OrganisationProfile organisationProfile, DigestUnsubscribeLinks links,
    TimeProvider clock, IStringLocalizerFactory localizers, ILogger<CommunityDigestJob> logger) : IJobHandler
{
    public const string JobKind = "community.digest";
    internal const int DefaultBatchSize = 200;
    /// <summary>A digest never reaches further back than this, however long ago the last one went.</summary>
    internal static readonly TimeSpan LongestWindow = TimeSpan.FromDays(14);
    /// <summary>A mail stays short: the rest is one click away in the community.</summary>
    internal const int MaxThreads = 10, MaxQuestions = 5;

    /// <param name="Frequency">Which digest: daily or weekly.</param>
    /// <param name="BatchSize">People per batch (one commit each).</param>
    public sealed record Payload(CommunityDigestFrequency Frequency, int? BatchSize = null);

    // Half an hour after the notification digest, so the two summaries never arrive as one burst.
    public static readonly RecurringJob Daily = new("community-digest:daily", JobKind,
        Schedules.WorkingDaysAt(new TimeOnly(7, 30)), new Payload(CommunityDigestFrequency.Daily));

    public static readonly RecurringJob Weekly = new("community-digest:weekly", JobKind,
        Schedules.WeeklyAt(DayOfWeek.Monday, new TimeOnly(7, 30)), new Payload(CommunityDigestFrequency.Weekly));

    public string Kind => JobKind;

    public async Task RunAsync(JobContext job, CancellationToken cancellationToken)
    {
        var payload = job.PayloadAs<Payload>();
        if (payload.Frequency is not (CommunityDigestFrequency.Daily or CommunityDigestFrequency.Weekly))
        {
            throw new PermanentJobFailure($"A community digest is daily or weekly, not {payload.Frequency}.");
        }
        var batchSize = Math.Clamp(payload.BatchSize ?? DefaultBatchSize, 1, 5000);
        var now = clock.GetUtcNow();
        var period = payload.Frequency == CommunityDigestFrequency.Daily ? TimeSpan.FromDays(1) : TimeSpan.FromDays(7);
        var organisation = await organisationProfile.GetAsync(cancellationToken);
        var text = localizers.Create(typeof(DigestText));
        var openSpaces = (await db.Set<Space>().Where(s => s.Kind == SpaceKind.Open).Select(s => s.Id).ToListAsync(cancellationToken)).ToHashSet();
        var candidates = Candidates(payload.Frequency);
        var total = await candidates.CountAsync(cancellationToken);
        await job.ReportProgressAsync(0, total, new JobMessage("Digest.Progress", 0, total));
        int people = 0, mails = 0;
        Guid? after = null;
        while (true)
        {
            // Keyset pages over the people (no OFFSET), so each batch reads only its own rows.
            var page = after is { } last ? candidates.Where(id => id.CompareTo(last) > 0) : candidates;
            var batch = await page.OrderBy(id => id).Take(batchSize).ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                break;
            }
            after = batch[^1];
            var subscriptions = await db.Set<CommunityDigestSubscription>().Where(s => batch.Contains(s.PersonId))
                .ToDictionaryAsync(s => s.PersonId, cancellationToken);
            var since = batch.ToDictionary(id => id, id => WindowStart(subscriptions.GetValueOrDefault(id)?.LastSentAt, now, period));
            var contents = await ContentsAsync(batch, since, openSpaces, now, cancellationToken);
            var recipients = await MailRecipient.LoadAsync(db, batch, organisation.DefaultLanguage, cancellationToken);
            foreach (var (personId, content) in contents)
            {
                if (content.IsEmpty || !recipients.TryGetValue(personId, out var recipient))
                {
                    continue;
                }
                var unsubscribe = templates.AbsoluteUrl($"/community/digest/unsubscribe/{links.Create(personId)}");
                var mail = await templates.RenderAsync<CommunityDigestMail>(recipient.Email, null, recipient.Language,
                    () => text[payload.Frequency == CommunityDigestFrequency.Daily ? "SubjectDaily" : "SubjectWeekly", organisation.Name],
                    new Dictionary<string, object?>
                    {
                        [nameof(CommunityDigestMail.Content)] = content,
                        [nameof(CommunityDigestMail.Frequency)] = payload.Frequency,
                        [nameof(CommunityDigestMail.OrganisationName)] = organisation.Name,
                        [nameof(CommunityDigestMail.UnsubscribeUrl)] = unsubscribe,
                    });
                mailer.Queue(mail with { ListUnsubscribe = unsubscribe });
                if (!subscriptions.TryGetValue(personId, out var subscription))
                {
                    subscription = new CommunityDigestSubscription { PersonId = personId, Frequency = payload.Frequency, UpdatedAt = now };
                    db.Add(subscription);
                }
                subscription.LastSentAt = now;
                mails++;
            }
            // The batch's mails and the people's "last sent" commit together: a crash before the commit leaves both undone (the retry
            // mails them), after it both done (the retry finds nothing new for them).
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
            people += batch.Count;
            await job.ReportProgressAsync(people, Math.Max(total, people), new JobMessage("Digest.Progress", people, Math.Max(total, people)));
        }
        logger.LogInformation("{Frequency} community digest: {Mails} mails for {People} people", payload.Frequency, mails, people);
        job.SetResult(JsonSerializer.Serialize(new { mails, people }, JsonSerializerOptions.Web));
        job.SetOutcome(JobOutcome.Positive, new JobMessage("Digest.Done", mails, people));
    }

    /// <summary>The moment after which things count: the last digest (exclusive), else one period back, never more than the longest window.</summary>
    internal static DateTimeOffset WindowStart(DateTimeOffset? lastSent, DateTimeOffset now, TimeSpan period)
    {
        var start = lastSent ?? now - period;
        return start < now - LongestWindow ? now - LongestWindow : start;
    }

    /// <summary>
    /// Colleagues (not partner guests) who can receive mail, get this digest (weekly is everyone's until they choose), and have
    /// something a digest could be about: a followed thread or space, a question of their own, or a component they champion.
    /// </summary>
    private IQueryable<Guid> Candidates(CommunityDigestFrequency frequency)
    {
        var subscriptions = db.Set<CommunityDigestSubscription>();
        var people = from p in db.Set<Person>()
                     join u in db.Users on p.Id equals u.Id
                     where p.PartnerOrganisation == null && u.DeactivatedAt == null && u.Email != null
                     select p;
        people = frequency == CommunityDigestFrequency.Weekly
            ? people.Where(p => !subscriptions.Any(s => s.PersonId == p.Id && s.Frequency != CommunityDigestFrequency.Weekly))
            : people.Where(p => subscriptions.Any(s => s.PersonId == p.Id && s.Frequency == frequency));
        return people
            .Where(p => db.Set<ThreadFollower>().Any(f => f.PersonId == p.Id) || db.Set<SpaceFollower>().Any(f => f.PersonId == p.Id)
                        || db.Set<Post>().Any(t => t.AuthorId == p.Id && t.ParentId == null && t.Kind == PostKind.Question)
                        || db.Set<ComponentChampion>().Any(c => c.PersonId == p.Id && c.EndedAt == null))
            .Select(p => p.Id);
    }

    /// <summary>Every person's digest in the batch, in five queries whatever the batch's size.</summary>
    private async Task<Dictionary<Guid, DigestContent>> ContentsAsync(List<Guid> batch, Dictionary<Guid, DateTimeOffset> since,
        HashSet<Guid> openSpaces, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var earliest = since.Values.Min();
        var waitingSince = now - LongestWindow;
        var memberships = (await db.Set<SpaceMember>().Where(m => batch.Contains(m.PersonId) && m.Status == MembershipStatus.Member)
            .Select(m => new { m.PersonId, m.SpaceId }).ToListAsync(cancellationToken)).Select(m => (m.PersonId, m.SpaceId)).ToHashSet();
        bool Reads(Guid personId, Guid spaceId) => openSpaces.Contains(spaceId) || memberships.Contains((personId, spaceId));

        // New posts by others in followed threads and followed spaces (hidden and deleted ones left out).
        var posts = db.Set<Post>().Where(p => p.CreatedAt >= earliest && p.DeletedAt == null && !p.Hidden && p.Review == null);
        var inThreads = from f in db.Set<ThreadFollower>()
                        where batch.Contains(f.PersonId)
                        join p in posts on f.ThreadId equals p.ThreadId
                        where p.AuthorId != f.PersonId
                        select new { f.PersonId, p.Id, p.ThreadId, p.SpaceId, p.ParentId, p.CreatedAt };
        var inSpaces = from f in db.Set<SpaceFollower>()
                       where batch.Contains(f.PersonId)
                       join p in posts on f.SpaceId equals p.SpaceId
                       where p.AuthorId != f.PersonId
                       select new { f.PersonId, p.Id, p.ThreadId, p.SpaceId, p.ParentId, p.CreatedAt };
        var activity = await inThreads.Union(inSpaces).ToListAsync(cancellationToken);

        // Questions answered since: the person's own, or ones they follow, unless they wrote the answer themselves.
        var answered = await (from t in db.Set<Post>()
                              where t.ParentId == null && t.Kind == PostKind.Question && t.AnsweredAt >= earliest && t.DeletedAt == null && !t.Hidden && t.Review == null
                              join a in db.Set<Post>() on t.AnswerId equals a.Id
                              from f in db.Set<ThreadFollower>().Where(f => f.ThreadId == t.Id && batch.Contains(f.PersonId)).DefaultIfEmpty()
                              where batch.Contains(t.AuthorId) || f != null
                              select new { PersonId = f != null ? f.PersonId : t.AuthorId, t.AuthorId, t.Id, t.SpaceId, At = t.AnsweredAt!.Value, AnsweredBy = a.AuthorId })
            .ToListAsync(cancellationToken);

        // Open questions of the last two weeks in the spaces of the components the person champions.
        var waiting = await (from c in db.Set<ComponentChampion>()
                             where batch.Contains(c.PersonId) && c.EndedAt == null
                             join sc in db.Set<SpaceComponent>() on c.ComponentId equals sc.ComponentId
                             join t in db.Set<Post>() on sc.SpaceId equals t.SpaceId
                             where t.ParentId == null && t.Kind == PostKind.Question && t.AnswerId == null && t.DeletedAt == null && !t.Hidden && t.Review == null
                                   && t.CreatedAt >= waitingSince && t.AuthorId != c.PersonId
                             select new { c.PersonId, t.Id, t.SpaceId, t.CreatedAt })
            .Distinct().ToListAsync(cancellationToken);

        var threadIds = activity.Select(a => a.ThreadId).Concat(answered.Select(a => a.Id)).Concat(waiting.Select(w => w.Id)).Distinct().ToList();
        var threads = await (from t in db.Set<Post>()
                             where threadIds.Contains(t.Id) && t.DeletedAt == null && !t.Hidden && t.Review == null
                             join s in db.Set<Space>() on t.SpaceId equals s.Id
                             select new { t.Id, Title = t.Title ?? "", SpaceName = s.Name })
            .ToDictionaryAsync(t => t.Id, cancellationToken);

        var contents = new Dictionary<Guid, DigestContent>();
        foreach (var personId in batch)
        {
            var from = since[personId];
            var digestThreads = activity
                .Where(a => a.PersonId == personId && a.CreatedAt > from && Reads(personId, a.SpaceId) && threads.ContainsKey(a.ThreadId))
                .DistinctBy(a => a.Id)
                .GroupBy(a => a.ThreadId)
                .Select(g => new DigestThread(g.Key, threads[g.Key].Title, threads[g.Key].SpaceName,
                    IsNew: g.Any(a => a.ParentId == null), NewReplies: g.Count(a => a.ParentId != null)))
                .OrderByDescending(t => t.NewReplies + (t.IsNew ? 1 : 0))
                .Take(MaxThreads)
                .ToList();
            var answeredForYou = answered
                .Where(a => (a.PersonId == personId || a.AuthorId == personId) && a.AnsweredBy != personId && a.At > from
                            && Reads(personId, a.SpaceId) && threads.ContainsKey(a.Id))
                .DistinctBy(a => a.Id)
                .OrderByDescending(a => a.At)
                .Take(MaxQuestions)
                .Select(a => new DigestQuestion(a.Id, threads[a.Id].Title, threads[a.Id].SpaceName, a.At))
                .ToList();
            var mine = waiting.Where(w => w.PersonId == personId && Reads(personId, w.SpaceId) && threads.ContainsKey(w.Id))
                .DistinctBy(w => w.Id).ToList();
            // Waiting questions alone send a digest only when one of them is new since the last; otherwise they ride along.
            var unanswered = mine.OrderByDescending(w => w.CreatedAt).Take(MaxQuestions)
                .Select(w => new DigestQuestion(w.Id, threads[w.Id].Title, threads[w.Id].SpaceName, w.CreatedAt)).ToList();
            var somethingNew = digestThreads.Count > 0 || answeredForYou.Count > 0 || mine.Any(w => w.CreatedAt > from);
            contents[personId] = somethingNew ? new DigestContent(digestThreads, answeredForYou, unanswered) : new DigestContent([], [], []);
        }
        return contents;
    }
}
