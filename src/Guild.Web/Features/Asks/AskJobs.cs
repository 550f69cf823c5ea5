using Guild.Web.Features.People;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Jobs;
using Guild.Web.Platform.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Guild.Web.Features.Asks;

/// <summary>
/// Escalation: queued by each routing round to run when <see cref="AskOptions.EscalateAfter"/> of working time has
/// passed. If the ask is still unclaimed and no later round went out meanwhile, the next round goes to the next
/// champions (after them, the L&amp;D admins). Safe to run again: a round that already escalated changes nothing.
/// </summary>
internal sealed class AskEscalationJob(GuildDb db, AskRouter router) : IJobHandler
{
    public const string JobKind = "asks.escalate";

    public sealed record Payload(Guid AskId, int Round);

    public string Kind => JobKind;

    public async Task RunAsync(JobContext job, CancellationToken cancellationToken)
    {
        var payload = job.PayloadAs<Payload>();
        var ask = await db.Set<Ask>().FirstOrDefaultAsync(a => a.Id == payload.AskId, cancellationToken);
        if (ask is null || ask.Status != AskStatus.Open || ask.ClaimedById is not null || ask.RoutingRound != payload.Round)
        {
            return;
        }
        var author = ask.Anonymous ? null
            : await db.Set<Person>().Where(p => p.Id == ask.AuthorId).Select(p => p.GivenName + " " + p.FamilyName).FirstAsync(cancellationToken);
        await router.RouteAsync(ask, author, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
    }
}

/// <summary>
/// An answered ask the asker has not confirmed: nudged once (<c>asks.nudge</c>), then, after
/// <see cref="AskOptions.CloseAfterNudge"/>, closed with a note. Each answer queues it; a newer answer, a confirmation or a
/// "not yet" makes an older run do nothing.
/// </summary>
internal sealed class AskNudgeJob(GuildDb db, Notifier notifier, JobQueue jobs, TimeProvider clock, IOptions<AskOptions> options) : IJobHandler
{
    public const string JobKind = "asks.nudge";

    /// <param name="AskId">The ask.</param>
    /// <param name="AnsweredAt">The answer this run is about: a later answer has its own run.</param>
    public sealed record Payload(Guid AskId, DateTimeOffset AnsweredAt);

    public string Kind => JobKind;

    public async Task RunAsync(JobContext job, CancellationToken cancellationToken)
    {
        var payload = job.PayloadAs<Payload>();
        var ask = await db.Set<Ask>().FirstOrDefaultAsync(a => a.Id == payload.AskId, cancellationToken);
        if (ask is null || ask.Status != AskStatus.Answered || ask.AnsweredAt != payload.AnsweredAt)
        {
            return;
        }
        var now = clock.GetUtcNow();
        if (ask.NudgedAt is null)
        {
            ask.NudgedAt = now;
            await notifier.NotifyAsync([ask.AuthorId], new NotificationEvent(Asking.NudgeKind, $"ask:{ask.Id}", ask.Title, $"/asks/{ask.Id}", null), cancellationToken);
            jobs.Enqueue(JobKind, payload, runAfter: now + options.Value.CloseAfterNudge, maxAttempts: 5);
        }
        else
        {
            // Nobody said "solved" or "not yet": closed, and the page says so (the figures count it as answered, not solved).
            ask.Status = AskStatus.Closed;
            ask.ClosedAt = now;
        }
        await db.SaveChangesAsync(cancellationToken);
    }
}
