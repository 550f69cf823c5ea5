using Guild.Web.Platform.Data;
using Guild.Web.Platform.Organisation;
using Microsoft.Extensions.Caching.Memory;

namespace Guild.Web.Platform.LearningRecords;

/// <summary>
/// The one way a feature records a learning act. The act becomes a row in the durable outbox
/// (<c>learning_act_outbox</c>) with the statement it will be; the LRS's worker stores outbox rows as
/// xAPI statements in batches, in the background. So recording costs a page one small row, never the
/// LRS's validation, indexing and commit.
/// <list type="bullet">
/// <item><see cref="RecordAsync"/> — for reads (a page view, a sign-in) that have no unit of work of their own:
/// the row joins the next group commit of <see cref="LearningActAppender"/> and the call returns once it
/// is durable.</item>
/// <item><see cref="AddAsync"/> — for commands: the row joins the caller's <see cref="GuildDb"/> unit of
/// work and commits with the change it records (an ask and "asked" exist together or not at all).</item>
/// </list>
/// </summary>
public sealed class LearningRecorder(
    LearningActAppender appender,
    LearningActSignal signal,
    OrganisationProfile organisation,
    RecordedToday recordedToday,
    TimeProvider clock,
    ILogger<LearningRecorder> logger)
{
    /// <summary>
    /// Records a look (a profile viewed, a page read) the first time today that this person does this to this
    /// object; a reload, the way back from a link or a second look the same day records nothing. The day is the
    /// organisation's. The memory of what was recorded is per node and bounded, so a look may now and then be recorded
    /// twice in a day (another node, a busy day): readers of these acts count distinct people and days anyway.
    /// </summary>
    public async Task<Guid?> RecordOncePerDayAsync(LearningAct act, CancellationToken cancellationToken = default)
    {
        var day = DateOnly.FromDateTime((await organisation.GetAsync(cancellationToken)).ToLocal(act.At ?? clock.GetUtcNow()).DateTime);
        return recordedToday.IsFirst(act, day) ? await RecordAsync(act, cancellationToken) : null;
    }

    /// <summary>
    /// Records the act durably (one row in the next group commit) and answers its statement id. Never
    /// throws for a recording problem: a page does not fail because its learning record could not be
    /// written; the failure is logged.
    /// </summary>
    public async Task<Guid?> RecordAsync(LearningAct act, CancellationToken cancellationToken = default)
    {
        try
        {
            var entry = await EntryAsync(act, cancellationToken);
            await appender.AppendAsync(entry, cancellationToken);
            return entry.Id;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogError(exception, "Could not record the learning act {Verb} of {Person}.", act.Verb.Iri, act.Actor.PersonId);
            return null;
        }
    }

    /// <summary>
    /// Adds the act to the caller's unit of work: it is stored when the caller saves its changes, and not
    /// at all if they roll back. Answers the statement id.
    /// </summary>
    public async Task<Guid> AddAsync(GuildDb unitOfWork, LearningAct act, CancellationToken cancellationToken = default)
    {
        var entry = await EntryAsync(act, cancellationToken);
        unitOfWork.Add(entry);
        // The worker also polls; this only makes it look sooner once the caller has committed.
        signal.Nudge();
        return entry.Id;
    }

    private async Task<LearningActOutboxEntry> EntryAsync(LearningAct act, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var at = act.At ?? now;
        var baseIri = (await organisation.GetAsync(cancellationToken)).LearningRecordBaseIri;
        var id = Guid.CreateVersion7(at);
        return new LearningActOutboxEntry
        {
            Id = id,
            Statement = LearningStatements.Json(act, id, baseIri, at),
            RecordedAt = now,
            RunAfter = now,
        };
    }
}

/// <summary>
/// Which (person, verb, object, day) acts this node recorded lately, for <see cref="LearningRecorder.RecordOncePerDayAsync"/>:
/// its own bounded cache, so a busy day forgets its oldest entries instead of growing without limit.
/// </summary>
public sealed class RecordedToday : IDisposable
{
    /// <summary>Entries kept at most (about 100 bytes each).</summary>
    public const int Capacity = 200_000;

    private readonly MemoryCache _seen = new(new MemoryCacheOptions { SizeLimit = Capacity, CompactionPercentage = 0.25 });

    /// <summary>True (and remembered) the first time this node sees the act on <paramref name="day"/>.</summary>
    public bool IsFirst(LearningAct act, DateOnly day)
    {
        var key = (act.Actor.PersonId, act.Verb.Iri, act.Activity.Path, day);
        if (_seen.TryGetValue(key, out _))
        {
            return false;
        }
        _seen.Set(key, true, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = TimeSpan.FromHours(25) });
        return true;
    }

    public void Dispose() => _seen.Dispose();
}

public static class GuildLearningRecords
{
    public static IServiceCollection AddGuildLearningRecords(this IServiceCollection services)
    {
        services.AddSingleton<LearningActSignal>();
        services.AddSingleton<LearningActAppender>();
        services.AddHostedService(provider => provider.GetRequiredService<LearningActAppender>());
        services.AddSingleton<RecordedToday>();
        services.AddSingleton<LearningRecorder>();
        services.AddSingleton<LearningActOutbox>();
        return services;
    }
}
