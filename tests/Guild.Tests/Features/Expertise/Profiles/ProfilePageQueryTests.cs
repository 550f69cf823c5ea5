using System.Collections.Concurrent;
using System.Data.Common;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Http;
using Guild.Tests.Infrastructure;
using Guild.Web.Features.People;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Guild.Tests.Features.Expertise.Profiles;

/// <summary>Counts the database commands each request path sends (the speed budget is in round trips, not milliseconds).</summary>
public sealed class CommandCounter(IHttpContextAccessor accessor) : DbCommandInterceptor
{
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);

    public int this[string path] => _counts.GetValueOrDefault(path);

    public void Reset() => _counts.Clear();

    private void Count()
    {
        if (accessor.HttpContext?.Request.Path.Value is { } path)
        {
            _counts.AddOrUpdate(path, 1, (_, n) => n + 1);
        }
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Count();
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Count();
        return ValueTask.FromResult(result);
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Count();
        return ValueTask.FromResult(result);
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Count();
        return ValueTask.FromResult(result);
    }
}

public abstract class CountingApp : GuildApp
{
    public CommandCounter Counter => Services.GetRequiredService<CommandCounter>();

    protected override void ConfigureTestServices(IServiceCollection services)
    {
        services.AddSingleton<CommandCounter>();
        services.AddSingleton<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor>(s => s.GetRequiredService<CommandCounter>());
    }
}

public sealed class CountingSqliteApp : CountingApp
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class CountingPostgresApp : CountingApp
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

/// <summary>
/// The profile page (person, manager, reports, skills with endorsements, topics, availability, badges) costs the
/// header's bell one query and the profile two: the person with their team, and their expertise as one UNION ALL.
/// </summary>
public abstract class ProfilePageQueryTests<TApp>(TApp app) where TApp : CountingApp
{
    [Fact]
    public async Task The_profile_page_with_expertise_needs_the_bell_and_two_queries()
    {
        var (owner, ownerPerson) = await app.SignedInAsync(Roles.Employee, Roles.Champion);
        var skills = await owner.ListSkillsAsync("Counting A " + Guid.NewGuid().ToString("N")[..6], "Counting B " + Guid.NewGuid().ToString("N")[..6]);
        using var _ = await owner.Http.PutAsJsonAsync("/api/v1/me/topics", new { topics = (string[])["One", "Two"] });
        using var __ = await owner.Http.PutAsJsonAsync("/api/v1/me/availability", new { hoursPerMonth = 3, note = "Afternoons" });
        var capability = await app.CreateCapabilityAsync("Counting", "Component");
        await app.MakeChampionAsync(ownerPerson.Id, capability.Components[0].Id);
        var report = await app.CreatePersonAsync();
        await app.WithDbAsync(db => db.Set<Person>().Where(p => p.Id == report.Id).ExecuteUpdateAsync(set => set.SetProperty(p => p.ManagerId, ownerPerson.Id)));
        var (viewer, _) = await app.SignedInAsync(Roles.Employee);
        using var ___ = await viewer.Http.PostAsync($"/api/v1/people/{ownerPerson.Id}/skills/{skills[0]}/endorsements", null);
        var path = $"/people/{ownerPerson.Id}";
        await viewer.GetPageAsync(path);
        app.Counter.Reset();

        var page = await viewer.GetPageAsync(path);

        Assert.Contains("3 hours a month", page, StringComparison.Ordinal);
        Assert.Contains("Component", page, StringComparison.Ordinal);
        Assert.Equal(3, app.Counter[path]);
    }
}

public sealed class ProfilePageQueryTestsOnSqlite(CountingSqliteApp app) : ProfilePageQueryTests<CountingSqliteApp>(app), IClassFixture<CountingSqliteApp>;

public sealed class ProfilePageQueryTestsOnPostgres(CountingPostgresApp app) : ProfilePageQueryTests<CountingPostgresApp>(app), IClassFixture<CountingPostgresApp>;
