using Guild.Web.Platform.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Guild.Web.Platform.Identity;

/// <summary>
/// A row per change that may take access away from a credential someone already holds: a revoked API token
/// or LRS client, a deactivated person, a removed role, a renewed security stamp. Its id is the deployment's
/// revocation version: every node reads the highest id once a second (<see cref="RevocationWatch"/>) and
/// forgets every credential it remembered from before, so a revocation reaches every node within about
/// a second without a query per request.
/// </summary>
public sealed class CredentialRevocation
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    /// <summary>What changed, for whoever reads the table (<c>ApiToken</c>, <c>GuildUser</c>, …).</summary>
    public required string Subject { get; set; }
}

internal sealed class CredentialRevocationConfiguration : IEntityTypeConfiguration<CredentialRevocation>
{
    public void Configure(EntityTypeBuilder<CredentialRevocation> builder)
    {
        builder.ToTable("credential_revocations");
        builder.Property(revocation => revocation.Subject).HasMaxLength(100);
    }
}

/// <summary>When a tracked change withdraws access. Features register theirs (the LRS: a revoked client).</summary>
public sealed record CredentialRevocationRule(Type EntityType, Func<EntityEntry, bool> Withdraws);

public static class CredentialRevocationRules
{
    public static IServiceCollection AddCredentialRevocationRule<TEntity>(this IServiceCollection services, Func<EntityEntry, bool> withdraws)
        where TEntity : class =>
        services.AddSingleton(new CredentialRevocationRule(typeof(TEntity), withdraws));

    /// <summary>The platform's own: tokens, accounts and their roles.</summary>
    internal static IServiceCollection AddPlatformRevocationRules(this IServiceCollection services) => services
        .AddCredentialRevocationRule<ApiToken>(entry => entry.State == EntityState.Deleted
            || (entry.State == EntityState.Modified && entry.Property(nameof(ApiToken.RevokedAt)).IsModified))
        .AddCredentialRevocationRule<GuildUser>(entry => entry.State == EntityState.Deleted
            || (entry.State == EntityState.Modified
                && (entry.Property(nameof(GuildUser.DeactivatedAt)).IsModified || entry.Property(nameof(GuildUser.SecurityStamp)).IsModified)))
        .AddCredentialRevocationRule<IdentityUserRole<Guid>>(entry => entry.State == EntityState.Deleted);
}

/// <summary>
/// Adds a <see cref="CredentialRevocation"/> row to any save whose tracked changes withdraw access, so the
/// version moves in the same transaction as the change (no revocation is visible before it commits, none is
/// lost after), and tells this node's <see cref="RevocationWatch"/> at once after the commit.
/// </summary>
internal sealed class CredentialRevocationInterceptor(IEnumerable<CredentialRevocationRule> rules, RevocationWatch watch, TimeProvider clock)
    : SaveChangesInterceptor
{
    private readonly Dictionary<Type, Func<EntityEntry, bool>[]> _rules = rules.GroupBy(rule => rule.EntityType)
        .ToDictionary(group => group.Key, group => group.Select(rule => rule.Withdraws).ToArray());

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        AddRevocation(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        AddRevocation(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Observe(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Observe(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private void AddRevocation(DbContext? context)
    {
        if (context is null)
        {
            return;
        }
        // The interceptor runs before SaveChanges detects changes itself.
        context.ChangeTracker.DetectChanges();
        string? subject = null;
        foreach (var entry in context.ChangeTracker.Entries())
        {
            if (entry.Entity is CredentialRevocation && entry.State == EntityState.Added)
            {
                return; // this unit of work has its row already
            }
            if (subject is null && entry.State is EntityState.Modified or EntityState.Deleted
                && _rules.TryGetValue(entry.Metadata.ClrType, out var withdraws)
                && Array.Exists(withdraws, rule => rule(entry)))
            {
                subject = entry.Metadata.ClrType.Name;
            }
        }
        if (subject is not null)
        {
            context.Add(new CredentialRevocation { At = clock.GetUtcNow(), Subject = subject });
        }
    }

    private void Observe(DbContext? context)
    {
        if (context is null)
        {
            return;
        }
        foreach (var entry in context.ChangeTracker.Entries<CredentialRevocation>())
        {
            watch.Observe(entry.Entity.Id);
        }
    }
}

public sealed class RevocationWatchOptions
{
    /// <summary>How often each node reads the revocation version: the longest a revoked credential keeps working elsewhere.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);
}

/// <summary>
/// This node's view of the revocation version. Caches of verified credentials (API tokens, LRS clients) put
/// <see cref="Version"/> into their keys, so a newer version makes every older entry unreachable. Polls on
/// real time, not the application's <see cref="TimeProvider"/>: it is a cadence of the infrastructure, and
/// tests that move the clock must not stop it.
/// </summary>
public sealed class RevocationWatch(IServiceProvider services, Microsoft.Extensions.Options.IOptions<RevocationWatchOptions> options,
    ILogger<RevocationWatch> logger) : BackgroundService
{
    private long _version;

    public long Version => Interlocked.Read(ref _version);

    /// <summary>A version seen here (a local commit) or read from the database; the version never goes back.</summary>
    public void Observe(long version)
    {
        var current = Interlocked.Read(ref _version);
        while (version > current)
        {
            var seen = Interlocked.CompareExchange(ref _version, version, current);
            if (seen == current)
            {
                return;
            }
            current = seen;
        }
    }

    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var factory = services.GetRequiredService<IDbContextFactory<GuildDb>>();
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        Observe(await db.Set<CredentialRevocation>().MaxAsync(revocation => (long?)revocation.Id, cancellationToken) ?? 0);
    }

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // The migrator (registered earlier) has run: the table exists.
        await RefreshAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PollInterval);
        var failing = false;
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await RefreshAsync(stoppingToken);
                failing = false;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // Once per outage, not once a second: the database health check reports the outage itself.
                if (!failing)
                {
                    logger.LogWarning(exception, "Could not read the credential revocation version; credentials verified before may be trusted until it can.");
                }
                failing = true;
            }
        }
    }
}
