using Guild.Web.Features.Library.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Guild.Web.Features.Library.Search;

/// <summary>
/// What the search knows of one resource: its words (kept in step with the resource in the same transaction by
/// <see cref="SearchIndexInterceptor"/>) and its sentence embedding (computed later by <see cref="SearchEmbedJob"/>).
/// SQLite indexes the words in the FTS5 table <c>resource_search_fts</c> (external content, kept by triggers on this
/// table); PostgreSQL in the generated <c>document</c> tsvector column (GIN), with the resource's language's dictionary.
/// </summary>
public sealed class ResourceSearchEntry
{
    public const int BodyMax = 20_000;
    public const int ComponentsMax = 2_000;

    /// <summary>An integer key: SQLite's FTS5 table refers to rows by it (a rowid that VACUUM never renumbers).</summary>
    public long Id { get; set; }
    public Guid ResourceId { get; set; }
    /// <summary>"en" or "nl": which dictionary stems the words.</summary>
    public required string Language { get; set; }
    public required string Title { get; set; }
    public required string Summary { get; set; }
    /// <summary>An article's plain text (tags stripped), at most <see cref="BodyMax"/> characters.</summary>
    public required string Body { get; set; }
    /// <summary>The names of the resource's components, one per line.</summary>
    public required string Components { get; set; }
    /// <summary>Changes with every change of the words; the embedding job stores its vector only for the words it read.</summary>
    public Guid Stamp { get; set; }
    /// <summary>384 little-endian floats (MiniLM), unit length; null until the job has computed it for the current words.</summary>
    public byte[]? Embedding { get; set; }
    public DateTimeOffset? EmbeddedAt { get; set; }
}

/// <summary>Why a search is on the restock board.</summary>
public enum UnansweredReason { NoResult, NoClick, NothingHelped }

/// <summary>
/// One search someone made (the page or the API), so that a search nobody followed up can be told from one that helped:
/// a click on a result sets <see cref="ClickedAt"/>; a search still without a click after <see cref="LibrarySearchService.ClickWindow"/>
/// is settled as unanswered.
/// </summary>
public sealed class LibrarySearch
{
    public const int QueryMax = 200;

    public Guid Id { get; set; }
    public Guid PersonId { get; set; }
    public required string Query { get; set; }
    /// <summary>The language the person searched in (the page's).</summary>
    public required string Language { get; set; }
    public DateTimeOffset At { get; set; }
    public int ResultCount { get; set; }
    public DateTimeOffset? ClickedAt { get; set; }
    /// <summary>Set once the search's outcome is recorded (answered by a click, or unanswered): it is recorded once.</summary>
    public DateTimeOffset? SettledAt { get; set; }
    /// <summary>The components of the nearest resources (comma-separated ids), copied to the restock board if it goes there.</summary>
    public string GuessedComponents { get; set; } = "";

    public IEnumerable<Guid> GuessedComponentIds =>
        GuessedComponents.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(id => Guid.TryParse(id, out var g) ? g : Guid.Empty).Where(g => g != Guid.Empty);
}

/// <summary>
/// A search that found nothing useful: no result, no click on a result, or "nothing here helped". The restock board reads
/// these (with the components the search guessed it was about) to show champions what people looked for in vain.
/// </summary>
public sealed class UnansweredSearch
{
    public Guid SearchId { get; set; }
    public required string Query { get; set; }
    public required string Language { get; set; }
    public Guid PersonId { get; set; }
    public DateTimeOffset At { get; set; }
    public UnansweredReason Reason { get; set; }
}

/// <summary>A component an unanswered search was probably about (the components of the nearest resources).</summary>
public sealed class UnansweredSearchComponent
{
    public Guid SearchId { get; set; }
    public Guid ComponentId { get; set; }
}

internal sealed class ResourceSearchEntryConfiguration : IEntityTypeConfiguration<ResourceSearchEntry>
{
    public void Configure(EntityTypeBuilder<ResourceSearchEntry> builder)
    {
        builder.ToTable("resource_search");
        builder.Property(e => e.Id).ValueGeneratedOnAdd();
        builder.HasIndex(e => e.ResourceId).IsUnique();
        builder.Property(e => e.Language).HasMaxLength(2);
        builder.Property(e => e.Title).HasMaxLength(Resource.TitleMax);
        builder.Property(e => e.Summary).HasMaxLength(Resource.SummaryMax);
        builder.Property(e => e.Body).HasMaxLength(ResourceSearchEntry.BodyMax);
        builder.Property(e => e.Components).HasMaxLength(ResourceSearchEntry.ComponentsMax);
        // The embedding cache of each node reads what changed since its last look.
        builder.HasIndex(e => e.EmbeddedAt);
        builder.HasOne<Resource>().WithMany().HasForeignKey(e => e.ResourceId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class LibrarySearchConfiguration : IEntityTypeConfiguration<LibrarySearch>
{
    public void Configure(EntityTypeBuilder<LibrarySearch> builder)
    {
        builder.ToTable("library_searches");
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.Query).HasMaxLength(LibrarySearch.QueryMax);
        builder.Property(s => s.Language).HasMaxLength(2);
        builder.Property(s => s.GuessedComponents).HasMaxLength(400);
        // A click and the end of the click window may race: whichever settles the search first wins, the other sees a conflict.
        builder.Property(s => s.SettledAt).IsConcurrencyToken();
        builder.Ignore(s => s.GuessedComponentIds);
        builder.HasIndex(s => new { s.PersonId, s.At });
        builder.HasOne<People.Person>().WithMany().HasForeignKey(s => s.PersonId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class UnansweredSearchConfiguration : IEntityTypeConfiguration<UnansweredSearch>
{
    public void Configure(EntityTypeBuilder<UnansweredSearch> builder)
    {
        builder.ToTable("unanswered_searches");
        builder.HasKey(u => u.SearchId);
        builder.Property(u => u.Query).HasMaxLength(LibrarySearch.QueryMax);
        builder.Property(u => u.Language).HasMaxLength(2);
        builder.Property(u => u.Reason).HasConversion<string>().HasMaxLength(16);
        // The restock board: the latest first.
        builder.HasIndex(u => u.At);
        builder.HasOne<LibrarySearch>().WithOne().HasForeignKey<UnansweredSearch>(u => u.SearchId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class UnansweredSearchComponentConfiguration : IEntityTypeConfiguration<UnansweredSearchComponent>
{
    public void Configure(EntityTypeBuilder<UnansweredSearchComponent> builder)
    {
        builder.ToTable("unanswered_search_components");
        builder.HasKey(c => new { c.SearchId, c.ComponentId });
        // What people looked for in vain about a component.
        builder.HasIndex(c => new { c.ComponentId, c.SearchId });
        builder.HasOne<UnansweredSearch>().WithMany().HasForeignKey(c => c.SearchId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Expertise.Map.KnowHowComponent>().WithMany().HasForeignKey(c => c.ComponentId).OnDelete(DeleteBehavior.Cascade);
    }
}
