using Guild.Tests.Features.People;
using Guild.Web.Features.Expertise.Map;
using Microsoft.EntityFrameworkCore;

namespace Guild.Tests.Features.Expertise.Map;

public sealed class MapDemoContentTests(DemoOrganisationApp app) : IClassFixture<DemoOrganisationApp>
{
    [Fact]
    public async Task The_small_demo_has_two_capabilities_with_three_levels_owners_and_skills()
    {
        var (capabilities, components, links) = await app.WithDbAsync(async db => (
            await db.Set<Capability>().AsNoTracking().OrderBy(c => c.Position).ToListAsync(),
            await db.Set<KnowHowComponent>().AsNoTracking().ToListAsync(),
            await db.Set<ComponentSkill>().AsNoTracking().ToListAsync()));
        Assert.Equal(["New Media know-how", "Data-informed work"], capabilities.Select(c => c.Name));
        Assert.All(capabilities, c => Assert.NotNull(c.OwnerId));
        Assert.Contains(components, c => c.Depth == 3);
        Assert.All(components, c => Assert.Contains(links, l => l.ComponentId == c.Id));
        Assert.All(components.Where(c => c.ParentId is not null), c => Assert.Equal(components.Single(p => p.Id == c.ParentId).Depth + 1, c.Depth));
        Assert.All(components.Where(c => c.Depth == 1), c => Assert.NotNull(c.OwnerId));
        // Siblings have distinct names, as the unique index wants.
        Assert.Equal(components.Count, components.Select(c => (c.CapabilityId, c.ParentId, c.NameKey)).Distinct().Count());
    }

    [Fact]
    public void The_large_demo_map_has_a_dozen_capabilities_about_300_components_and_150_skills()
    {
        var map = MapDemoContent.LargeMap(new Random(20261126)).ToList();
        static IEnumerable<MapDemoContent.Part> All(IEnumerable<MapDemoContent.Part> parts) => parts.SelectMany(p => All(p.Children).Prepend(p));
        var components = map.SelectMany(c => All(c.Parts)).ToList();
        Assert.Equal(12, map.Count);
        Assert.InRange(components.Count, 250, 350);
        Assert.InRange(components.SelectMany(c => c.Skills).Distinct().Count(), 120, 160);
    }
}
