using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Guild.Web.Features.People;

public enum OrgUnitKind { Department, Location }

/// <summary>A department or a location of the organisation.</summary>
public sealed class OrgUnit
{
    public Guid Id { get; set; }
    public OrgUnitKind Kind { get; set; }
    public required string Name { get; set; }
}

internal sealed class OrgUnitConfiguration : IEntityTypeConfiguration<OrgUnit>
{
    public void Configure(EntityTypeBuilder<OrgUnit> builder)
    {
        builder.ToTable("org_units");
        builder.Property(u => u.Id).ValueGeneratedNever();
        builder.Property(u => u.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(u => u.Name).HasMaxLength(150);
        builder.HasIndex(u => new { u.Kind, u.Name }).IsUnique();
    }
}
