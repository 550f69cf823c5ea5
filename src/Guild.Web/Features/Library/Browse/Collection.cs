using Guild.Web.Features.Library.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Guild.Web.Features.Library.Browse;

/// <summary>
/// A collection (pathway): published resources in an order a champion chose, to take one after the other. Its owner and
/// co-curators shape it; it is a draft (theirs alone) until published.
/// </summary>
public sealed class Collection
{
    public const int TitleMax = 200;
    public const int DescriptionMax = 2000;
    public const int MaxItems = 50;
    public const int MaxCurators = 10;

    public Guid Id { get; set; }
    public required string Title { get; set; }
    public required string Description { get; set; }
    public Guid OwnerId { get; set; }
    public bool IsPublished { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>A resource in a collection, at its place (0 first).</summary>
public sealed class CollectionItem
{
    public Guid CollectionId { get; set; }
    public Guid ResourceId { get; set; }
    public int Position { get; set; }
}

/// <summary>A champion who curates a collection with its owner.</summary>
public sealed class CollectionCurator
{
    public Guid CollectionId { get; set; }
    public Guid PersonId { get; set; }
}

internal sealed class CollectionConfiguration : IEntityTypeConfiguration<Collection>
{
    public void Configure(EntityTypeBuilder<Collection> builder)
    {
        builder.ToTable("collections");
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Title).HasMaxLength(Collection.TitleMax);
        builder.Property(c => c.Description).HasMaxLength(Collection.DescriptionMax);
        // The list: published ones, newest first.
        builder.HasIndex(c => new { c.IsPublished, c.UpdatedAt });
        builder.HasIndex(c => c.OwnerId);
        builder.HasOne<People.Person>().WithMany().HasForeignKey(c => c.OwnerId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class CollectionItemConfiguration : IEntityTypeConfiguration<CollectionItem>
{
    public void Configure(EntityTypeBuilder<CollectionItem> builder)
    {
        builder.ToTable("collection_items");
        builder.HasKey(i => new { i.CollectionId, i.ResourceId });
        builder.HasIndex(i => i.ResourceId);
        builder.HasOne<Collection>().WithMany().HasForeignKey(i => i.CollectionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Resource>().WithMany().HasForeignKey(i => i.ResourceId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CollectionCuratorConfiguration : IEntityTypeConfiguration<CollectionCurator>
{
    public void Configure(EntityTypeBuilder<CollectionCurator> builder)
    {
        builder.ToTable("collection_curators");
        builder.HasKey(c => new { c.CollectionId, c.PersonId });
        builder.HasIndex(c => c.PersonId);
        builder.HasOne<Collection>().WithMany().HasForeignKey(c => c.CollectionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<People.Person>().WithMany().HasForeignKey(c => c.PersonId).OnDelete(DeleteBehavior.Cascade);
    }
}
