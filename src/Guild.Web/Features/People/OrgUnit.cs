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

internal static class OrgUnits
{
    /// <summary>The department or location of that name (ignoring case), added to the unit of work when it is new.</summary>
    public static async Task<Guid?> FindOrAddAsync(Platform.Data.GuildDb db, OrgUnitKind kind, string? name, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }
        name = name.Trim();
        var pending = db.ChangeTracker.Entries<OrgUnit>().Select(e => e.Entity)
            .FirstOrDefault(u => u.Kind == kind && string.Equals(u.Name, name, StringComparison.OrdinalIgnoreCase));
        if (pending is not null)
        {
            return pending.Id;
        }
        // Org units are few (departments and locations): comparing them here is simpler than per-provider collations.
        var units = await db.Set<OrgUnit>().Where(u => u.Kind == kind).Select(u => new { u.Id, u.Name }).ToListAsync(cancellationToken);
        if (units.FirstOrDefault(u => string.Equals(u.Name, name, StringComparison.OrdinalIgnoreCase)) is { } existing)
        {
            return existing.Id;
        }
        var unit = new OrgUnit { Id = Guid.CreateVersion7(), Kind = kind, Name = name };
        db.Add(unit);
        return unit.Id;
    }
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
