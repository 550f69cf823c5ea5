using Guild.Web.Features.People;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Jobs;
using Guild.Web.Platform.Notifications;
using Guild.Web.Platform.Organisation;
using Microsoft.EntityFrameworkCore;

namespace Guild.Web.Features.LearningCoffee;

/// <summary>
/// The recurring job (<c>coffee.round</c>, every working day at 08:00): starts a round when the last one is
/// <see cref="CoffeeOptions.RoundEvery"/> old. A daily check rather than a fortnightly schedule, so changing the setting
/// takes effect at once and a missed day (a node down) only delays the round by a day.
/// </summary>
internal sealed class CoffeeRoundJob(CoffeeRounds rounds) : IJobHandler
{
    public const string JobKind = "coffee.round";

    public string Kind => JobKind;

    public async Task RunAsync(JobContext job, CancellationToken cancellationToken)
    {
        var round = await rounds.StartIfDueAsync(cancellationToken);
        if (round is not null)
        {
            job.SetResult(System.Text.Json.JsonSerializer.Serialize(new { round = round.Number, round.Paired, round.LeftOut, round.Away }, System.Text.Json.JsonSerializerOptions.Web));
        }
    }
}

/// <summary>
/// One member's introduction to their pair (<c>coffee.intro</c>), queued for the start of their working hours: an in-app
/// notification and a mail. Run again, it sends nothing twice (<see cref="CoffeePairMember.IntroducedAt"/>). If their
/// hours changed meanwhile and they are not working now, it waits for their next working moment.
/// </summary>
internal sealed class CoffeeIntroJob(GuildDb db, WorkingCalendar calendar, CoffeeMails mails, Notifier notifier, JobQueue jobs, TimeProvider clock) : IJobHandler
{
    public const string JobKind = "coffee.intro";
    public const string PairedKind = "coffee.paired";

    /// <param name="PairId">The pair or trio.</param>
    /// <param name="PersonId">The member to introduce the others to.</param>
    public sealed record Payload(Guid PairId, Guid PersonId);

    public string Kind => JobKind;

    public async Task RunAsync(JobContext job, CancellationToken cancellationToken)
    {
        var payload = job.PayloadAs<Payload>();
        var member = await db.Set<CoffeePairMember>().FirstOrDefaultAsync(m => m.PairId == payload.PairId && m.PersonId == payload.PersonId, cancellationToken);
        if (member is null || member.IntroducedAt is not null)
        {
            return;
        }
        var now = clock.GetUtcNow();
        var schedule = await calendar.ForAsync(payload.PersonId, cancellationToken);
        if (!schedule.IsWorking(now))
        {
            jobs.Enqueue(JobKind, payload, runAfter: schedule.AddWorkingTime(now, TimeSpan.Zero), maxAttempts: 5);
            await db.SaveChangesAsync(cancellationToken);
            return;
        }
        var others = await (from pm in db.Set<CoffeePairMember>()
                            join p in db.Set<Person>() on pm.PersonId equals p.Id
                            where pm.PairId == payload.PairId && pm.PersonId != payload.PersonId
                            orderby p.SortKey
                            select p.GivenName + " " + p.FamilyName).ToListAsync(cancellationToken);
        member.IntroducedAt = now;
        await notifier.NotifyAsync([payload.PersonId], new NotificationEvent(PairedKind, $"coffee-pair:{payload.PairId}", string.Join(", ", others), "/coffee", null),
            cancellationToken);
        await mails.QueueIntroAsync(payload.PairId, payload.PersonId, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
    }
}

/// <summary>
/// "Did you meet?" (<c>coffee.did-you-meet</c>), <see cref="CoffeeOptions.AskMetAfter"/> after the round: asks every member
/// of a pair nobody has answered for yet. The notification leads to the page, where one click answers.
/// </summary>
internal sealed class CoffeeMetQuestionJob(GuildDb db, Notifier notifier) : IJobHandler
{
    public const string JobKind = "coffee.did-you-meet";
    public const string QuestionKind = "coffee.did-you-meet";

    /// <param name="PairId">The pair or trio.</param>
    public sealed record Payload(Guid PairId);

    public string Kind => JobKind;

    public async Task RunAsync(JobContext job, CancellationToken cancellationToken)
    {
        var payload = job.PayloadAs<Payload>();
        var pair = await db.Set<CoffeePair>().AsNoTracking().FirstOrDefaultAsync(p => p.Id == payload.PairId, cancellationToken);
        if (pair is null || pair.Met is not null)
        {
            return;
        }
        var members = await (from pm in db.Set<CoffeePairMember>()
                             join p in db.Set<Person>() on pm.PersonId equals p.Id
                             where pm.PairId == payload.PairId
                             select new { pm.PersonId, Name = p.GivenName + " " + p.FamilyName }).ToListAsync(cancellationToken);
        foreach (var member in members)
        {
            var others = string.Join(", ", members.Where(m => m.PersonId != member.PersonId).Select(m => m.Name).Order(StringComparer.CurrentCulture));
            await notifier.NotifyAsync([member.PersonId], new NotificationEvent(QuestionKind, $"coffee-pair:{payload.PairId}:met", others, "/coffee#met", null),
                cancellationToken);
        }
        await db.SaveChangesAsync(cancellationToken);
    }
}
