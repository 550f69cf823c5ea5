using Guild.Web.Features.Library.Search;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Guild.Web.Features.Restock;

/// <summary>Where a request stands: open until a resource fulfils it (done) or an L&amp;D admin calls it off (cancelled).</summary>
public enum RestockStatus { Open, Done, Cancelled }

/// <summary>
/// An item of the restock board turned into work: a champion is asked to make (or link) a resource for it by a day.
/// The item is named by its stable key (<see cref="RestockDemandItem.Key"/>), so the board leaves it out while the request
/// is open, and after it is done until new demand arrives.
/// </summary>
public sealed class RestockRequest
{
    public const int KeyMax = 200;
    public const int TitleMax = 300;
    public const int NoteMax = 2000;

    public Guid Id { get; set; }
    /// <summary>The board item's key, such as <c>search:{id}</c>, <c>flag:{resourceId}</c> or <c>gap:{componentId}</c>.</summary>
    public required string ItemKey { get; set; }
    public RestockKind Kind { get; set; }
    /// <summary>The item's title when the request was made (the champion reads it; the item may change later).</summary>
    public required string Title { get; set; }
    /// <summary>The item's first component, if it had one.</summary>
    public Guid? ComponentId { get; set; }
    /// <summary>People waiting when the request was made.</summary>
    public int Demand { get; set; }
    public Guid ChampionId { get; set; }
    public DateOnly DueOn { get; set; }
    public string Note { get; set; } = "";
    public RestockStatus Status { get; set; }
    public Guid CreatedById { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>The resource that fulfils it: done when it is published (at once if it already is).</summary>
    public Guid? ResourceId { get; set; }
    public DateTimeOffset? DoneAt { get; set; }
    public DateTimeOffset? CancelledAt { get; set; }
}

/// <summary>
/// An unanswered search's place in a group of similar ones: its sentence embedding and the group it joined (the id of
/// the group's first search, whose vector the others were compared with). Written by <see cref="SearchGroupingJob"/>;
/// a search keeps its group, so the group's key on the board stays the same while it grows.
/// </summary>
public sealed class RestockSearchGroup
{
    public Guid SearchId { get; set; }
    public Guid GroupId { get; set; }
    /// <summary>384 little-endian floats (MiniLM), unit length.</summary>
    public required byte[] Vector { get; set; }
}

internal sealed class RestockRequestConfiguration : IEntityTypeConfiguration<RestockRequest>
{
    public void Configure(EntityTypeBuilder<RestockRequest> builder)
    {
        builder.ToTable("restock_requests");
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.ItemKey).HasMaxLength(RestockRequest.KeyMax);
        builder.Property(r => r.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.Title).HasMaxLength(RestockRequest.TitleMax);
        builder.Property(r => r.Note).HasMaxLength(RestockRequest.NoteMax);
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
        // The board: requests per item; at most one open request per item (a second admin's click is a conflict, not a duplicate).
        builder.HasIndex(r => r.ItemKey).IsUnique().HasFilter("status = 'Open'");
        builder.HasIndex(r => new { r.ItemKey, r.DoneAt });
        // "My restock requests" and the publish hook.
        builder.HasIndex(r => new { r.ChampionId, r.Status });
        builder.HasIndex(r => r.ResourceId);
        builder.HasOne<People.Person>().WithMany().HasForeignKey(r => r.ChampionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<People.Person>().WithMany().HasForeignKey(r => r.CreatedById).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Library.Resources.Resource>().WithMany().HasForeignKey(r => r.ResourceId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class RestockSearchGroupConfiguration : IEntityTypeConfiguration<RestockSearchGroup>
{
    public void Configure(EntityTypeBuilder<RestockSearchGroup> builder)
    {
        builder.ToTable("restock_search_groups");
        builder.HasKey(g => g.SearchId);
        builder.HasIndex(g => g.GroupId);
        builder.HasOne<UnansweredSearch>().WithOne().HasForeignKey<RestockSearchGroup>(g => g.SearchId).OnDelete(DeleteBehavior.Cascade);
    }
}
