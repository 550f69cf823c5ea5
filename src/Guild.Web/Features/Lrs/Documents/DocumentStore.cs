using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Guild.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Guild.Web.Features.Lrs.Documents;

/// <summary>Where a document lives: its resource and context (activity, agent, registration).</summary>
public sealed record DocumentScope(DocumentKind Kind, string? ActivityId, string? AgentIdentifier, Guid? Registration)
{
    public byte[] Hash() => SHA256.HashData(Encoding.UTF8.GetBytes($"{(int)Kind}\n{ActivityId}\n{AgentIdentifier}\n{Registration}"));

    public byte[] KeyHash(string documentId) =>
        SHA256.HashData(Encoding.UTF8.GetBytes($"{(int)Kind}\n{ActivityId}\n{AgentIdentifier}\n{Registration}\n{documentId}"));
}

/// <summary>The preconditions a write carries (Communication 3.1).</summary>
public sealed record DocumentPreconditions(string? IfMatch, string? IfNoneMatch)
{
    public bool Any => IfMatch is not null || IfNoneMatch is not null;
}

/// <summary>
/// What a write did. PreconditionRequired: a profile PUT for a document that does not exist came with neither
/// If-Match nor If-None-Match (clients create with If-None-Match: *); Conflict: the same over one that exists.
/// </summary>
public enum DocumentOutcome { Done, NotFound, PreconditionFailed, Conflict, NotMergeable, PreconditionRequired }

public sealed record StoredDocument(string DocumentId, string ContentType, byte[] Content, string ETag, DateTimeOffset UpdatedAt)
{
    /// <summary>The ETag header value: the SHA-1 of the content in hex, quoted (Communication 3.1.s4.b2, b4).</summary>
    public string QuotedETag => "\"" + ETag + "\"";
}

/// <summary>
/// The State, Activity Profile and Agent Profile documents (Communication 2.2-2.7) with their
/// concurrency rules. Writes are compare-and-set on the ETag (an UPDATE that names the ETag it
/// expects, an INSERT the unique index guards), so two writers never both win, without locks.
/// </summary>
public sealed class DocumentStore(GuildDb db, TimeProvider clock)
{
    // SHA-1 is what xAPI prescribes for document ETags (Communication 3.1.s4.b2); it names content, it protects nothing.
#pragma warning disable CA5350
    public static string ETagOf(byte[] content) => Convert.ToHexStringLower(SHA1.HashData(content));
#pragma warning restore CA5350

    public async Task<StoredDocument?> GetAsync(DocumentScope scope, string documentId, CancellationToken cancellationToken)
    {
        var key = scope.KeyHash(documentId);
        var row = await db.Set<LrsDocument>().AsNoTracking().FirstOrDefaultAsync(d => d.KeyHash == key, cancellationToken);
        return row is null ? null : new StoredDocument(row.DocumentId, row.ContentType, row.Content, row.ETag, row.UpdatedAt);
    }

    /// <summary>Ids of the documents in a context, optionally only those changed after <paramref name="since"/>; with the newest change.</summary>
    public async Task<(IReadOnlyList<string> Ids, DateTimeOffset? LastModified)> ListAsync(DocumentScope scope, DateTimeOffset? since,
        CancellationToken cancellationToken)
    {
        var hash = scope.Hash();
        var query = db.Set<LrsDocument>().AsNoTracking().Where(d => d.ScopeHash == hash);
        if (since is { } after)
        {
            query = query.Where(d => d.UpdatedAt > after);
        }
        var rows = await query.OrderBy(d => d.UpdatedAt).Select(d => new { d.DocumentId, d.UpdatedAt }).ToListAsync(cancellationToken);
        return (rows.Select(r => r.DocumentId).ToList(), rows.Count == 0 ? null : rows.Max(r => r.UpdatedAt));
    }

    /// <summary>
    /// PUT: replaces the document. If-Match must name the current ETag, If-None-Match: * requires
    /// that none exists (412 otherwise). The profile resources need one of the two on every PUT
    /// (Communication 3.1.s3: a client uses them to create or replace a profile): without either, over an
    /// existing document it is a 409 (Communication 3.1.s4.b13), else PreconditionRequired (400), and
    /// nothing is written. The State resource allows a PUT without headers.
    /// </summary>
    public async Task<DocumentOutcome> PutAsync(DocumentScope scope, string documentId, string contentType, byte[] content,
        DocumentPreconditions preconditions, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var current = await GetAsync(scope, documentId, cancellationToken);
            if (Failed(current, preconditions) is { } failed)
            {
                return failed;
            }
            if (!preconditions.Any && scope.Kind != DocumentKind.State)
            {
                return current is null ? DocumentOutcome.PreconditionRequired : DocumentOutcome.Conflict;
            }
            if (await WriteAsync(scope, documentId, contentType, content, current, cancellationToken))
            {
                return DocumentOutcome.Done;
            }
        }
        return DocumentOutcome.PreconditionFailed;
    }

    /// <summary>
    /// POST: creates the document, or merges a JSON object into an existing JSON object document (top
    /// level properties replaced, Communication 2.2.s7). Anything else over an existing document is
    /// NotMergeable (400) and changes nothing.
    /// </summary>
    public async Task<DocumentOutcome> PostAsync(DocumentScope scope, string documentId, string contentType, byte[] content,
        DocumentPreconditions preconditions, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var current = await GetAsync(scope, documentId, cancellationToken);
            if (Failed(current, preconditions) is { } failed)
            {
                return failed;
            }
            var body = content;
            var type = contentType;
            if (current is not null)
            {
                if (!IsJson(current.ContentType) || !IsJson(contentType)
                    || ParseObject(current.Content) is not { } existing || ParseObject(content) is not { } posted)
                {
                    return DocumentOutcome.NotMergeable;
                }
                foreach (var (name, value) in posted)
                {
                    existing[name] = value?.DeepClone();
                }
                body = JsonSerializer.SerializeToUtf8Bytes(existing);
                type = current.ContentType;
            }
            else if (IsJson(contentType) && ParseObject(content) is null)
            {
                return DocumentOutcome.NotMergeable;
            }
            if (await WriteAsync(scope, documentId, type, body, current, cancellationToken))
            {
                return DocumentOutcome.Done;
            }
        }
        return DocumentOutcome.PreconditionFailed;
    }

    public async Task<DocumentOutcome> DeleteAsync(DocumentScope scope, string documentId, DocumentPreconditions preconditions,
        CancellationToken cancellationToken)
    {
        var current = await GetAsync(scope, documentId, cancellationToken);
        if (Failed(current, preconditions) is { } failed)
        {
            return failed;
        }
        if (current is null)
        {
            return DocumentOutcome.NotFound;
        }
        var key = scope.KeyHash(documentId);
        var etag = current.ETag;
        var deleted = await db.Set<LrsDocument>().Where(d => d.KeyHash == key && d.ETag == etag).ExecuteDeleteAsync(cancellationToken);
        return deleted == 1 || !preconditions.Any ? DocumentOutcome.Done : DocumentOutcome.PreconditionFailed;
    }

    /// <summary>DELETE of every document in a State context (Communication 2.3.s5).</summary>
    public async Task DeleteAllAsync(DocumentScope scope, CancellationToken cancellationToken)
    {
        var hash = scope.Hash();
        await db.Set<LrsDocument>().Where(d => d.ScopeHash == hash).ExecuteDeleteAsync(cancellationToken);
    }

    private static DocumentOutcome? Failed(StoredDocument? current, DocumentPreconditions preconditions)
    {
        if (preconditions.IfMatch is { } ifMatch && (current is null || !Matches(ifMatch, current.ETag)))
        {
            return DocumentOutcome.PreconditionFailed;
        }
        if (preconditions.IfNoneMatch is { } ifNoneMatch && current is not null && (ifNoneMatch.Trim() == "*" || Matches(ifNoneMatch, current.ETag)))
        {
            return DocumentOutcome.PreconditionFailed;
        }
        return null;
    }

    /// <summary>An If-Match list (RFC 7232): "*" or any of the quoted tags, weak or strong, equals the current one.</summary>
    private static bool Matches(string header, string etag)
    {
        foreach (var part in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var tag = part.StartsWith("W/", StringComparison.Ordinal) ? part[2..] : part;
            if (tag == "*" || tag.Trim('"').Equals(etag, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Inserts, or updates only if the ETag is still the one read: false means someone else wrote first.</summary>
    private async Task<bool> WriteAsync(DocumentScope scope, string documentId, string contentType, byte[] content, StoredDocument? current,
        CancellationToken cancellationToken)
    {
        var key = scope.KeyHash(documentId);
        var etag = ETagOf(content);
        var now = clock.GetUtcNow();
        if (current is not null)
        {
            var expected = current.ETag;
            var updated = await db.Set<LrsDocument>().Where(d => d.KeyHash == key && d.ETag == expected)
                .ExecuteUpdateAsync(set => set
                    .SetProperty(d => d.Content, content)
                    .SetProperty(d => d.ContentType, contentType)
                    .SetProperty(d => d.ETag, etag)
                    .SetProperty(d => d.UpdatedAt, now), cancellationToken);
            return updated == 1;
        }
        db.Add(new LrsDocument
        {
            Kind = scope.Kind,
            ScopeHash = scope.Hash(),
            KeyHash = key,
            ActivityId = scope.ActivityId,
            AgentIdentifier = scope.AgentIdentifier,
            Registration = scope.Registration,
            DocumentId = documentId,
            ContentType = contentType,
            Content = content,
            ETag = etag,
            UpdatedAt = now,
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            // Another writer created it first; the caller reads again and re-checks its preconditions.
            db.ChangeTracker.Clear();
            return false;
        }
    }

    public static bool IsJson(string? contentType) =>
        contentType is not null && contentType.Split(';')[0].Trim().Equals("application/json", StringComparison.OrdinalIgnoreCase);

    private static JsonObject? ParseObject(byte[] content)
    {
        try
        {
            return JsonNode.Parse(content) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
