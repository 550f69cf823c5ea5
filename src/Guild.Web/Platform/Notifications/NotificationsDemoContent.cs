using Guild.Web.Platform.Data;
using Guild.Web.Platform.Demo;
using Guild.Web.Platform.Identity;

namespace Guild.Web.Platform.Notifications;

/// <summary>
/// The demo accounts that hold a role beyond Employee (the champion, the moderator, the L&amp;D admin)
/// find "You are now a Knowledge Champion" in their notification centre, sent the way a role
/// change sends it (so the mail goes out too). The large organisation skips this: its benchmarks
/// measure features, not a welcome.
/// </summary>
internal sealed class NotificationsDemoContent(Notifier notifier, GuildDb db) : IDemoContent
{
    public int Order => 900;

    public async Task SeedAsync(DemoSeedContext context, CancellationToken cancellationToken)
    {
        if (context.Size != DemoSize.Small)
        {
            return;
        }
        var admin = context.People.FirstOrDefault(p => p.Roles.Contains(Roles.LearningAdmin))?.DisplayName;
        var demoNames = DemoAccounts.All.Select(a => a.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var person in context.People.Where(p => !p.IsGuest && demoNames.Contains(p.DisplayName)))
        {
            foreach (var role in person.Roles.Where(r => r is Roles.Champion or Roles.Moderator or Roles.LearningAdmin))
            {
                await notifier.NotifyRoleGrantedAsync(person.Id, role, admin == person.DisplayName ? null : admin, cancellationToken);
            }
        }
        await db.SaveChangesAsync(cancellationToken);
    }
}
