using Guild.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Guild.Web.Features.Lrs;

/// <summary>
/// One statement as the LRS keeps it: its stored form (the submitted JSON property for property, with id, stored,
/// authority, timestamp and version filled in), plus the columns the queries filter on. The submitted text itself is not
/// kept: the stored form holds everything a repeated id is compared on (<see cref="StatementComparer.IsSameAsStored"/>),
/// and keeping both made a statement take twice its size on disk.
/// Written by <see cref="Writing.StatementWriter"/> in bulk; never updated except for <see cref="Voided"/>.
/// </summary>
public sealed class StoredStatement
{
    public Guid Id { get; set; }
    /// <summary>When the LRS stored it; with <see cref="Id"/> the order of every statement list.</summary>
    public DateTimeOffset Stored { get; set; }
    public long VerbId { get; set; }
    public Guid? Registration { get; set; }
    /// <summary>True once a voiding statement targets it (and it is not itself a voiding statement).</summary>
    public bool Voided { get; set; }
    /// <summary>For a voiding statement: the statement it voids.</summary>
    public Guid? VoidsId { get; set; }
    /// <summary>The target when the object is a StatementRef: query filters follow it (Communication 2.1.3.s3).</summary>
    public Guid? ObjectRefId { get; set; }
    public bool HasAttachments { get; set; }
    /// <summary>The LRS client that sent it, if any (statements from the platform writer have none).</summary>
    public Guid? ClientId { get; set; }
    /// <summary>
    /// The stored form, returned by GET: text on both databases, since nothing queries inside it (jsonb parsed every
    /// insert and took more room than the text).
    /// </summary>
    public required string Document { get; set; }
}

/// <summary>
/// A statement's relation to an Agent, for the agent filters. <see cref="Scope"/> 0 rows are the
/// actor and object (and their Group members): the plain "agent" filter. Scope 1 rows name every
/// agent the statement mentions (authority, instructor, team, sub-statement too): "related_agents".
/// <see cref="Stored"/> is copied here so one index range answers a page.
/// </summary>
public sealed class StatementAgentLink
{
    public long AgentId { get; set; }
    public short Scope { get; set; }
    public DateTimeOffset Stored { get; set; }
    public Guid StatementId { get; set; }
}

/// <summary>A statement's relation to an Activity: scope 0 the object, scope 1 every related Activity.</summary>
public sealed class StatementActivityLink
{
    public long ActivityId { get; set; }
    public short Scope { get; set; }
    public DateTimeOffset Stored { get; set; }
    public Guid StatementId { get; set; }
}

/// <summary>A Verb IRI, numbered so statement rows and indexes carry eight bytes instead of the IRI.</summary>
public sealed class LrsVerb
{
    public long Id { get; set; }
    public required string Iri { get; set; }
}

/// <summary>An Agent or identified Group by its identifier key (mbox:..., account:home|name, ...).</summary>
public sealed class LrsAgent
{
    public long Id { get; set; }
    public required string Identifier { get; set; }
}

/// <summary>An Activity and the LRS's canonical definition of it, merged from the statements received (Data 2.4.4.1.s4).</summary>
public sealed class LrsActivity
{
    public long Id { get; set; }
    public required string Iri { get; set; }
    public string? Definition { get; set; }
    public DateTimeOffset? DefinedAt { get; set; }
}

/// <summary>Attachment data, stored once per SHA-2 however many statements carry it.</summary>
public sealed class LrsAttachment
{
    public required string Sha2 { get; set; }
    public required string ContentType { get; set; }
    public long Length { get; set; }
    public required byte[] Content { get; set; }
}

internal sealed class StoredStatementConfiguration : IEntityTypeConfiguration<StoredStatement>
{
    public void Configure(EntityTypeBuilder<StoredStatement> builder)
    {
        builder.ToTable("lrs_statements");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        // Every list is ordered by stored time with the id breaking ties (the "more" cursor).
        builder.HasIndex(s => new { s.Stored, s.Id });
        builder.HasIndex(s => new { s.VerbId, s.Stored, s.Id });
        builder.HasIndex(s => new { s.Registration, s.Stored, s.Id }).HasFilter("registration IS NOT NULL");
        builder.HasIndex(s => s.VoidsId).HasFilter("voids_id IS NOT NULL");
        // Statements that target another statement, in stored order: the StatementRef filter rule walks these.
        builder.HasIndex(s => new { s.Stored, s.Id, s.ObjectRefId }).HasDatabaseName("ix_lrs_statements_refs").HasFilter("object_ref_id IS NOT NULL");
    }
}

internal sealed class StatementAgentLinkConfiguration : IEntityTypeConfiguration<StatementAgentLink>
{
    public void Configure(EntityTypeBuilder<StatementAgentLink> builder)
    {
        builder.ToTable("lrs_statement_agents");
        // The key alone: a statement's own link is found by (agent, scope, stored, statement), since every probe knows the
        // statement's stored time. An index by statement id cost 58 bytes a statement and served nothing else.
        builder.HasKey(l => new { l.AgentId, l.Scope, l.Stored, l.StatementId });
    }
}

internal sealed class StatementActivityLinkConfiguration : IEntityTypeConfiguration<StatementActivityLink>
{
    public void Configure(EntityTypeBuilder<StatementActivityLink> builder)
    {
        builder.ToTable("lrs_statement_activities");
        builder.HasKey(l => new { l.ActivityId, l.Scope, l.Stored, l.StatementId });
    }
}

internal sealed class LrsVerbConfiguration : IEntityTypeConfiguration<LrsVerb>
{
    public void Configure(EntityTypeBuilder<LrsVerb> builder)
    {
        builder.ToTable("lrs_verbs");
        builder.HasIndex(v => v.Iri).IsUnique();
    }
}

internal sealed class LrsAgentConfiguration : IEntityTypeConfiguration<LrsAgent>
{
    public void Configure(EntityTypeBuilder<LrsAgent> builder)
    {
        builder.ToTable("lrs_agents");
        builder.HasIndex(a => a.Identifier).IsUnique();
    }
}

internal sealed class LrsActivityConfiguration : IEntityTypeConfiguration<LrsActivity>
{
    public void Configure(EntityTypeBuilder<LrsActivity> builder)
    {
        builder.ToTable("lrs_activities");
        builder.HasIndex(a => a.Iri).IsUnique();
        builder.Property(a => a.Definition).IsJsonDocument();
    }
}

internal sealed class LrsAttachmentConfiguration : IEntityTypeConfiguration<LrsAttachment>
{
    public void Configure(EntityTypeBuilder<LrsAttachment> builder)
    {
        builder.ToTable("lrs_attachments");
        builder.HasKey(a => a.Sha2);
        builder.Property(a => a.Sha2).HasMaxLength(128);
        builder.Property(a => a.ContentType).HasMaxLength(255);
    }
}
