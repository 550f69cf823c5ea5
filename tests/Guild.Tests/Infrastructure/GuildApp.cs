using System.Security.Claims;
using Guild.Web.Features.Lrs.Writing;
using Guild.Web.Features.People;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.Jobs;
using Guild.Web.Platform.Notifications;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Guild.Tests.Infrastructure;

/// <summary>
/// Guild on Kestrel (port 0, a real socket) over a real database of its own. One instance per
/// provider is shared by a test collection; tests create their own people and data so they do not
/// depend on each other.
/// </summary>
public abstract class GuildApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("guild-test-").FullName;
    private PostgresDatabase? _postgres;
    private Dictionary<string, string?> _settings = [];

    /// <param name="port">0 for any free port; a fixed one for an app that must come back at the same address.</param>
    protected GuildApp(int port = 0)
    {
        UseKestrel(port);
    }

    public abstract DatabaseProvider Provider { get; }

    /// <summary>The clock every part of Guild reads; tests move it instead of waiting.</summary>
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));

    /// <summary>Where mail lands (.eml files), per app.</summary>
    public string MailFolder => Path.Combine(_folder, "mail");

    public Uri BaseAddress { get; private set; } = default!;

    /// <summary>"Testing" by default; the browser tests use Development for the demo organisation.</summary>
    protected virtual string EnvironmentName => "Testing";

    protected virtual void Configure(IDictionary<string, string?> settings)
    {
    }

    /// <summary>Services a test app adds or replaces (a counting job handler, say).</summary>
    protected virtual void ConfigureTestServices(IServiceCollection services)
    {
    }

    public virtual async Task InitializeAsync()
    {
        var connectionString = await CreateDatabaseAsync();
        var settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = Provider.ToString(),
            ["ConnectionStrings:Guild"] = connectionString,
            ["Mail:PickupDirectory"] = MailFolder,
            ["Storage:LocalRoot"] = Path.Combine(_folder, "files"),
            // Tests run jobs themselves (RunJobAsync), so nothing happens behind their back.
            ["Jobs:Enabled"] = "false",
            ["RateLimits:SignInPerMinute"] = "1000",
            // Every test calls from 127.0.0.1 and some fail LRS authentication on purpose; LrsAuthFailureLimitTests
            // runs a node of its own with small limits.
            ["Lrs:Auth:FailuresPerAddress"] = "1000",
            ["RateLimits:PasswordResetPerHour"] = "1000",
            // Uploads count each 64 KB of a PATCH as it is stored (64 MB in production), so tests see a PATCH's
            // checkpoints without sending megabytes (Platform/Uploads/TusUploadTests).
            ["Uploads:CheckpointBytes"] = "65536",
        };
        Configure(settings);
        _settings = settings;
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseAddress = new Uri(addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal));
    }

    /// <summary>
    /// A fresh database of this app's own, dropped when it is disposed. A <see cref="GuildNode"/> joins a
    /// <see cref="SharedDatabase"/> instead and leaves it in place.
    /// </summary>
    protected virtual async Task<string> CreateDatabaseAsync()
    {
        if (Provider == DatabaseProvider.Postgres)
        {
            _postgres = await PostgresDatabase.CreateAsync();
            return _postgres.ConnectionString;
        }
        return $"Data Source={Path.Combine(_folder, "guild.db")}";
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(EnvironmentName);
        // Serve the built static assets (and their precompressed copies) as a published Guild does; without this, outside
        // Development a request for a compressed asset fails, which no deployment would see.
        builder.UseStaticWebAssets();
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
            // Identity's PBKDF2 (100,000 iterations) costs about 0.1 s of CPU per hash here, and the suite creates and signs in
            // thousands of people. One iteration runs the same code (each hash stores its count) at a fraction of the cost.
            services.Configure<PasswordHasherOptions>(options => options.IterationCount = 1);
            services.AddSingleton<TestJobLog>();
            services.AddScoped<IJobHandler, TestJobHandler>();
            services.AddJobKind(new JobKind(TestJobHandler.JobKind, typeof(TestNotificationText)));
            services.AddSingleton<TestJobGate>();
            services.AddScoped<IJobHandler, TestHoldJobHandler>();
            services.AddJobKind(new JobKind(TestHoldJobHandler.JobKind, typeof(TestNotificationText), Queue: JobQueues.Media));
            services.AddNotificationKind(new NotificationKind(TestNotificationText.Thanked, typeof(TestNotificationText), NotificationDelivery.DailyDigest));
            services.AddSingleton<Features.Lrs.Writing.TestStatementsListener>();
            services.AddSingleton<IStatementsStoredListener>(provider => provider.GetRequiredService<Features.Lrs.Writing.TestStatementsListener>());
            ConfigureTestServices(services);
        });
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a finishing background task; the temp folder is cleaned by the OS.
        }
    }

    /// <summary>A browser-like client (cookies, no automatic redirects) over the real socket.</summary>
    public GuildClient CreateGuildClient(string language = "en") => new(BaseAddress, language);

    /// <summary>Runs code against the app's own database in a fresh scope.</summary>
    public async Task<T> WithDbAsync<T>(Func<GuildDb, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<GuildDb>());
    }

    public Task WithDbAsync(Func<GuildDb, Task> work) => WithDbAsync(async db => { await work(db); return true; });

    /// <summary>Runs code with a scoped service, acting as the given person (as a background job would).</summary>
    public async Task<T> AsPersonAsync<T>(Guid personId, Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<GuildUser>>();
        var user = await users.FindByIdAsync(personId.ToString()) ?? throw new InvalidOperationException("No such person.");
        var principal = await scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<GuildUser>>().CreateAsync(user);
        scope.ServiceProvider.GetRequiredService<CurrentPerson>().ActAs(principal);
        return await work(scope.ServiceProvider);
    }

    public const string Password = "correct horse battery staple";

    /// <summary>Creates a person with an account (password <see cref="Password"/>) and the given roles.</summary>
    public async Task<TestPerson> CreatePersonAsync(string? given = null, string? family = null, string[]? roles = null, string? department = null)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GuildDb>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<GuildUser>>();
        var unique = Guid.NewGuid().ToString("N")[..8];
        given ??= "Test";
        family ??= "Person " + unique;
        var email = $"{Person.Fold(given)}.{unique}@test.example".Replace(" ", "", StringComparison.Ordinal);
        var user = new GuildUser { Id = Guid.CreateVersion7(), UserName = email, Email = email, EmailConfirmed = true };
        var created = await users.CreateAsync(user, Password);
        if (!created.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", created.Errors.Select(e => e.Description)));
        }
        roles ??= [Roles.Employee];
        await users.AddToRolesAsync(user, roles);
        OrgUnit? unit = null;
        if (department is not null)
        {
            unit = await db.Set<OrgUnit>().FirstOrDefaultAsync(u => u.Kind == OrgUnitKind.Department && u.Name == department);
            if (unit is null)
            {
                unit = new OrgUnit { Id = Guid.CreateVersion7(), Kind = OrgUnitKind.Department, Name = department };
                db.Add(unit);
            }
        }
        var person = new Person
        {
            Id = user.Id, GivenName = given, FamilyName = family, DepartmentId = unit?.Id,
            CreatedAt = Clock.GetUtcNow(),
            PartnerOrganisation = roles.Contains(Roles.PartnerGuest) && !roles.Contains(Roles.Employee) ? "Partner Org" : null,
        };
        person.RefreshNameKeys();
        db.Add(person);
        await db.SaveChangesAsync();
        return new TestPerson(user.Id, email, $"{given} {family}", roles);
    }

    /// <summary>A client signed in as a new person with the given roles.</summary>
    public async Task<(GuildClient Client, TestPerson Person)> SignedInAsync(params string[] roles)
    {
        var person = await CreatePersonAsync(roles: roles.Length == 0 ? [Roles.Employee] : roles);
        var client = CreateGuildClient();
        await client.SignInAsync(person.Email, Password);
        return (client, person);
    }

    /// <summary>
    /// Runs due background jobs on this node until the given one has finished or nothing more is
    /// due (a retry waiting for its back-off: move <see cref="Clock"/> to let it run). The app's own
    /// workers are off in tests, so this is deterministic.
    /// </summary>
    public async Task<BackgroundJob> RunJobAsync(Guid jobId)
    {
        var runner = Services.GetRequiredService<JobRunner>();
        while (true)
        {
            var job = await WithDbAsync(db => db.Set<BackgroundJob>().AsNoTracking().FirstAsync(j => j.Id == jobId));
            if (job.Status is JobStatus.Succeeded or JobStatus.Failed || !await runner.RunOneAsync(CancellationToken.None))
            {
                return await WithDbAsync(db => db.Set<BackgroundJob>().AsNoTracking().FirstAsync(j => j.Id == jobId));
            }
        }
    }

    /// <summary>Runs every due background job; answers how many ran.</summary>
    public async Task<int> RunDueJobsAsync()
    {
        var runner = Services.GetRequiredService<JobRunner>();
        var count = 0;
        while (await runner.RunOneAsync(CancellationToken.None))
        {
            count++;
        }
        return count;
    }
}

public sealed record TestPerson(Guid Id, string Email, string Name, string[] Roles)
{
    public ClaimsPrincipal Principal() => new(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, Id.ToString())], "test"));
}

public sealed class SqliteApp : GuildApp
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresApp : GuildApp
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

[CollectionDefinition(Name)]
public sealed class SqliteCollection : ICollectionFixture<SqliteApp>
{
    public const string Name = "Guild on SQLite";
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresApp>
{
    public const string Name = "Guild on PostgreSQL";
}
