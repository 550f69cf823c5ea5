using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Guild.Web.Features.Lrs.Documents;

public enum DocumentKind : short { State = 1, ActivityProfile = 2, AgentProfile = 3 }

/// <summary>
/// A document of the State, Activity Profile or Agent Profile resource (Communication 2.2): any
/// content type, binary allowed, with the SHA-1 ETag the concurrency rules use. <see cref="ScopeHash"/>
/// identifies the context (activity, agent, registration) and <see cref="KeyHash"/> the document in
/// it, so unique indexes stay small whatever the length of the IRIs.
/// </summary>
public sealed class LrsDocument
{
    public long Id { get; set; }
    public DocumentKind Kind { get; set; }
    public required byte[] ScopeHash { get; set; }
    public required byte[] KeyHash { get; set; }
    public string? ActivityId { get; set; }
    public string? AgentIdentifier { get; set; }
    public Guid? Registration { get; set; }
    public required string DocumentId { get; set; }
    public required string ContentType { get; set; }
    public required byte[] Content { get; set; }
    /// <summary>Lower-case hex SHA-1 of the content, without quotes.</summary>
    public required string ETag { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

internal sealed class LrsDocumentConfiguration : IEntityTypeConfiguration<LrsDocument>
{
    public void Configure(EntityTypeBuilder<LrsDocument> builder)
    {
        builder.ToTable("lrs_documents");
        builder.HasIndex(d => d.KeyHash).IsUnique();
        builder.HasIndex(d => new { d.ScopeHash, d.UpdatedAt });
        builder.Property(d => d.Kind).HasConversion<short>();
        builder.Property(d => d.ContentType).HasMaxLength(255);
        builder.Property(d => d.ETag).HasMaxLength(40);
    }
}
