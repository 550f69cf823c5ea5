using Guild.Tests.Infrastructure;
using Guild.Web.Features.People;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Demo;
using Guild.Web.Platform.Identity;
using Microsoft.EntityFrameworkCore;

namespace Guild.Tests.Features.People;

/// <summary>An app of its own: the demo organisation needs an empty database.</summary>
public sealed class DemoOrganisationApp : GuildApp
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await using var scope = Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DemoOrganisation>().SeedAsync(DemoSize.Small, DemoPasswords.Documented, CancellationToken.None);
    }
}

public sealed class PeopleDemoContentTests(DemoOrganisationApp app) : IClassFixture<DemoOrganisationApp>
{
    [Fact]
    public async Task Generated_people_never_carry_a_demo_accounts_name()
    {
        var people = await app.WithDbAsync(db => db.Set<Person>().AsNoTracking().Select(p => new { p.Account.Email, p.GivenName, p.FamilyName }).ToListAsync());
        Assert.InRange(people.Count, 300, 320);
        foreach (var account in DemoAccounts.All)
        {
            var named = people.Where(p => $"{p.GivenName} {p.FamilyName}" == account.Name).ToList();
            Assert.True(named.Count == 1 && named[0].Email == account.Email,
                $"{account.Name} should be the demo account only, found: {string.Join(", ", named.Select(p => p.Email))}");
        }
    }

    [Fact]
    public async Task The_demo_has_former_colleagues_and_open_invitations_and_every_demo_account_signs_in()
    {
        var states = await app.WithDbAsync(db => (from person in db.Set<Person>()
                                                  join user in db.Users on person.Id equals user.Id
                                                  select new { person.Account.DeactivatedAt, UserDeactivatedAt = user.DeactivatedAt, person.InvitedAt, user.PasswordHash }).ToListAsync());
        Assert.Equal(2, states.Count(s => s.DeactivatedAt is not null && s.UserDeactivatedAt is not null));
        Assert.Equal(3, states.Count(s => s.InvitedAt is not null && s.PasswordHash is null));
        foreach (var account in DemoAccounts.All)
        {
            using var client = app.CreateGuildClient();
            await client.SignInAsync(account.Email, PeopleDemoContent.DemoPassword);
        }
    }

    [Fact]
    public async Task Every_management_line_ends_at_the_director()
    {
        var managers = await app.WithDbAsync(db => db.Set<Person>().AsNoTracking().Where(p => p.PartnerOrganisation == null).ToDictionaryAsync(p => p.Id, p => p.ManagerId));
        var tops = managers.Where(pair => pair.Value is null).Select(pair => pair.Key).ToList();
        var top = Assert.Single(tops);
        foreach (var start in managers.Keys)
        {
            var current = start;
            for (var steps = 0; managers[current] is { } manager; steps++)
            {
                Assert.True(steps < 10, "A management line loops or is too long.");
                current = manager;
            }
            Assert.Equal(top, current);
        }
    }
}
