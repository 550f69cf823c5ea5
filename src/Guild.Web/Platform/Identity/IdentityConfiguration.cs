using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Guild.Web.Platform.Identity;

internal sealed class GuildRoleConfiguration : IEntityTypeConfiguration<GuildRole>
{
    // Fixed ids so the roles arrive with the migrations, on every node and store alike.
    internal static readonly IReadOnlyDictionary<string, Guid> Ids = new Dictionary<string, Guid>
    {
        [Roles.Employee] = Guid.Parse("0b0e7e57-0000-4000-8000-000000000001"),
        [Roles.Champion] = Guid.Parse("0b0e7e57-0000-4000-8000-000000000002"),
        [Roles.Moderator] = Guid.Parse("0b0e7e57-0000-4000-8000-000000000003"),
        [Roles.LearningAdmin] = Guid.Parse("0b0e7e57-0000-4000-8000-000000000004"),
        [Roles.PartnerGuest] = Guid.Parse("0b0e7e57-0000-4000-8000-000000000005"),
    };

    public void Configure(EntityTypeBuilder<GuildRole> builder) =>
        builder.HasData(Roles.All.Select(role => new GuildRole(role)
        {
            Id = Ids[role],
            NormalizedName = role.ToUpperInvariant(),
            ConcurrencyStamp = Ids[role].ToString(),
        }));
}

internal sealed class GuildUserConfiguration : IEntityTypeConfiguration<GuildUser>
{
    public void Configure(EntityTypeBuilder<GuildUser> builder) =>
        builder.Property(user => user.PreferredLanguage).HasMaxLength(8);
}
