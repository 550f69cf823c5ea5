namespace Guild.Web.Features.Lrs.Writing;

/// <summary>
/// One statement a committed batch stored, as read models need it. <see cref="Agents"/> are the identifier
/// keys of the actor and the object (Group members included, as the "agent" filter matches them), e.g.
/// <c>mbox:mailto:ann@example.com</c> or <c>account:https://guild.example/|person/…</c>.
/// </summary>
public sealed record StoredStatementFacts(
    Guid Id,
    DateTimeOffset Stored,
    string VerbId,
    IReadOnlySet<string> Agents,
    string? ObjectActivityId,
    IReadOnlySet<string> RelatedActivities,
    Guid? Registration,
    DateTimeOffset? Timestamp,
    Guid? Voids);

/// <summary>The statements one transaction of the LRS writer committed, in stored order.</summary>
public sealed record StatementsStored(IReadOnlyList<StoredStatementFacts> Statements);

/// <summary>
/// Hears every batch of statements the LRS commits, exactly once, on the node that committed it, after the
/// commit, never a batch that was refused or rolled back: the hook for read models (expertise signals,
/// dashboards) that must not touch the writer. Register with <c>services.AddSingleton&lt;IStatementsStoredListener, …&gt;()</c>.
/// It runs on the writer's loop after the callers were answered: keep it short (hand the work to a queue or
/// a channel), because the next batch waits for it. A listener that throws is logged and the others still hear.
/// Statements repeated with the same content (an accepted no-op) are not stored again and are not heard again.
/// </summary>
public interface IStatementsStoredListener
{
    Task StatementsStoredAsync(StatementsStored batch, CancellationToken cancellationToken);
}
