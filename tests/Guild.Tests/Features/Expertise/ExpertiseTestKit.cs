using System.Net.Http.Json;
using Guild.Tests.Infrastructure;
using Guild.Web.Features.Expertise.Calls;
using Guild.Web.Features.Expertise.Map;
using Guild.Web.Features.People;
using Microsoft.EntityFrameworkCore;

namespace Guild.Tests.Features.Expertise;

/// <summary>
/// Know-how map data straight in the database, for tests of what hangs on the map (calls, profiles, the directory,
/// coverage, teams). Names carry a unique tag, so tests on one shared app never see each other's capabilities.
/// Tests of the map itself go through its service and pages instead.
/// </summary>
public static class ExpertiseTestKit
{
    public sealed record TestCapability(Guid Id, string Name, IReadOnlyList<TestComponent> Components);

    public sealed record TestComponent(Guid Id, string Name, int Depth);

    /// <summary>A capability with the named top-level components (a "Parent/Child" name nests a child under an earlier parent).</summary>
    public static async Task<TestCapability> CreateCapabilityAsync(this GuildApp app, string name, params string[] components)
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var now = app.Clock.GetUtcNow();
        var capability = new Capability
        {
            Id = Guid.CreateVersion7(), Name = $"{name} {tag}", NameKey = Person.Fold($"{name} {tag}"), CreatedAt = now, UpdatedAt = now,
        };
        var created = new List<KnowHowComponent>();
        var byPath = new Dictionary<string, KnowHowComponent>(StringComparer.Ordinal);
        foreach (var path in components)
        {
            var parts = path.Split('/');
            var parent = parts.Length > 1 ? byPath[string.Join('/', parts[..^1])] : null;
            var component = new KnowHowComponent
            {
                Id = Guid.CreateVersion7(), CapabilityId = capability.Id, ParentId = parent?.Id, Depth = parts.Length,
                Name = parts[^1], NameKey = Person.Fold(parts[^1]), Position = created.Count, CreatedAt = now, UpdatedAt = now,
            };
            byPath[path] = component;
            created.Add(component);
        }
        await app.WithDbAsync(async db =>
        {
            db.Add(capability);
            db.AddRange(created);
            await db.SaveChangesAsync();
        });
        return new TestCapability(capability.Id, capability.Name, created.Select(c => new TestComponent(c.Id, c.Name, c.Depth)).ToList());
    }

    /// <summary>A skill with a unique name (skills are one vocabulary for the whole app).</summary>
    public static async Task<Guid> CreateSkillAsync(this GuildApp app, string name)
    {
        var unique = $"{name} {Guid.NewGuid().ToString("N")[..6]}";
        var skill = new Skill { Id = Guid.CreateVersion7(), Name = unique, NameKey = Person.Fold(unique), CreatedAt = app.Clock.GetUtcNow() };
        await app.WithDbAsync(async db =>
        {
            db.Add(skill);
            await db.SaveChangesAsync();
        });
        return skill.Id;
    }

    /// <summary>Makes someone a champion of a component, as an approval from a call would.</summary>
    public static Task MakeChampionAsync(this GuildApp app, Guid personId, Guid componentId, ExpertiseLevel level = ExpertiseLevel.CanTeachIt) =>
        app.WithDbAsync(async db =>
        {
            db.Add(new ComponentChampion { PersonId = personId, ComponentId = componentId, Level = level, Since = app.Clock.GetUtcNow() });
            await db.SaveChangesAsync();
        });

    /// <summary>Gives someone a skill at a level, endorsed by the given colleagues (talent directory and teams).</summary>
    public static Task GiveSkillAsync(this GuildApp app, Guid personId, Guid skillId, ExpertiseLevel level, params Guid[] endorsers) =>
        app.WithDbAsync(async db =>
        {
            db.Add(new Guild.Web.Features.Expertise.Profiles.PersonSkill { PersonId = personId, SkillId = skillId, Level = level, UpdatedAt = app.Clock.GetUtcNow() });
            foreach (var endorser in endorsers)
            {
                db.Add(new Guild.Web.Features.Expertise.Profiles.Endorsement { EndorserId = endorser, PersonId = personId, SkillId = skillId, CreatedAt = app.Clock.GetUtcNow() });
            }
            await db.SaveChangesAsync();
        });

    /// <summary>Says that a component covers a skill.</summary>
    public static Task CoverSkillAsync(this GuildApp app, Guid componentId, Guid skillId) =>
        app.WithDbAsync(async db =>
        {
            db.Add(new ComponentSkill { ComponentId = componentId, SkillId = skillId });
            await db.SaveChangesAsync();
        });

    /// <summary>Sets where someone works and which languages they speak (a location that does not exist yet is created).</summary>
    public static Task PlacePersonAsync(this GuildApp app, Guid personId, string? location = null, params string[] languages) =>
        app.WithDbAsync(async db =>
        {
            var person = await db.Set<Person>().FirstAsync(p => p.Id == personId);
            if (location is not null)
            {
                var unit = await db.Set<OrgUnit>().FirstOrDefaultAsync(u => u.Kind == OrgUnitKind.Location && u.Name == location);
                if (unit is null)
                {
                    unit = new OrgUnit { Id = Guid.CreateVersion7(), Kind = OrgUnitKind.Location, Name = location };
                    db.Add(unit);
                }
                person.LocationId = unit.Id;
            }
            person.Languages = languages;
            await db.SaveChangesAsync();
        });

    /// <summary>Marks someone as having left (straight in the database, as deactivation leaves them).</summary>
    public static Task DeactivateAsync(this GuildApp app, Guid personId) =>
        app.WithDbAsync(db => db.Users.Where(u => u.Id == personId)
            .ExecuteUpdateAsync(set => set.SetProperty(u => u.DeactivatedAt, app.Clock.GetUtcNow())));

    /// <summary>The id of a department or location by name.</summary>
    public static Task<Guid> OrgUnitIdAsync(this GuildApp app, OrgUnitKind kind, string name) =>
        app.WithDbAsync(db => db.Set<OrgUnit>().Where(u => u.Kind == kind && u.Name == name).Select(u => u.Id).FirstAsync());
}

/// <summary>Expertise profiles: skills set through the API, as a person does it.</summary>
public static class ProfilesTestKit
{
    /// <summary>The signed-in person lists skills by name (each at CanExplainIt); answers the skill ids in the same order (names match as the skill vocabulary does, folded).</summary>
    public static async Task<IReadOnlyList<Guid>> ListSkillsAsync(this Guild.Tests.Infrastructure.GuildClient client, params string[] names)
    {
        using var response = await client.Http.PutAsJsonAsync("/api/v1/me/skills",
            new { skills = names.Select(name => new { name, level = "CanExplainIt" }).ToArray() });
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        var skills = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        return names.Select(name => skills.EnumerateArray()
            .First(s => Guild.Web.Features.Expertise.Profiles.ExpertiseProfileEditor.NameKey(s.GetProperty("name").GetString()!)
                        == Guild.Web.Features.Expertise.Profiles.ExpertiseProfileEditor.NameKey(name))
            .GetProperty("skillId").GetGuid()).ToList();
    }
}
