using Guild.Web.Features.Community.Spaces;
using Guild.Web.Features.People;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Guild.Web.Features.Community.Moderation;

/// <summary>
/// One version of a space's code of conduct, as its moderators wrote it. Every change is a new version (kept), so an
/// acceptance names the text the member agreed to. A version with no text takes the code away: the space then asks nothing.
/// </summary>
public sealed class ConductCode
{
    public Guid SpaceId { get; set; }
    /// <summary>1, 2, 3, … per space.</summary>
    public int Version { get; set; }
    public string Markdown { get; set; } = "";
    /// <summary>The Markdown rendered and sanitised by the library's ArticleRenderer.</summary>
    public string Html { get; set; } = "";
    public Guid WrittenById { get; set; }
    public DateTimeOffset WrittenAt { get; set; }
}

/// <summary>A member accepted a version of a space's code of conduct (once per version).</summary>
public sealed class ConductAcceptance
{
    public Guid SpaceId { get; set; }
    public Guid PersonId { get; set; }
    public int Version { get; set; }
    public DateTimeOffset AcceptedAt { get; set; }
}

internal sealed class ConductCodeConfiguration : IEntityTypeConfiguration<ConductCode>
{
    public void Configure(EntityTypeBuilder<ConductCode> builder)
    {
        builder.ToTable("community_conduct_codes");
        builder.HasKey(c => new { c.SpaceId, c.Version });
        builder.Property(c => c.Markdown).HasMaxLength(20_000);
        builder.Property(c => c.Html).HasMaxLength(80_000);
        builder.HasOne<Space>().WithMany().HasForeignKey(c => c.SpaceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Person>().WithMany().HasForeignKey(c => c.WrittenById).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ConductAcceptanceConfiguration : IEntityTypeConfiguration<ConductAcceptance>
{
    public void Configure(EntityTypeBuilder<ConductAcceptance> builder)
    {
        builder.ToTable("community_conduct_acceptances");
        builder.HasKey(a => new { a.SpaceId, a.PersonId, a.Version });
        // How many accepted the current version (the moderators' count).
        builder.HasIndex(a => new { a.SpaceId, a.Version });
        builder.HasOne<Space>().WithMany().HasForeignKey(a => a.SpaceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Person>().WithMany().HasForeignKey(a => a.PersonId).OnDelete(DeleteBehavior.Cascade);
    }
}
