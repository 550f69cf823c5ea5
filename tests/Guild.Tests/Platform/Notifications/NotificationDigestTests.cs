using Guild.Tests.Infrastructure;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.Jobs;
using Guild.Web.Platform.Notifications;
using Microsoft.EntityFrameworkCore;

namespace Guild.Tests.Platform.Notifications;

public abstract class NotificationDigestTests(GuildApp app)
{
    private static readonly TimeZoneInfo Amsterdam = TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");

    private async Task<BackgroundJob> ScheduleTwiceAsync(string name)
    {
        // Never exactly on a run's minute (an earlier test may have stopped the clock there).
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var scheduler = app.Services.GetRequiredService<RecurringJobScheduler>();
        // Two nodes' schedulers at the same moment: one run.
        var both = await Task.WhenAll(scheduler.EnsureScheduledAsync(CancellationToken.None), scheduler.EnsureScheduledAsync(CancellationToken.None));
        var first = Assert.Single(both[0], job => job.DedupeKey!.StartsWith(name + ":", StringComparison.Ordinal));
        var second = Assert.Single(both[1], job => job.DedupeKey!.StartsWith(name + ":", StringComparison.Ordinal));
        Assert.Equal(first.Id, second.Id);
        Assert.Equal(1, await app.WithDbAsync(db => db.Set<BackgroundJob>().CountAsync(j => j.DedupeKey == first.DedupeKey)));
        return first;
    }

    [Fact]
    public async Task Daily_digest_at_seven_on_a_working_day_mails_each_person_once_in_their_language()
    {
        var english = await app.CreatePersonAsync("Daisy", "Daily");
        var dutch = await app.CreatePersonAsync("Dirk", "Dagelijks");
        var off = await app.CreatePersonAsync("Otto", "Off");
        var immediate = await app.CreatePersonAsync("Ivo", "Immediate");
        await app.SetLanguageAsync(dutch.Id, "nl");
        await app.ChooseAsync(english.Id, AccountNotifications.RoleGranted, NotificationDelivery.DailyDigest);
        await app.ChooseAsync(dutch.Id, AccountNotifications.RoleGranted, NotificationDelivery.DailyDigest);
        await app.ChooseAsync(off.Id, AccountNotifications.RoleGranted, NotificationDelivery.Off);
        await app.ChooseAsync(off.Id, TestNotificationText.Thanked, NotificationDelivery.Off);

        await app.GrantRoleAsync(english.Id, Roles.Champion);
        await app.GrantRoleAsync(dutch.Id, Roles.Champion);
        await app.GrantRoleAsync(off.Id, Roles.Champion);
        await app.GrantRoleAsync(immediate.Id, Roles.Champion);
        // test.thanked is a daily-digest kind by default: Daisy has two entries for the digest, Otto chose no mail.
        var subject = $"digest:{Guid.NewGuid():N}";
        await app.NotifyAsync(NotificationTestKit.Thanked(subject, "Lighting a small studio", "Anna"), english.Id, off.Id);
        await app.NotifyAsync(NotificationTestKit.Thanked(subject, "Lighting a small studio", "Ben"), english.Id, off.Id);

        var digest = await ScheduleTwiceAsync("digest:daily");
        var local = TimeZoneInfo.ConvertTime(digest.RunAfter, Amsterdam);
        Assert.Equal((7, 0), (local.Hour, local.Minute));
        Assert.InRange(local.DayOfWeek, DayOfWeek.Monday, DayOfWeek.Friday);
        Assert.Equal($"digest:daily:{local:yyyy-MM-dd}", digest.DedupeKey);
        Assert.True(digest.RunAfter > app.Clock.GetUtcNow());

        // Before 07:00 only the immediate mail goes out.
        await app.RunDueJobsAsync();
        Assert.Single(app.MailTo(immediate.Email));
        Assert.Empty(app.MailTo(english.Email));
        Assert.Equal(JobStatus.Queued, (await app.JobAsync(digest.Id)).Status);

        app.Clock.SetUtcNow(digest.RunAfter);
        Assert.Equal(JobStatus.Succeeded, (await app.RunJobAsync(digest.Id)).Status);
        await app.RunDueJobsAsync();

        var englishMail = Assert.Single(app.MailTo(english.Email));
        Assert.Equal("Guild: 2 new notifications", englishMail.Subject);
        Assert.Contains("Your daily summary", englishMail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("Eva Visser made you a Knowledge Champion", englishMail.TextBody, StringComparison.Ordinal);
        Assert.Contains("Ben and Anna thanked you for “Lighting a small studio”", englishMail.TextBody, StringComparison.Ordinal);
        Assert.Contains($"http://localhost:5218/test/{subject}", englishMail.HtmlBody, StringComparison.Ordinal);

        var dutchMail = Assert.Single(app.MailTo(dutch.Email));
        Assert.Equal("Guild: 1 nieuwe melding", dutchMail.Subject);
        Assert.Contains("<html lang=\"nl\"", dutchMail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("Je dagelijkse overzicht", dutchMail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("Je bent door Eva Visser Knowledge Champion gemaakt", dutchMail.TextBody, StringComparison.Ordinal);

        Assert.Empty(app.MailTo(off.Email));
        Assert.Single(app.MailTo(immediate.Email));
        Assert.All(await app.NotificationsOfAsync(english.Id), n => Assert.NotNull(n.EmailedAt));
        Assert.All(await app.NotificationsOfAsync(off.Id), n => Assert.Null(n.EmailedAt));

        // Scheduling again now queues the next working day, never this run again; that run finds nothing new for Daisy.
        var next = await ScheduleTwiceAsync("digest:daily");
        Assert.NotEqual(digest.Id, next.Id);
        Assert.True(next.RunAfter > digest.RunAfter);
        app.Clock.SetUtcNow(next.RunAfter);
        Assert.Equal(JobStatus.Succeeded, (await app.RunJobAsync(next.Id)).Status);
        await app.RunDueJobsAsync();
        Assert.Single(app.MailTo(english.Email));
        Assert.Single(app.MailTo(dutch.Email));
    }

    [Fact]
    public async Task Weekly_digest_runs_on_monday_at_seven_for_people_who_chose_it()
    {
        var weekly = await app.CreatePersonAsync("Wim", "Weekly");
        var daily = await app.CreatePersonAsync("Dana", "Daily");
        await app.ChooseAsync(weekly.Id, AccountNotifications.RoleGranted, NotificationDelivery.WeeklyDigest);
        await app.ChooseAsync(weekly.Id, TestNotificationText.Thanked, NotificationDelivery.WeeklyDigest);
        await app.ChooseAsync(daily.Id, AccountNotifications.RoleGranted, NotificationDelivery.DailyDigest);
        await app.GrantRoleAsync(weekly.Id, Roles.Moderator);
        await app.GrantRoleAsync(daily.Id, Roles.Moderator);
        await app.NotifyAsync(NotificationTestKit.Thanked($"weekly:{Guid.NewGuid():N}", "Interview lighting", "Anna"), weekly.Id);

        var digest = await ScheduleTwiceAsync("digest:weekly");
        var local = TimeZoneInfo.ConvertTime(digest.RunAfter, Amsterdam);
        Assert.Equal((DayOfWeek.Monday, 7, 0), (local.DayOfWeek, local.Hour, local.Minute));

        app.Clock.SetUtcNow(digest.RunAfter);
        var done = await app.RunJobAsync(digest.Id);
        Assert.Equal(JobStatus.Succeeded, done.Status);
        Assert.Equal(done.ProgressTotal, done.ProgressDone);
        await app.RunDueJobsAsync();

        var mail = Assert.Single(app.MailTo(weekly.Email));
        Assert.Equal("Guild: your week, 2 notifications", mail.Subject);
        Assert.Contains("Your weekly summary", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("Eva Visser made you a Moderator", mail.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain(app.MailTo(daily.Email), m => m.Subject!.Contains("your week", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Digest_works_through_people_in_batches_with_one_mail_each_and_reports_progress()
    {
        var people = new List<TestPerson>();
        for (var i = 0; i < 11; i++)
        {
            people.Add(await app.CreatePersonAsync("Batch", $"Person {i:00}"));
        }
        var subject = $"batch:{Guid.NewGuid():N}";
        await app.NotifyAsync(NotificationTestKit.Thanked(subject, "Batch tips", "Anna"), [.. people.Select(p => p.Id)]);
        await app.NotifyAsync(NotificationTestKit.Thanked(subject, "Batch tips", "Ben"), [.. people.Select(p => p.Id)]);

        // Batches of 4 people: 11 people (and whoever else is pending) take several commits.
        var digest = await app.WithDbAsync(async db =>
        {
            var job = new JobQueue(db, app.Clock, app.Services.GetRequiredService<JobSignal>()).Enqueue(NotificationDigestJob.JobKind,
                new NotificationDigestJob.Payload(NotificationDelivery.DailyDigest, BatchSize: 4));
            await db.SaveChangesAsync();
            return job;
        });
        var done = await app.RunJobAsync(digest.Id);
        Assert.Equal(JobStatus.Succeeded, done.Status);
        Assert.True(done.ProgressTotal >= people.Count);
        Assert.Equal(done.ProgressTotal, done.ProgressDone);
        await app.RunDueJobsAsync();
        foreach (var person in people)
        {
            var mail = Assert.Single(app.MailTo(person.Email));
            Assert.Contains("Ben and Anna thanked you for “Batch tips”", mail.TextBody!, StringComparison.Ordinal);
        }
    }
}

[Collection(SqliteCollection.Name)]
public sealed class NotificationDigestTestsOnSqlite(SqliteApp app) : NotificationDigestTests(app);

[Collection(PostgresCollection.Name)]
public sealed class NotificationDigestTestsOnPostgres(PostgresApp app) : NotificationDigestTests(app);
