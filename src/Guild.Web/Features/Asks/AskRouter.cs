using System.Collections.Concurrent;
using Guild.Web.Features.Expertise.Calls;
using Guild.Web.Features.Expertise.Map;
using Guild.Web.Features.Expertise.Profiles;
using Guild.Web.Features.Library.Search;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.Jobs;
using Guild.Web.Platform.Notifications;
using Guild.Web.Platform.Organisation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Guild.Web.Features.Asks;

/// <summary>
/// Sends an ask to the people most likely to answer it soon. Candidates: the champions of its component; without a
/// component, the champions of the components closest in meaning to the question and the champions who answered asks
/// close to it. Among them, people working now (their own hours and time zone, not on a public holiday, not away) who
/// carry fewer than <see cref="AskOptions.BusyAt"/> claimed asks go first; only when none is free do the others get it,
/// so someone still hears. Nobody at all: the L&amp;D admins. Each routing is stored with its round and reason, every
/// routed person is notified in the app and by mail (<see cref="AskMails"/>), and an escalation is queued for when the
/// ask would still be unclaimed after <see cref="AskOptions.EscalateAfter"/> of working time.
/// </summary>
public sealed class AskRouter(
    GuildDb db, TimeProvider clock, WorkingCalendar calendar, OrganisationProfile organisation, SentenceEmbedder embedder, AskComponentVectors componentVectors,
    Notifier notifier, AskMails mails, JobQueue jobs, IOptions<AskOptions> options)
{
    /// <summary>Notification to routed people: "{0} asks: {1}" (or "A colleague asks: {1}").</summary>
    public const string RoutedKind = "asks.routed";

    /// <summary>A component this close to the question makes its champions candidates…</summary>
    internal const float ComponentSimilarity = 0.3f;
    /// <summary>…and an answered ask this close makes its champions candidates.</summary>
    internal const float AnswerSimilarity = 0.55f;

    private sealed record Candidate(Guid PersonId, RoutingReason Reason, Guid? ComponentId, float? Similarity);

    /// <summary>Routes the next round of an ask (the caller saves). Answers the people it went to; none when nobody is left.</summary>
    public async Task<IReadOnlyList<AskRouting>> RouteAsync(Ask ask, string? authorName, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var round = ask.RoutingRound + 1;
        var already = (await db.Set<AskRouting>().Where(r => r.AskId == ask.Id).Select(r => r.PersonId).ToListAsync(cancellationToken)).ToHashSet();
        already.Add(ask.AuthorId);
        var candidates = (await CandidatesAsync(ask, cancellationToken)).Where(c => !already.Contains(c.PersonId)).ToList();
        if (candidates.Count == 0)
        {
            var adminRole = GuildRoleConfiguration.Ids[Roles.LearningAdmin];
            var admins = await (from r in db.UserRoles
                                join u in db.Users on r.UserId equals u.Id
                                where r.RoleId == adminRole && u.DeactivatedAt == null
                                select u.Id).ToListAsync(cancellationToken);
            candidates = admins.Where(a => !already.Contains(a)).Select(a => new Candidate(a, RoutingReason.LearningAdmin, null, null)).ToList();
        }
        if (candidates.Count == 0)
        {
            return [];
        }

        var ids = candidates.Select(c => c.PersonId).Distinct().ToList();
        var schedules = await calendar.ForAsync(ids, cancellationToken);
        var settings = await organisation.GetAsync(cancellationToken);
        var today = DateOnly.FromDateTime(settings.ToLocal(now).DateTime);
        var away = (await db.Set<Availability>().AsNoTracking().Where(a => ids.Contains(a.PersonId) && a.AwayUntil != null && a.AwayUntil >= today)
            .Select(a => a.PersonId).ToListAsync(cancellationToken)).ToHashSet();
        var claims = await db.Set<Ask>().AsNoTracking().Where(a => a.Status == AskStatus.Claimed && a.ClaimedById != null && ids.Contains(a.ClaimedById.Value))
            .GroupBy(a => a.ClaimedById!.Value).Select(g => new { PersonId = g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.PersonId, g => g.Count, cancellationToken);
        var busyAt = options.Value.BusyAt;
        var ranked = candidates
            .GroupBy(c => c.PersonId).Select(g => g.OrderBy(c => c.Reason).ThenByDescending(c => c.Similarity ?? 1).First())
            .Select(c =>
            {
                var open = claims.GetValueOrDefault(c.PersonId);
                var available = !away.Contains(c.PersonId) && schedules[c.PersonId].IsWorking(now) && open < busyAt;
                return (Candidate: c, Available: available, Open: open);
            })
            .OrderByDescending(x => x.Available).ThenBy(x => x.Candidate.Reason).ThenBy(x => x.Open)
            .ThenByDescending(x => x.Candidate.Similarity ?? 1).ThenBy(x => x.Candidate.PersonId)
            .ToList();
        // People free now take the round; only when nobody is free does the best of the rest hear, so the ask never waits unseen.
        var chosen = (ranked.Any(x => x.Available) ? ranked.Where(x => x.Available) : ranked).Take(Math.Max(1, options.Value.ChampionsPerRound)).ToList();
        var routings = chosen.Select(x => new AskRouting
        {
            AskId = ask.Id, PersonId = x.Candidate.PersonId, Round = round, Reason = x.Candidate.Reason, ComponentId = x.Candidate.ComponentId,
            Similarity = x.Candidate.Similarity, WasAvailable = x.Available, OpenClaims = x.Open, RoutedAt = now,
        }).ToList();
        db.AddRange(routings);
        ask.RoutingRound = round;
        var recipients = routings.Select(r => r.PersonId).ToList();
        await notifier.NotifyAsync(recipients, new NotificationEvent(RoutedKind, $"ask:{ask.Id}", ask.Title, $"/asks/{ask.Id}", authorName), cancellationToken);
        await mails.QueueRoutedAsync(ask, authorName, recipients, cancellationToken);
        // Escalation: if nobody has claimed it after the configured working time, the next round goes out.
        var escalateAt = (await calendar.OrganisationAsync(cancellationToken)).AddWorkingTime(now, options.Value.EscalateAfter);
        jobs.Enqueue(AskEscalationJob.JobKind, new AskEscalationJob.Payload(ask.Id, round), runAfter: escalateAt, maxAttempts: 5);
        return routings;
    }

    private async Task<IReadOnlyList<Candidate>> CandidatesAsync(Ask ask, CancellationToken cancellationToken)
    {
        var activeChampions = from c in db.Set<ComponentChampion>()
                              join u in db.Users on c.PersonId equals u.Id
                              where c.EndedAt == null && u.DeactivatedAt == null
                              select c;
        if (ask.ComponentId is { } componentId)
        {
            return await activeChampions.Where(c => c.ComponentId == componentId)
                .Select(c => new Candidate(c.PersonId, RoutingReason.ComponentChampion, componentId, null)).ToListAsync(cancellationToken);
        }
        if (ask.Embedding is null)
        {
            return [];
        }
        var question = SentenceEmbedder.FromBytes(ask.Embedding);
        var nearComponents = (await componentVectors.AllAsync(db, embedder, cancellationToken))
            .Select(c => (c.Id, Similarity: SentenceEmbedder.Similarity(question, c.Vector)))
            .Where(c => c.Similarity >= ComponentSimilarity)
            .OrderByDescending(c => c.Similarity).Take(3).ToDictionary(c => c.Id, c => c.Similarity);
        var near = nearComponents.Keys.ToList();
        var byComponent = near.Count == 0 ? [] : await activeChampions.Where(c => near.Contains(c.ComponentId))
            .Select(c => new { c.PersonId, c.ComponentId }).ToListAsync(cancellationToken);
        var candidates = byComponent.Select(c => new Candidate(c.PersonId, RoutingReason.SimilarComponent, c.ComponentId, nearComponents[c.ComponentId])).ToList();

        // Champions who answered questions like this one (the most recent answered asks with a meaning).
        var answered = await (from a in db.Set<Ask>().AsNoTracking()
                              join an in db.Set<AskAnswer>() on a.Id equals an.AskId
                              where (a.Status == AskStatus.Answered || a.Status == AskStatus.Solved) && a.Embedding != null && a.Id != ask.Id
                              orderby an.CreatedAt descending
                              select new { an.ChampionId, a.Embedding }).Take(2000).ToListAsync(cancellationToken);
        var stillActive = (await activeChampions.Select(c => c.PersonId).Distinct()
            .Where(p => answered.Select(a => a.ChampionId).Contains(p)).ToListAsync(cancellationToken)).ToHashSet();
        candidates.AddRange(answered
            .Where(a => stillActive.Contains(a.ChampionId))
            .Select(a => new Candidate(a.ChampionId, RoutingReason.PastAnswers, null, SentenceEmbedder.Similarity(question, SentenceEmbedder.FromBytes(a.Embedding!))))
            .Where(c => c.Similarity >= AnswerSimilarity));
        return candidates;
    }
}

/// <summary>
/// The meaning of each live component ("name: description"), embedded once per node and again when the component
/// changes, so routing compares a question with the whole map without encoding it per ask.
/// </summary>
public sealed class AskComponentVectors
{
    private readonly ConcurrentDictionary<Guid, (DateTimeOffset UpdatedAt, float[] Vector)> _vectors = new();

    public sealed record ComponentVector(Guid Id, float[] Vector);

    public async Task<IReadOnlyList<ComponentVector>> AllAsync(GuildDb db, SentenceEmbedder embedder, CancellationToken cancellationToken)
    {
        var live = await db.Set<KnowHowComponent>().AsNoTracking().Where(c => c.ArchivedAt == null)
            .Select(c => new { c.Id, c.Name, c.Description, c.UpdatedAt }).ToListAsync(cancellationToken);
        var missing = live.Where(c => !_vectors.TryGetValue(c.Id, out var known) || known.UpdatedAt != c.UpdatedAt).ToList();
        foreach (var chunk in missing.Chunk(64))
        {
            var vectors = await embedder.EmbedAsync(chunk.Select(c => string.IsNullOrWhiteSpace(c.Description) ? c.Name : $"{c.Name}: {c.Description}").ToList(), cancellationToken);
            for (var i = 0; i < chunk.Length; i++)
            {
                _vectors[chunk[i].Id] = (chunk[i].UpdatedAt, vectors[i]);
            }
        }
        return live.Select(c => new ComponentVector(c.Id, _vectors[c.Id].Vector)).ToList();
    }
}
