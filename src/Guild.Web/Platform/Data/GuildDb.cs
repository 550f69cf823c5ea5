using Guild.Web.Platform.Identity;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Guild.Web.Platform.Data;

/// <summary>
/// The one database of a Guild deployment. Each feature describes its own entities with
/// <see cref="IEntityTypeConfiguration{TEntity}"/> classes in its folder; they are picked up here.
/// Two provider-specific subclasses exist only so that each provider keeps its own migrations.
/// </summary>
public abstract class GuildDb(DbContextOptions options)
    : IdentityDbContext<GuildUser, GuildRole, Guid>(options), IDataProtectionKeyContext
{
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    // The subclass says it; Database.ProviderName reads an assembly name on every call (hot paths ask this per query).
    public bool IsPostgres => this is PostgresGuildDb;

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        // Identity names its tables AspNet*; give them the same snake_case style as everything else.
        builder.Entity<GuildUser>().ToTable("users");
        // The account owns deactivation (Person reads it through Person.Account). Few accounts are deactivated, so a
        // partial index finds former colleagues (and lets "active only" be an anti-join) without growing with the staff.
        builder.Entity<GuildUser>().HasIndex(u => u.DeactivatedAt).HasFilter("deactivated_at IS NOT NULL");
        // The same few accounts by id: "active only" (ActivePeople.Sql) becomes a merge or hash anti-join against this
        // small index instead of one primary-key probe per candidate (the directory's page read 417 buffers, now 86).
        builder.Entity<GuildUser>().HasIndex(u => u.Id, "ix_users_deactivated_id").HasDatabaseName("ix_users_deactivated_id")
            .HasFilter("deactivated_at IS NOT NULL");
        builder.Entity<GuildRole>().ToTable("roles");
        builder.Entity<Microsoft.AspNetCore.Identity.IdentityUserRole<Guid>>().ToTable("user_roles");
        builder.Entity<Microsoft.AspNetCore.Identity.IdentityUserClaim<Guid>>().ToTable("user_claims");
        builder.Entity<Microsoft.AspNetCore.Identity.IdentityUserLogin<Guid>>().ToTable("user_logins");
        builder.Entity<Microsoft.AspNetCore.Identity.IdentityUserToken<Guid>>().ToTable("user_tokens");
        builder.Entity<Microsoft.AspNetCore.Identity.IdentityRoleClaim<Guid>>().ToTable("role_claims");
        builder.ApplyConfigurationsFromAssembly(typeof(GuildDb).Assembly);
    }
}

public sealed class SqliteGuildDb(DbContextOptions<SqliteGuildDb> options) : GuildDb(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite has no native date-time type that sorts and compares; store UTC instants as
        // sortable 64-bit numbers so ORDER BY and range filters run in the database.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcInstantConverter>();
        configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<UtcInstantConverter>();
    }
}

public sealed class PostgresGuildDb(DbContextOptions<PostgresGuildDb> options) : GuildDb(options)
{
    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        // JSON documents marked with IsJsonDocument() are jsonb here and TEXT on SQLite.
        JsonColumns.UseJsonb(builder);
    }
}
