using Guild.Web.Features.Expertise.Map;
using Guild.Web.Features.Library.Resources;
using Guild.Web.Features.People;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Demo;
using Guild.Web.Platform.Identity;
using Microsoft.EntityFrameworkCore;

namespace Guild.Web.Features.Library.Browse;

/// <summary>
/// Demo collections over the demo library: per capability (up to three in the small organisation, every one in the large)
/// its published resources in map order, owned by a champion of its first component (Daan where he is one), the last
/// one a draft; and the demo employee has started a resource, so "continue where you stopped" shows. Runs after the
/// library (Order 55).
/// </summary>
internal sealed class CollectionsDemoContent(GuildDb db, BulkInserter bulk) : IDemoContent
{
    public int Order => 55;

    public async Task SeedAsync(DemoSeedContext context, CancellationToken cancellationToken)
    {
        var rows = await (from rc in db.Set<ResourceComponent>().AsNoTracking()
                          join r in db.Set<Resource>() on rc.ResourceId equals r.Id
                          join c in KnowHowMap.LiveComponents(db) on rc.ComponentId equals c.Id
                          join cap in db.Set<Capability>() on c.CapabilityId equals cap.Id
                          where r.Status == ResourceStatus.Published
                          orderby cap.Position, c.Depth, c.Position, r.PublishedAt
                          select new { CapabilityId = cap.Id, Capability = cap.Name, ComponentId = c.Id, ResourceId = r.Id, r.Kind })
            .Take(context.Size == DemoSize.Large ? 20_000 : 500).ToListAsync(cancellationToken);
        if (rows.Count == 0)
        {
            return;
        }
        var champions = (await ResourceLibrary.ActiveChampions(db).AsNoTracking().Select(c => new { c.ComponentId, c.PersonId }).ToListAsync(cancellationToken))
            .ToLookup(c => c.ComponentId, c => c.PersonId);
        var daanEmail = DemoAccounts.All.First(a => a.Role == Roles.Champion).Email;
        var employeeEmail = DemoAccounts.All.First(a => a.Role == Roles.Employee).Email;
        var adminEmail = DemoAccounts.All.First(a => a.Role == Roles.LearningAdmin).Email;
        var demo = await db.Set<Person>().AsNoTracking().Where(p => p.Account.Email == daanEmail || p.Account.Email == employeeEmail || p.Account.Email == adminEmail)
            .Select(p => new { p.Id, p.Account.Email }).ToDictionaryAsync(p => p.Email!, p => p.Id, StringComparer.OrdinalIgnoreCase, cancellationToken);
        if (!demo.TryGetValue(adminEmail, out var adminId))
        {
            return;
        }
        var daan = demo.GetValueOrDefault(daanEmail);
        var capabilities = rows.GroupBy(r => (r.CapabilityId, r.Capability)).Take(context.Size == DemoSize.Large ? int.MaxValue : 3).ToList();
        var collections = new List<Collection>();
        var items = new List<CollectionItem>();
        var now = context.Now;
        for (var i = 0; i < capabilities.Count; i++)
        {
            var group = capabilities[i];
            var resources = group.Select(r => r.ResourceId).Distinct().Take(6).ToList();
            var owners = champions[group.First().ComponentId].ToList();
            var owner = owners.Contains(daan) ? daan : owners.FirstOrDefault(adminId);
            var at = now.AddDays(-i - 1);
            var collection = new Collection
            {
                Id = Guid.CreateVersion7(at), Title = DemoTitle(group.Key.Capability), OwnerId = owner,
                Description = DemoDescription(group.Key.Capability), IsPublished = i < 2 || capabilities.Count <= 2 || context.Size == DemoSize.Large,
                CreatedAt = at, UpdatedAt = at,
            };
            collections.Add(collection);
            items.AddRange(resources.Select((id, position) => new CollectionItem { CollectionId = collection.Id, ResourceId = id, Position = position }));
        }
        await bulk.InsertAsync(collections, cancellationToken);
        await bulk.InsertAsync(items, cancellationToken);
        // The demo employee is half-way through the first collection's second resource.
        if (demo.TryGetValue(employeeEmail, out var employee) && items.Count > 1)
        {
            db.Add(new ResourceProgress { PersonId = employee, ResourceId = items[1].ResourceId, PositionSeconds = 0, Share = 0.4, Milestone = 25, UpdatedAt = now.AddHours(-3) });
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    private static string DemoTitle(string capability) => $"Getting started: {capability}";

    private static string DemoDescription(string capability) =>
        $"The resources about {capability} in the order our champions would take them: start at the top, each one builds on the last.";
}
