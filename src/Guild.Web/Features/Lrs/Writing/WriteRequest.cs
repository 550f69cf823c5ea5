using Guild.Web.Platform;

namespace Guild.Web.Features.Lrs.Writing;

/// <summary>Attachment data received with statements, by SHA-2.</summary>
public sealed record AttachmentData(string ContentType, byte[] Content);

/// <summary>One caller's statements on their way to the database: all of them are stored, or none.</summary>
internal sealed class WriteRequest(IReadOnlyList<Statement> statements, Guid[] ids, StatementAuthority authority, Guid? clientId,
    IReadOnlyDictionary<string, AttachmentData> attachments)
{
    public IReadOnlyList<Statement> Statements { get; } = statements;
    public Guid[] Ids { get; } = ids;
    public StatementAuthority Authority { get; } = authority;
    public Guid? ClientId { get; } = clientId;
    public IReadOnlyDictionary<string, AttachmentData> Attachments { get; } = attachments;
    public TaskCompletionSource<Result<IReadOnlyList<Guid>>> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>One statement a batch stores: what the request sent, with the id, stored time and stored form the writer gave it.</summary>
internal sealed class PendingStatement(WriteRequest request, int index)
{
    public WriteRequest Request { get; } = request;
    public Statement Statement { get; } = request.Statements[index];
    public Guid Id { get; } = request.Ids[index];
    public DateTimeOffset Stored { get; set; }
    public bool Voided { get; set; }
    public string Document { get; set; } = "";
}

public sealed class LrsWriterOptions
{
    /// <summary>Most statements one transaction takes.</summary>
    public int MaxBatchStatements { get; set; } = 2000;
    /// <summary>How long the writer waits for more work after the first request of a batch; 0 takes what is queued.</summary>
    public int LingerMilliseconds { get; set; }
    /// <summary>
    /// Transactions in flight at once on PostgreSQL (SQLite has one writer). PostgreSQL's work for a batch
    /// (index and jsonb maintenance) runs on one core per connection, so a second writer uses the second core.
    /// </summary>
    public int Writers { get; set; } = 2;
}
