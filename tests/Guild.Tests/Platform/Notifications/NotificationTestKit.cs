using Guild.Tests.Infrastructure;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.Notifications;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Guild.Tests.Platform.Notifications;

/// <summary>Notifying, choosing and reading back, the way features and people do it.</summary>
internal static class NotificationTestKit
{
    public static async Task NotifyAsync(this GuildApp app, NotificationEvent notification, params Guid[] recipients)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<Notifier>().NotifyAsync(recipients, notification, CancellationToken.None);
        await scope.ServiceProvider.GetRequiredService<GuildDb>().SaveChangesAsync();
    }

    public static async Task GrantRoleAsync(this GuildApp app, Guid personId, string role, string? grantedBy = "Eva Visser")
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<Notifier>().NotifyRoleGrantedAsync(personId, role, grantedBy, CancellationToken.None);
        await scope.ServiceProvider.GetRequiredService<GuildDb>().SaveChangesAsync();
    }

    public static NotificationEvent Thanked(string subjectKey, string title, string actor) =>
        new(TestNotificationText.Thanked, subjectKey, title, $"/test/{subjectKey}", actor);

    public static Task ChooseAsync(this GuildApp app, Guid personId, string kind, NotificationDelivery delivery) =>
        app.AsPersonAsync(personId, async services =>
        {
            var result = await services.GetRequiredService<NotificationPreferences>()
                .SaveMineAsync(new Dictionary<string, string> { [kind] = delivery.ToString() }, CancellationToken.None);
            Assert.True(result.IsOk);
            return true;
        });

    public static async Task SetLanguageAsync(this GuildApp app, Guid personId, string language)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<GuildUser>>();
        var user = await users.FindByIdAsync(personId.ToString());
        user!.PreferredLanguage = language;
        await users.UpdateAsync(user);
    }

    public static Task<List<Notification>> NotificationsOfAsync(this GuildApp app, Guid personId) =>
        app.WithDbAsync(db => db.Set<Notification>().AsNoTracking().Where(n => n.RecipientId == personId).OrderBy(n => n.FirstAt).ToListAsync());
}
