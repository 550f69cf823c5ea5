using Guild.Web.Features.Expertise.Map;
using Guild.Web.Features.People;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Guild.Web.Features.Asks;

/// <summary>Where an ask is: routed and waiting, claimed by a champion, answered, solved, closed without confirmation, or merged into another.</summary>
public enum AskStatus { Open, Claimed, Answered, Solved, Closed, Merged }

/// <summary>How an answer reached Guild: its page, the API, a reply to the notification mail, or a library resource made for it (a recording).</summary>
public enum AnswerChannel { Web, Api, Mail, Library }

/// <summary>
/// A question someone asked when the library had no answer. The asker may be anonymous to colleagues; the figures
/// (time to first response and to solution, in the asker's working time) are stored when they become known, so the
/// figures page adds up rows instead of recomputing calendars.
/// </summary>
public sealed class Ask
{
    public Guid Id { get; set; }
    public required string Title { get; set; }
    /// <summary>The question in Markdown, as written; <see cref="BodyHtml"/> is it rendered and sanitised.</summary>
    public string Body { get; set; } = "";
    public string BodyHtml { get; set; } = "";
    public Guid AuthorId { get; set; }
    /// <summary>Hidden from colleagues: only moderators and L&amp;D admins may reveal the author (audited), when policy allows.</summary>
    public bool Anonymous { get; set; }
    /// <summary>"This blocks me now."</summary>
    public bool Blocking { get; set; }
    public Guid? ComponentId { get; set; }
    /// <summary>The asker's department when they asked (the figures group by it).</summary>
    public Guid? DepartmentId { get; set; }
    public AskStatus Status { get; set; }
    public string? AttachmentKey { get; set; }
    public string? AttachmentName { get; set; }
    public string? AttachmentType { get; set; }
    public long? AttachmentSize { get; set; }
    /// <summary>The question's meaning (MiniLM, 384 floats), for routing by past answers and similar asks.</summary>
    public byte[]? Embedding { get; set; }
    public int RoutingRound { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public Guid? ClaimedById { get; set; }
    public DateTimeOffset? ClaimedAt { get; set; }
    public DateTimeOffset? FirstResponseAt { get; set; }
    public DateTimeOffset? AnsweredAt { get; set; }
    public DateTimeOffset? SolvedAt { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    public DateTimeOffset? NudgedAt { get; set; }
    /// <summary>Working minutes of the asker from asking to the first claim or answer.</summary>
    public int? FirstResponseMinutes { get; set; }
    /// <summary>Working minutes of the asker from asking to "solved".</summary>
    public int? SolutionMinutes { get; set; }
    /// <summary>Solved by the end of the asker's working day on which it was asked.</summary>
    public bool? SolvedSameDay { get; set; }
    public Guid? MergedIntoId { get; set; }
}

/// <summary>Why Guild sent an ask to someone (stored, shown to L&amp;D admins in their language).</summary>
public enum RoutingReason { ComponentChampion, SimilarComponent, PastAnswers, LearningAdmin }

/// <summary>One person an ask was sent to, in which round and why.</summary>
public sealed class AskRouting
{
    public Guid AskId { get; set; }
    public Guid PersonId { get; set; }
    public int Round { get; set; }
    public RoutingReason Reason { get; set; }
    /// <summary>The component that made them a candidate (its champion).</summary>
    public Guid? ComponentId { get; set; }
    /// <summary>How close in meaning (0-1) when the reason is a similarity.</summary>
    public float? Similarity { get; set; }
    /// <summary>Working at the moment of routing (hours, holidays, not away).</summary>
    public bool WasAvailable { get; set; }
    /// <summary>Asks they had claimed and not answered yet at that moment.</summary>
    public int OpenClaims { get; set; }
    public DateTimeOffset RoutedAt { get; set; }
}

/// <summary>A champion's answer: text, a link to a resource, a recording (a resource made with the recorder), or several.</summary>
public sealed class AskAnswer
{
    public Guid Id { get; set; }
    public Guid AskId { get; set; }
    public Guid ChampionId { get; set; }
    public string Markdown { get; set; } = "";
    public string Html { get; set; } = "";
    public Guid? ResourceId { get; set; }
    public AnswerChannel Via { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>The draft article made from this answer ("turn into a library resource").</summary>
    public Guid? LibraryResourceId { get; set; }
}

/// <summary>
/// A screen recording a champion is making to answer an ask: a resource that must be processed and published before the
/// asker can watch it, so the answer is posted when it is published (<see cref="AskRecordingOnPublish"/>).
/// </summary>
public sealed class AskRecording
{
    public Guid ResourceId { get; set; }
    public Guid AskId { get; set; }
    public Guid ChampionId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A colleague's "me too" (the demand count) and/or follow of an ask: one row per person and ask.</summary>
public sealed class AskSupporter
{
    public Guid AskId { get; set; }
    public Guid PersonId { get; set; }
    public bool MeToo { get; set; }
    public bool Following { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A question that was never posted because a suggested resource solved it (the figures count these).</summary>
public sealed class AskSolvedByLibrary
{
    public Guid Id { get; set; }
    public Guid PersonId { get; set; }
    public Guid ResourceId { get; set; }
    public required string Question { get; set; }
    public Guid? ComponentId { get; set; }
    public Guid? DepartmentId { get; set; }
    public DateTimeOffset At { get; set; }
}

internal sealed class AskConfiguration : IEntityTypeConfiguration<Ask>
{
    public void Configure(EntityTypeBuilder<Ask> builder)
    {
        builder.ToTable("asks");
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.Property(a => a.Title).HasMaxLength(200);
        builder.Property(a => a.Body).HasMaxLength(20_000);
        builder.Property(a => a.BodyHtml).HasMaxLength(60_000);
        builder.Property(a => a.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(a => a.AttachmentKey).HasMaxLength(300);
        builder.Property(a => a.AttachmentName).HasMaxLength(200);
        builder.Property(a => a.AttachmentType).HasMaxLength(100);
        // Open asks per component (the restock board, routing), a person's asks, and figures by period.
        builder.HasIndex(a => new { a.ComponentId, a.Status });
        builder.HasIndex(a => new { a.AuthorId, a.CreatedAt });
        builder.HasIndex(a => new { a.Status, a.CreatedAt });
        builder.HasIndex(a => new { a.ClaimedById, a.Status });
        builder.HasOne<Person>().WithMany().HasForeignKey(a => a.AuthorId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Person>().WithMany().HasForeignKey(a => a.ClaimedById).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<KnowHowComponent>().WithMany().HasForeignKey(a => a.ComponentId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Ask>().WithMany().HasForeignKey(a => a.MergedIntoId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class AskRoutingConfiguration : IEntityTypeConfiguration<AskRouting>
{
    public void Configure(EntityTypeBuilder<AskRouting> builder)
    {
        builder.ToTable("ask_routings");
        builder.HasKey(r => new { r.AskId, r.PersonId });
        builder.Property(r => r.Reason).HasConversion<string>().HasMaxLength(24);
        // "Open asks for me as champion".
        builder.HasIndex(r => r.PersonId);
        builder.HasOne<Ask>().WithMany().HasForeignKey(r => r.AskId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Person>().WithMany().HasForeignKey(r => r.PersonId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class AskAnswerConfiguration : IEntityTypeConfiguration<AskAnswer>
{
    public void Configure(EntityTypeBuilder<AskAnswer> builder)
    {
        builder.ToTable("ask_answers");
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.Property(a => a.Markdown).HasMaxLength(20_000);
        builder.Property(a => a.Html).HasMaxLength(60_000);
        builder.Property(a => a.Via).HasConversion<string>().HasMaxLength(8);
        builder.HasIndex(a => a.AskId);
        builder.HasIndex(a => a.ChampionId);
        builder.HasOne<Ask>().WithMany().HasForeignKey(a => a.AskId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Person>().WithMany().HasForeignKey(a => a.ChampionId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class AskRecordingConfiguration : IEntityTypeConfiguration<AskRecording>
{
    public void Configure(EntityTypeBuilder<AskRecording> builder)
    {
        builder.ToTable("ask_recordings");
        builder.HasKey(r => r.ResourceId);
        builder.HasIndex(r => r.AskId);
        builder.HasOne<Ask>().WithMany().HasForeignKey(r => r.AskId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Guild.Web.Features.Library.Resources.Resource>().WithMany().HasForeignKey(r => r.ResourceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Person>().WithMany().HasForeignKey(r => r.ChampionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AskSupporterConfiguration : IEntityTypeConfiguration<AskSupporter>
{
    public void Configure(EntityTypeBuilder<AskSupporter> builder)
    {
        builder.ToTable("ask_supporters");
        builder.HasKey(s => new { s.AskId, s.PersonId });
        builder.HasIndex(s => s.PersonId);
        builder.HasOne<Ask>().WithMany().HasForeignKey(s => s.AskId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Person>().WithMany().HasForeignKey(s => s.PersonId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AskSolvedByLibraryConfiguration : IEntityTypeConfiguration<AskSolvedByLibrary>
{
    public void Configure(EntityTypeBuilder<AskSolvedByLibrary> builder)
    {
        builder.ToTable("asks_solved_by_library");
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.Question).HasMaxLength(200);
        builder.HasIndex(s => s.At);
        builder.HasOne<Person>().WithMany().HasForeignKey(s => s.PersonId).OnDelete(DeleteBehavior.Cascade);
    }
}
