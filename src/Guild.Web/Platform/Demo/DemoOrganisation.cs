using System.Diagnostics;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Organisation;
using Microsoft.EntityFrameworkCore;

namespace Guild.Web.Platform.Demo;

public enum DemoSize
{
    /// <summary>About 300 employees: the organisation a newcomer meets after <c>dotnet run</c>.</summary>
    Small,
    /// <summary>100,000 employees and the content that goes with them, for benchmarks.</summary>
    Large,
}

/// <summary>How the demo accounts sign in.</summary>
public enum DemoPasswords
{
    /// <summary>The password the README gives (Development: one-click sign-in, nothing real at stake).</summary>
    Documented,
    /// <summary>A random password per demo account, shown once; everyone else gets one nobody knows (outside Development).</summary>
    Random,
}

/// <summary>A demo account's password, for the operator who generated the organisation outside Development.</summary>
public sealed record DemoCredentials(string Role, string Email, string Password);

/// <summary>What every feature's demo content can read and add to while the organisation is generated.</summary>
public sealed class DemoSeedContext(DemoSize size, DateTimeOffset now, DemoPasswords passwords = DemoPasswords.Documented)
{
    public DemoSize Size { get; } = size;
    public DateTimeOffset Now { get; } = now;
    public DemoPasswords Passwords { get; } = passwords;
    /// <summary>With <see cref="DemoPasswords.Random"/>: the demo accounts' passwords, to print once.</summary>
    public List<DemoCredentials> IssuedPasswords { get; } = [];
    /// <summary>Fixed seed: the same organisation every time, so screenshots and benchmarks compare.</summary>
    public Random Random { get; } = new(20261126);
    /// <summary>Everyone generated, in creation order; later features pick authors and audiences from here.</summary>
    public List<DemoPerson> People { get; } = [];
}

public sealed record DemoPerson(Guid Id, string DisplayName, Guid? DepartmentId, IReadOnlyList<string> Roles, bool IsGuest);

/// <summary>
/// One feature's part of the demo organisation. Each feature that has content adds one, for both
/// sizes; the large size must go through <see cref="BulkInserter"/>, not one SaveChanges per row.
/// </summary>
public interface IDemoContent
{
    /// <summary>Lower runs first (people are 0: everything else needs them).</summary>
    int Order { get; }

    Task SeedAsync(DemoSeedContext context, CancellationToken cancellationToken);
}

/// <summary>Generates the demo organisation once, into an empty database.</summary>
public sealed class DemoOrganisation(GuildDb db, IEnumerable<IDemoContent> contents, TimeProvider clock, ILogger<DemoOrganisation> logger)
{
    public const string Name = "Noordwind Media";

    public async Task<bool> IsSeededAsync(CancellationToken cancellationToken) =>
        await db.Users.AnyAsync(cancellationToken);

    /// <summary>Generates the organisation; answers the demo accounts' random passwords (none with documented ones), or null when it already exists.</summary>
    public async Task<IReadOnlyList<DemoCredentials>?> SeedAsync(DemoSize size, DemoPasswords passwords, CancellationToken cancellationToken)
    {
        if (await IsSeededAsync(cancellationToken))
        {
            logger.LogInformation("The database already has people; the demo organisation is not generated again.");
            return null;
        }
        var total = Stopwatch.StartNew();
        var settings = await db.Set<OrganisationSettings>().SingleAsync(cancellationToken);
        settings.Name = Name;
        settings.DefaultLanguage = "nl";
        settings.TimeZoneId = "Europe/Amsterdam";
        settings.LearningRecordBaseIri = "https://guild.noordwind.example/";
        settings.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);

        var context = new DemoSeedContext(size, clock.GetUtcNow(), passwords);
        foreach (var content in contents.OrderBy(c => c.Order))
        {
            var step = Stopwatch.StartNew();
            await content.SeedAsync(context, cancellationToken);
            db.ChangeTracker.Clear();
            logger.LogInformation("Demo content {Content} ({Size}) took {Elapsed} ms", content.GetType().Name, size, step.ElapsedMilliseconds);
        }
        logger.LogInformation("Demo organisation {Size} generated in {Elapsed} s", size, total.Elapsed.TotalSeconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture));
        return context.IssuedPasswords;
    }
}

/// <summary>In Development, the first start fills the empty database with the small demo organisation.</summary>
internal sealed class DemoSeedOnFirstStart(IHostEnvironment environment, IConfiguration configuration, DemoOrganisation demo) : IDatabaseStartupTask
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (environment.IsDevelopment() && configuration.GetValue("Demo:SeedOnFirstStart", true))
        {
            await demo.SeedAsync(DemoSize.Small, DemoPasswords.Documented, cancellationToken);
        }
    }
}

public static class GuildDemo
{
    public static IServiceCollection AddGuildDemo(this IServiceCollection services)
    {
        services.AddScoped<DemoOrganisation>();
        services.AddScoped<BulkInserter>();
        services.AddScoped<IDatabaseStartupTask, DemoSeedOnFirstStart>();
        return services;
    }
}
