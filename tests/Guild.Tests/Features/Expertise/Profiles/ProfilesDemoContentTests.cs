using Guild.Tests.Infrastructure;
using Guild.Web.Features.Expertise.Profiles;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Demo;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Guild.Tests.Features.Expertise.Profiles;

/// <summary>The demo organisation's profiles use the map's skills and have endorsements among colleagues, never of oneself.</summary>
public abstract class ProfilesDemoContentTests(GuildApp app)
{
    [Fact]
    public async Task The_small_demo_gives_a_third_of_the_people_skills_and_colleagues_endorse_them()
    {
        for (var i = 0; i < 3; i++)
        {
            await app.CreateSkillAsync("Demo skill");
        }
        var context = new DemoSeedContext(DemoSize.Small, app.Clock.GetUtcNow());
        for (var i = 0; i < 12; i++)
        {
            var person = await app.CreatePersonAsync();
            context.People.Add(new DemoPerson(person.Id, person.Name, null, person.Roles, false));
        }
        var ids = context.People.Select(p => p.Id).ToList();

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<GuildDb>();
            await new ProfilesDemoContent(db, new BulkInserter(db)).SeedAsync(context, CancellationToken.None);
        }

        var withSkills = await app.WithDbAsync(db => db.Set<PersonSkill>().Where(s => ids.Contains(s.PersonId)).Select(s => s.PersonId).Distinct().CountAsync());
        Assert.Equal(4, withSkills);
        var endorsements = await app.WithDbAsync(db => db.Set<Endorsement>().Where(e => ids.Contains(e.PersonId)).ToListAsync());
        Assert.NotEmpty(endorsements);
        Assert.DoesNotContain(endorsements, e => e.EndorserId == e.PersonId);
        // Every endorsement is of a skill the person lists.
        var listed = await app.WithDbAsync(db => db.Set<PersonSkill>().Where(s => ids.Contains(s.PersonId)).Select(s => new { s.PersonId, s.SkillId }).ToListAsync());
        Assert.All(endorsements, e => Assert.Contains(listed, s => s.PersonId == e.PersonId && s.SkillId == e.SkillId));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ProfilesDemoContentTestsOnSqlite(SqliteApp app) : ProfilesDemoContentTests(app);

[Collection(PostgresCollection.Name)]
public sealed class ProfilesDemoContentTestsOnPostgres(PostgresApp app) : ProfilesDemoContentTests(app);
