using System.Net;
using Guild.Tests.Infrastructure;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.Jobs;
using Guild.Web.Platform.Notifications;
using Microsoft.EntityFrameworkCore;

namespace Guild.Tests.Platform.Notifications;

public abstract class NotificationMailTests(GuildApp app)
{
    [Fact]
    public async Task Immediate_mail_goes_out_for_a_new_entry_only_not_for_events_folded_into_it()
    {
        var person = await app.CreatePersonAsync("Ilse", "Immediate");
        await app.GrantRoleAsync(person.Id, Roles.Champion);
        await app.RunDueJobsAsync();

        var mail = Assert.Single(app.MailTo(person.Email));
        Assert.Equal("Eva Visser made you a Knowledge Champion", mail.Subject);
        Assert.Contains($"http://localhost:5218/people/{person.Id}", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"en\"", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("Open in Guild", mail.TextBody, StringComparison.Ordinal);
        Assert.NotNull(Assert.Single(await app.NotificationsOfAsync(person.Id)).EmailedAt);

        // The same role again while the entry is unread folds into it: no second mail.
        await app.GrantRoleAsync(person.Id, Roles.Champion, "Someone Else");
        await app.RunDueJobsAsync();
        Assert.Single(app.MailTo(person.Email));
        Assert.Equal(2, Assert.Single(await app.NotificationsOfAsync(person.Id)).Count);

        // Once read, the next event starts a new entry, and that one is mailed.
        await app.WithDbAsync(db => db.Set<Notification>().Where(n => n.RecipientId == person.Id)
            .ExecuteUpdateAsync(set => set.SetProperty(n => n.ReadAt, app.Clock.GetUtcNow())));
        await app.GrantRoleAsync(person.Id, Roles.Champion);
        await app.RunDueJobsAsync();
        Assert.Equal(2, app.MailTo(person.Email).Count);
        Assert.Equal(2, (await app.NotificationsOfAsync(person.Id)).Count);
    }

    [Fact]
    public async Task Immediate_mail_speaks_the_recipients_language()
    {
        var person = await app.CreatePersonAsync("Noor", "Nederlands");
        await app.SetLanguageAsync(person.Id, "nl");
        await app.GrantRoleAsync(person.Id, Roles.Moderator);
        await app.RunDueJobsAsync();

        var mail = Assert.Single(app.MailTo(person.Email));
        Assert.Equal("Je bent door Eva Visser moderator gemaakt", mail.Subject);
        Assert.Contains("<html lang=\"nl\"", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("Openen in Guild", mail.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mail_for_a_granted_role_names_the_role_and_who_granted_it_in_dutch_for_a_dutch_recipient()
    {
        var person = await app.CreatePersonAsync("Daan", "Dutch");
        await app.SetLanguageAsync(person.Id, "nl");
        await app.GrantRoleAsync(person.Id, Roles.Champion, "Eva Visser");
        await app.RunDueJobsAsync();

        var mail = Assert.Single(app.MailTo(person.Email));
        Assert.Equal("Je bent door Eva Visser Knowledge Champion gemaakt", mail.Subject);
        var body = System.Net.WebUtility.HtmlDecode(mail.HtmlBody);
        Assert.Contains("<h1 style=\"font-size:20px;margin:0 0 16px;\">Je bent door Eva Visser Knowledge Champion gemaakt</h1>", body, StringComparison.Ordinal);
        Assert.Contains($"href=\"http://localhost:5218/people/{person.Id}\"", body, StringComparison.Ordinal);
        Assert.Contains("Deze mail kwam meteen door je instelling voor ‘Je krijgt een rol, bijvoorbeeld Knowledge Champion’.", mail.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("Er gebeurde iets", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Something happened", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_role_granted_by_the_system_says_so_without_naming_anyone()
    {
        var person = await app.CreatePersonAsync("Sam", "System");
        await app.GrantRoleAsync(person.Id, Roles.Moderator, grantedBy: null);
        await app.RunDueJobsAsync();

        Assert.Equal("You are now a Moderator", Assert.Single(app.MailTo(person.Email)).Subject);
    }

    [Fact]
    public async Task Entry_read_in_the_app_before_its_mail_job_runs_is_not_mailed()
    {
        var person = await app.CreatePersonAsync();
        await app.GrantRoleAsync(person.Id, Roles.Champion);
        await app.WithDbAsync(db => db.Set<Notification>().Where(n => n.RecipientId == person.Id)
            .ExecuteUpdateAsync(set => set.SetProperty(n => n.ReadAt, app.Clock.GetUtcNow())));
        await app.RunDueJobsAsync();
        Assert.Empty(app.MailTo(person.Email));
    }

    [Fact]
    public async Task Preference_off_chosen_on_the_settings_page_means_no_mail_but_the_entry_is_kept()
    {
        var (client, me) = await app.SignedInAsync();
        var settings = await client.GetPageAsync("/account/settings");
        Assert.Contains("id=\"notifications\"", settings, StringComparison.Ordinal);
        Assert.Contains("A role is given to you, such as Knowledge Champion", settings, StringComparison.Ordinal);
        Assert.Contains("always appear in Guild", settings, StringComparison.Ordinal);

        using var saved = await client.PostFormAsync("/account/settings", "/account/settings", new Dictionary<string, string>
        {
            ["_handler"] = "notification-preferences",
            [$"Delivery[{AccountNotifications.RoleGranted}]"] = "Off",
            [$"Delivery[{TestNotificationText.Thanked}]"] = "WeeklyDigest",
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var after = await client.GetPageAsync("/account/settings");
        Assert.Contains("Your notification settings are saved.", after, StringComparison.Ordinal);
        Assert.Contains("<option value=\"Off\" selected", after, StringComparison.Ordinal);
        Assert.Contains("<option value=\"WeeklyDigest\" selected", after, StringComparison.Ordinal);

        await app.GrantRoleAsync(me.Id, Roles.Champion);
        await app.RunDueJobsAsync();
        Assert.Empty(app.MailTo(me.Email));
        var entry = Assert.Single(await app.NotificationsOfAsync(me.Id));
        Assert.Null(entry.EmailedAt);
        Assert.Contains("Eva Visser made you a Knowledge Champion", await client.GetPageAsync("/notifications"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_delivery_on_the_settings_page_shows_an_error_and_changes_nothing()
    {
        var (client, me) = await app.SignedInAsync();
        using var refused = await client.PostFormAsync("/account/settings", "/account/settings", new Dictionary<string, string>
        {
            ["_handler"] = "notification-preferences",
            [$"Delivery[{AccountNotifications.RoleGranted}]"] = "Hourly",
            [$"Delivery[{TestNotificationText.Thanked}]"] = "Off",
        });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var page = await refused.Content.ReadAsStringAsync();
        Assert.Contains("Choose one of the options in the list.", page, StringComparison.Ordinal);
        Assert.Contains("aria-invalid=\"true\"", page, StringComparison.Ordinal);
        var stored = await app.WithDbAsync(db => db.Set<NotificationPreference>().CountAsync(p => p.PersonId == me.Id));
        Assert.Equal(0, stored);
    }

    [Fact]
    public async Task Settings_page_speaks_dutch_and_offers_every_delivery()
    {
        var (client, me) = await app.SignedInAsync();
        await app.SetLanguageAsync(me.Id, "nl");
        using var dutch = app.CreateGuildClient("nl");
        await dutch.SignInAsync(me.Email, GuildApp.Password);
        var page = await dutch.GetPageAsync("/account/settings");
        Assert.Contains("Meldingen per mail", page, StringComparison.Ordinal);
        Assert.Contains("Je krijgt een rol", page, StringComparison.Ordinal);
        foreach (var delivery in Enum.GetNames<NotificationDelivery>())
        {
            Assert.Contains($"<option value=\"{delivery}\"", page, StringComparison.Ordinal);
        }
        client.Dispose();
    }

    [Fact]
    public async Task Mail_job_keeps_one_message_id_across_retries_so_a_retry_does_not_deliver_twice()
    {
        var person = await app.CreatePersonAsync();
        await app.GrantRoleAsync(person.Id, Roles.Champion);
        await app.RunDueJobsAsync();
        var mail = Assert.Single(app.MailTo(person.Email));
        var sendJob = await app.WithDbAsync(db => db.Set<BackgroundJob>().AsNoTracking()
            .Where(j => j.Kind == "mail.send" && j.Payload.Contains(person.Email)).SingleAsync());
        Assert.Equal($"{sendJob.Id:N}@guild", mail.MessageId);
        Assert.Equal(JobStatus.Succeeded, sendJob.Status);

        // The node sent it but died before recording success: the retry delivers the same message, not a second one.
        await app.WithDbAsync(db => db.Set<BackgroundJob>().Where(j => j.Id == sendJob.Id).ExecuteUpdateAsync(set => set
            .SetProperty(j => j.Status, JobStatus.Queued)
            .SetProperty(j => j.FinishedAt, (DateTimeOffset?)null)));
        Assert.Equal(JobStatus.Succeeded, (await app.RunJobAsync(sendJob.Id)).Status);
        Assert.Equal($"{sendJob.Id:N}@guild", Assert.Single(app.MailTo(person.Email)).MessageId);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class NotificationMailTestsOnSqlite(SqliteApp app) : NotificationMailTests(app);

[Collection(PostgresCollection.Name)]
public sealed class NotificationMailTestsOnPostgres(PostgresApp app) : NotificationMailTests(app);
