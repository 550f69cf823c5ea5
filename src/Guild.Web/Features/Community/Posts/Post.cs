using Guild.Web.Features.Community.Spaces;
using Guild.Web.Features.Community.WorkingOutLoud;
using Guild.Web.Features.People;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Guild.Web.Features.Community.Posts;

/// <summary>
/// What a thread's first post is; replies are <see cref="Reply"/>. Stored as words, so Working Out Loud (making one's
/// work visible, with a <see cref="WorkingOutLoudPurpose"/>) is one more member, not a migration of data.
/// </summary>
public enum PostKind { Discussion, Question, Literature, Idea, WorkingOutLoud, Reply }

/// <summary>Where an idea of an innovators network stands: proposed, tried by someone, adopted.</summary>
public enum IdeaStage { Idea, Tried, Adopted }

/// <summary>
/// Where a post held for review stands (a space that holds its newcomers' first contributions): waiting for a moderator, or
/// declined with a reason its author reads. A published post has none; only published posts are anyone else's to see.
/// </summary>
public enum PostReview { Waiting, Declined }

/// <summary>The reactions one person can give a post (one of each kind, toggled).</summary>
public enum ReactionKind { Thanks, Helpful, Insightful }

/// <summary>
/// A post: the first post of a thread (with a title and a kind) or a reply (to the thread's first post or to another
/// reply). One table for both, so the thread page reads the whole conversation in one query by <see cref="ThreadId"/>.
/// </summary>
public sealed class Post
{
    public Guid Id { get; set; }
    public Guid SpaceId { get; set; }
    /// <summary>The thread's first post (its own id for a first post).</summary>
    public Guid ThreadId { get; set; }
    /// <summary>The post this one replies to; null for a thread's first post.</summary>
    public Guid? ParentId { get; set; }
    /// <summary>0 for the first post, 1 for a reply to it, 2 for a reply to a reply, and so on.</summary>
    public int Depth { get; set; }
    public PostKind Kind { get; set; }
    /// <summary>The thread's title (first posts only).</summary>
    public string? Title { get; set; }
    /// <summary>The post in Markdown as written; <see cref="Html"/> is it rendered and sanitised (the library's ArticleRenderer).</summary>
    public string Markdown { get; set; } = "";
    public string Html { get; set; } = "";
    public Guid AuthorId { get; set; }
    /// <summary>An anonymous question: colleagues never see the author; only the space's moderators can reveal it (audited).</summary>
    public bool Anonymous { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>Last edit by its author (shown as "edited").</summary>
    public DateTimeOffset? EditedAt { get; set; }
    /// <summary>Deleted by its author: with replies it stays as a tombstone, without text.</summary>
    public DateTimeOffset? DeletedAt { get; set; }
    /// <summary>Shared literature: the work's title, its URL or DOI, and its authors.</summary>
    public string? ReferenceTitle { get; set; }
    public string? ReferenceLink { get; set; }
    public string? ReferenceAuthors { get; set; }
    /// <summary>Ideas only: where the idea stands.</summary>
    public IdeaStage? Stage { get; set; }
    /// <summary>Working Out Loud posts only: why the author made this visible.</summary>
    public WorkingOutLoudPurpose? Purpose { get; set; }
    /// <summary>Questions only: the reply the asker or a space moderator marked as the answer.</summary>
    public Guid? AnswerId { get; set; }
    public DateTimeOffset? AnsweredAt { get; set; }
    /// <summary>
    /// The first reply or reaction by someone other than the author, and whether that someone moderated the space then:
    /// kept from the start, because the facilitation figures (time to first acknowledgement, by colleagues and by
    /// moderators) and the acknowledgement queue are computed from it.
    /// </summary>
    public DateTimeOffset? FirstAcknowledgedAt { get; set; }
    public bool? FirstAcknowledgedByModerator { get; set; }
    /// <summary>First posts: replies so far and the last moment anything was posted (the space's "what is new").</summary>
    public int ReplyCount { get; set; }
    public DateTimeOffset LastActivityAt { get; set; }
    /// <summary>Reaction counts per kind, kept with the post so the thread page needs no aggregation.</summary>
    public int ThanksCount { get; set; }
    public int HelpfulCount { get; set; }
    public int InsightfulCount { get; set; }
    /// <summary>Set by the space's moderators (Features/Community/Moderation): pinned first on the home, locked takes no replies, hidden with a reason its author reads.</summary>
    public bool Pinned { get; set; }
    public bool Locked { get; set; }
    public bool Hidden { get; set; }
    public string? HiddenReason { get; set; }
    /// <summary>
    /// Held for review (Features/Community/Moderation/HeldPosts): null once published. While waiting or declined only its author
    /// and the space's moderators see it; it counts nowhere and has notified nobody.
    /// </summary>
    public PostReview? Review { get; set; }
    /// <summary>Why a moderator declined it (its author reads this).</summary>
    public string? ReviewNote { get; set; }
}

/// <summary>One person's reaction of one kind to a post.</summary>
public sealed class PostReaction
{
    public Guid PostId { get; set; }
    public Guid PersonId { get; set; }
    public ReactionKind Kind { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>Someone follows a thread: its new replies notify them (its author follows it from the start).</summary>
public sealed class ThreadFollower
{
    public Guid ThreadId { get; set; }
    public Guid PersonId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>"I tried it": someone of an innovators network tried an idea, with a note on how it went.</summary>
public sealed class IdeaTrial
{
    public Guid ThreadId { get; set; }
    public Guid PersonId { get; set; }
    public string Note { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class PostConfiguration : IEntityTypeConfiguration<Post>
{
    public void Configure(EntityTypeBuilder<Post> builder)
    {
        builder.ToTable("community_posts");
        builder.Property(p => p.Id).ValueGeneratedNever();
        builder.Property(p => p.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(p => p.Stage).HasConversion<string>().HasMaxLength(8);
        builder.Property(p => p.Purpose).HasConversion<string>().HasMaxLength(12);
        builder.Property(p => p.Title).HasMaxLength(200);
        builder.Property(p => p.Markdown).HasMaxLength(20_000);
        builder.Property(p => p.Html).HasMaxLength(80_000);
        builder.Property(p => p.ReferenceTitle).HasMaxLength(300);
        builder.Property(p => p.ReferenceLink).HasMaxLength(500);
        builder.Property(p => p.ReferenceAuthors).HasMaxLength(300);
        builder.Property(p => p.HiddenReason).HasMaxLength(500);
        builder.Property(p => p.Review).HasConversion<string>().HasMaxLength(8);
        builder.Property(p => p.ReviewNote).HasMaxLength(500);
        // The review list and the moderators' badge: what waits in a space (few rows: the index holds only held posts' values).
        builder.HasIndex(p => new { p.SpaceId, p.Review });
        // The thread page: the whole conversation in order.
        builder.HasIndex(p => new { p.ThreadId, p.CreatedAt });
        // The space home: threads by last activity, unanswered questions, recent posters.
        builder.HasIndex(p => new { p.SpaceId, p.Depth, p.LastActivityAt });
        builder.HasIndex(p => new { p.SpaceId, p.CreatedAt });
        builder.HasIndex(p => p.AuthorId);
        builder.HasOne<Space>().WithMany().HasForeignKey(p => p.SpaceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Person>().WithMany().HasForeignKey(p => p.AuthorId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class PostReactionConfiguration : IEntityTypeConfiguration<PostReaction>
{
    public void Configure(EntityTypeBuilder<PostReaction> builder)
    {
        builder.ToTable("community_reactions");
        builder.HasKey(r => new { r.PostId, r.PersonId, r.Kind });
        builder.Property(r => r.Kind).HasConversion<string>().HasMaxLength(12);
        builder.HasIndex(r => r.PersonId);
        builder.HasOne<Post>().WithMany().HasForeignKey(r => r.PostId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Person>().WithMany().HasForeignKey(r => r.PersonId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ThreadFollowerConfiguration : IEntityTypeConfiguration<ThreadFollower>
{
    public void Configure(EntityTypeBuilder<ThreadFollower> builder)
    {
        builder.ToTable("community_thread_followers");
        builder.HasKey(f => new { f.ThreadId, f.PersonId });
        builder.HasIndex(f => f.PersonId);
        builder.HasOne<Post>().WithMany().HasForeignKey(f => f.ThreadId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Person>().WithMany().HasForeignKey(f => f.PersonId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class IdeaTrialConfiguration : IEntityTypeConfiguration<IdeaTrial>
{
    public void Configure(EntityTypeBuilder<IdeaTrial> builder)
    {
        builder.ToTable("community_idea_trials");
        builder.HasKey(t => new { t.ThreadId, t.PersonId });
        builder.Property(t => t.Note).HasMaxLength(1000);
        builder.HasOne<Post>().WithMany().HasForeignKey(t => t.ThreadId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Person>().WithMany().HasForeignKey(t => t.PersonId).OnDelete(DeleteBehavior.Cascade);
    }
}
