using System.Data.Common;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Leasing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Guild.Web.Platform.LearningRecords;

/// <summary>
/// A learning act waiting to become a statement in the LRS: the statement JSON, built when the act was
/// recorded (so a retry sends exactly the same statement, and the LRS accepts it again as a no-op).
/// <see cref="Id"/> is the statement id. Rows leave the table once the LRS has stored them.
/// </summary>
public sealed class LearningActOutboxEntry
{
    public Guid Id { get; set; }
    public required string Statement { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
    public int Attempts { get; set; }
    /// <summary>Not before this instant (back-off after a failed attempt).</summary>
    public DateTimeOffset RunAfter { get; set; }
    /// <summary>The node working on it and until when; another node takes it over after that.</summary>
    public string? ClaimedBy { get; set; }
    public DateTimeOffset? LeaseUntil { get; set; }
    public string? LastError { get; set; }
    /// <summary>Set when the LRS refused the statement itself (a bug, not an outage): kept for a person to look at, never retried.</summary>
    public DateTimeOffset? RejectedAt { get; set; }
}

internal sealed class LearningActOutboxEntryConfiguration : IEntityTypeConfiguration<LearningActOutboxEntry>
{
    public void Configure(EntityTypeBuilder<LearningActOutboxEntry> builder)
    {
        builder.ToTable("learning_act_outbox");
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.Property(e => e.ClaimedBy).HasMaxLength(100);
        builder.Property(e => e.LastError).HasMaxLength(2000);
        // The worker's claim reads due rows in order; rejected rows are out of its way.
        builder.HasIndex(e => e.RunAfter).HasFilter("rejected_at IS NULL");
    }
}

/// <summary>One claimed outbox row.</summary>
public sealed record ClaimedAct(Guid Id, string Statement, int Attempts, DateTimeOffset RecordedAt);

/// <summary>How much is waiting, for the admin pages.</summary>
public sealed record OutboxBacklog(long Waiting, DateTimeOffset? OldestRecordedAt, long Rejected, string? LastError);

/// <summary>
/// The outbox as the LRS's worker sees it: claim due rows with a lease (PostgreSQL: <c>FOR UPDATE SKIP
/// LOCKED</c>, so several nodes take disjoint rows; SQLite has one writer), then delete them once stored,
/// give them back with a back-off, or set aside those the LRS refuses.
/// </summary>
public sealed class LearningActOutbox(IDbContextFactory<GuildDb> contexts, TimeProvider clock)
{
    private readonly LeasedRows _rows = new("learning_act_outbox", "id");

    public async Task<IReadOnlyList<ClaimedAct>> ClaimAsync(int take, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var sql = ProviderSql.For(db);
        var connection = await OpenAsync(db, cancellationToken);
        var claimed = await _rows.ClaimAsync(connection, sql, due: "rejected_at IS NULL AND run_after <= @now", orderBy: "run_after", set: "",
            returning: "id, statement, attempts, recorded_at", take, clock.GetUtcNow(), lease,
            reader => new ClaimedAct(sql.ReadUuid(reader, 0), reader.GetString(1), reader.GetInt32(2), sql.ReadInstant(reader, 3)), cancellationToken);
        return claimed.OrderBy(c => c.RecordedAt).ThenBy(c => c.Id).ToList();
    }

    /// <summary>The LRS has stored them: they leave the outbox.</summary>
    public Task CompleteAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken) =>
        ForEachChunkAsync(ids, "DELETE FROM learning_act_outbox WHERE id IN ({0})", (_, _) => { }, cancellationToken);

    /// <summary>The attempt failed (the database or LRS was unavailable): try again after <paramref name="after"/>.</summary>
    public Task RetryLaterAsync(IReadOnlyCollection<Guid> ids, TimeSpan after, string error, CancellationToken cancellationToken)
    {
        var runAfter = clock.GetUtcNow() + after;
        return ForEachChunkAsync(ids,
            "UPDATE learning_act_outbox SET attempts = attempts + 1, run_after = @runAfter, lease_until = NULL, claimed_by = NULL, last_error = @error " +
            "WHERE claimed_by = @node AND id IN ({0})",
            (command, sql) =>
            {
                ProviderSql.Add(command, "@runAfter", sql.Instant(runAfter));
                ProviderSql.Add(command, "@error", LeasedRows.Truncate(error));
            }, cancellationToken);
    }

    /// <summary>The LRS refused the statement itself: keep it aside with the reason; never retried.</summary>
    public Task RejectAsync(Guid id, string error, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        return ForEachChunkAsync([id],
            "UPDATE learning_act_outbox SET attempts = attempts + 1, rejected_at = @now, lease_until = NULL, claimed_by = NULL, last_error = @error WHERE id IN ({0})",
            (command, sql) =>
            {
                ProviderSql.Add(command, "@now", sql.Instant(now));
                ProviderSql.Add(command, "@error", LeasedRows.Truncate(error));
            }, cancellationToken);
    }

    public async Task<OutboxBacklog> BacklogAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var entries = db.Set<LearningActOutboxEntry>().AsNoTracking();
        var waiting = await entries.Where(e => e.RejectedAt == null).LongCountAsync(cancellationToken);
        var oldest = waiting == 0 ? null
            : await entries.Where(e => e.RejectedAt == null).OrderBy(e => e.RecordedAt).Select(e => (DateTimeOffset?)e.RecordedAt).FirstOrDefaultAsync(cancellationToken);
        var rejected = await entries.Where(e => e.RejectedAt != null).LongCountAsync(cancellationToken);
        var lastError = await entries.Where(e => e.LastError != null).OrderByDescending(e => e.RunAfter).Select(e => e.LastError).FirstOrDefaultAsync(cancellationToken);
        return new OutboxBacklog(waiting, oldest, rejected, lastError);
    }

    private async Task ForEachChunkAsync(IReadOnlyCollection<Guid> ids, string template, Action<DbCommand, ProviderSql> parameters,
        CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return;
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var sql = ProviderSql.For(db);
        var connection = await OpenAsync(db, cancellationToken);
        await _rows.ForEachChunkAsync(connection, sql, ids, template, command => parameters(command, sql), cancellationToken);
    }

    private static async Task<DbConnection> OpenAsync(GuildDb db, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        return db.Database.GetDbConnection();
    }
}
