using System.Net;
using System.Net.Http.Json;
using Guild.Tests.Infrastructure;
using Guild.Web.Platform.Api;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.Notifications;

namespace Guild.Tests.Platform.Notifications;

public abstract class NotificationCentreTests(GuildApp app)
{
    [Fact]
    public async Task Events_about_one_subject_fold_into_one_entry_until_it_is_read_then_a_new_entry_starts()
    {
        var (client, me) = await app.SignedInAsync();
        var subject = $"post:{Guid.NewGuid():N}";
        foreach (var actor in new[] { "Anna", "Ben", "Carla", "Dirk", "Eve" })
        {
            await app.NotifyAsync(NotificationTestKit.Thanked(subject, "Video editing in ten minutes", actor), me.Id);
        }

        var page = await client.GetJsonAsync<Paged<NotificationItem>>("/api/v1/notifications");
        var entry = Assert.Single(page!.Items);
        Assert.Equal(5, entry.Count);
        Assert.False(entry.IsRead);
        Assert.Equal("Eve, Dirk, Carla and 2 others thanked you for “Video editing in ten minutes”", entry.Text);
        Assert.Contains("Eve, Dirk, Carla and 2 others", await client.GetPageAsync("/notifications"), StringComparison.Ordinal);

        using var read = await client.Http.PostAsync($"/api/v1/notifications/{entry.Id}/read", null);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.True((await read.Content.ReadFromJsonAsync<NotificationItem>())!.IsRead);

        await app.NotifyAsync(NotificationTestKit.Thanked(subject, "Video editing in ten minutes", "Frank"), me.Id);
        await app.NotifyAsync(NotificationTestKit.Thanked(subject, "Video editing in ten minutes", "Gert"), me.Id);
        var after = (await client.GetJsonAsync<Paged<NotificationItem>>("/api/v1/notifications"))!.Items;
        Assert.Equal(2, after.Count);
        Assert.Equal("Gert and Frank thanked you for “Video editing in ten minutes”", after[0].Text);
        Assert.False(after[0].IsRead);
        Assert.Equal(2, after[0].Count);
        Assert.True(after[1].IsRead);
        Assert.Equal(5, after[1].Count);
    }

    [Fact]
    public async Task Centre_shows_unread_first_counts_them_in_the_bell_pages_and_marks_all_read()
    {
        var (client, me) = await app.SignedInAsync();
        for (var i = 0; i < 35; i++)
        {
            await app.NotifyAsync(NotificationTestKit.Thanked($"many:{Guid.NewGuid():N}", $"Tip {i}", "Anna"), me.Id);
            app.Clock.Advance(TimeSpan.FromSeconds(1));
        }
        var first = (await client.GetJsonAsync<Paged<NotificationItem>>("/api/v1/notifications?pageSize=10"))!;
        Assert.Equal(35, first.TotalCount);
        Assert.Equal(4, first.PageCount);
        Assert.Contains("Tip 34", first.Items[0].Text, StringComparison.Ordinal);
        using (var readOne = await client.Http.PostAsync($"/api/v1/notifications/{first.Items[0].Id}/read", null))
        {
            Assert.Equal(HttpStatusCode.OK, readOne.StatusCode);
        }
        var reordered = (await client.GetJsonAsync<Paged<NotificationItem>>("/api/v1/notifications?pageSize=50"))!.Items;
        Assert.Contains("Tip 33", reordered[0].Text, StringComparison.Ordinal);
        Assert.True(reordered[^1].IsRead);

        Assert.Equal(34, (await client.GetJsonAsync<GuildNotifications.UnreadCount>("/api/v1/notifications/unread-count"))!.Unread);
        var html = await client.GetPageAsync("/notifications");
        Assert.Contains("<span class=\"bell__count\">34", html, StringComparison.Ordinal);
        Assert.Contains("rel=\"next\"", html, StringComparison.Ordinal);

        using var all = await client.Http.PostAsync("/api/v1/notifications/read-all", null);
        Assert.Equal(34, (await all.Content.ReadFromJsonAsync<GuildNotifications.MarkedRead>())!.Marked);
        Assert.Equal(0, (await client.GetJsonAsync<GuildNotifications.UnreadCount>("/api/v1/notifications/unread-count"))!.Unread);
        Assert.DoesNotContain("bell__count", await client.GetPageAsync("/notifications"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Marking_one_read_from_the_page_and_opening_one_go_through_the_owner_only()
    {
        var (client, me) = await app.SignedInAsync();
        await app.NotifyAsync(NotificationTestKit.Thanked($"page:{Guid.NewGuid():N}", "Colour grading", "Anna"), me.Id);
        await app.NotifyAsync(NotificationTestKit.Thanked($"page:{Guid.NewGuid():N}", "Sound design", "Ben"), me.Id);
        var mine = await app.NotificationsOfAsync(me.Id);

        using var marked = await client.PostFormAsync("/notifications", $"/notifications/{mine[0].Id}/read", []);
        Assert.Equal(HttpStatusCode.Redirect, marked.StatusCode);
        using var opened = await client.GetAsync($"/notifications/{mine[1].Id}");
        Assert.Equal(HttpStatusCode.Redirect, opened.StatusCode);
        Assert.Equal(mine[1].Link, opened.Headers.Location!.OriginalString);
        Assert.All(await app.NotificationsOfAsync(me.Id), n => Assert.NotNull(n.ReadAt));
    }

    [Fact]
    public async Task Nobody_sees_or_marks_another_persons_notifications()
    {
        var (owner, me) = await app.SignedInAsync();
        var (other, _) = await app.SignedInAsync(Roles.LearningAdmin);
        await app.NotifyAsync(NotificationTestKit.Thanked($"private:{Guid.NewGuid():N}", "My private thanks", "Anna"), me.Id);
        var entry = Assert.Single(await app.NotificationsOfAsync(me.Id));

        var theirs = (await other.GetJsonAsync<Paged<NotificationItem>>("/api/v1/notifications"))!;
        Assert.DoesNotContain(theirs.Items, item => item.Id == entry.Id);
        Assert.DoesNotContain("My private thanks", await other.GetPageAsync("/notifications"), StringComparison.Ordinal);

        using var readMine = await other.Http.PostAsync($"/api/v1/notifications/{entry.Id}/read", null);
        Assert.Equal(HttpStatusCode.NotFound, readMine.StatusCode);
        Assert.Equal("application/problem+json", readMine.Content.Headers.ContentType?.MediaType);
        using var openMine = await other.GetAsync($"/notifications/{entry.Id}");
        Assert.Equal(HttpStatusCode.NotFound, openMine.StatusCode);
        using var markMine = await other.PostFormAsync("/notifications", $"/notifications/{entry.Id}/read", []);
        Assert.Equal(HttpStatusCode.NotFound, markMine.StatusCode);
        using var readAll = await other.Http.PostAsync("/api/v1/notifications/read-all", null);
        Assert.Equal(HttpStatusCode.OK, readAll.StatusCode);

        Assert.Null(Assert.Single(await app.NotificationsOfAsync(me.Id)).ReadAt);
        Assert.Single((await owner.GetJsonAsync<Paged<NotificationItem>>("/api/v1/notifications"))!.Items, item => !item.IsRead);

        using var anonymous = app.CreateGuildClient();
        using var list = await anonymous.GetAsync("/api/v1/notifications");
        Assert.Equal(HttpStatusCode.Unauthorized, list.StatusCode);
        using var post = await anonymous.Http.PostAsync($"/api/v1/notifications/{entry.Id}/read", null);
        Assert.Equal(HttpStatusCode.Unauthorized, post.StatusCode);
    }

    [Fact]
    public async Task Paged_notification_list_rejects_a_page_size_out_of_range()
    {
        var (client, _) = await app.SignedInAsync();
        using var response = await client.GetAsync("/api/v1/notifications?pageSize=1000");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Unregistered_kind_is_refused()
    {
        var me = await app.CreatePersonAsync();
        await Assert.ThrowsAsync<ArgumentException>(() =>
            app.NotifyAsync(new NotificationEvent("no.such-kind", "x", "x", "/", null), me.Id));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class NotificationCentreTestsOnSqlite(SqliteApp app) : NotificationCentreTests(app);

[Collection(PostgresCollection.Name)]
public sealed class NotificationCentreTestsOnPostgres(PostgresApp app) : NotificationCentreTests(app);
