using System.Net;
using Guild.Tests.Features.Expertise;
using Guild.Tests.Infrastructure;
using Guild.Web.Features.Events;
using Guild.Web.Features.Events.Series;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.LearningRecords;
using Microsoft.EntityFrameworkCore;

namespace Guild.Tests.Features.Events.Series;

/// <summary>
/// A past talk's recording goes to the library in one step: its speaker opens the editor from the talk page (<c>?lecture=</c>), the
/// resource is remembered as the talk's recording in the making, and once published the talk links it and the resource links the talk,
/// with "shared" recorded for its maker. Only the speaker or an organiser may, and only once the talk is over.
/// </summary>
public abstract class TalkRecordingTests(GuildApp app)
{
    [Fact]
    public async Task A_recording_made_from_a_past_talk_links_the_talk_and_the_talk_links_it_once_published()
    {
        var capability = await app.CreateCapabilityAsync("Talk recordings", "Pivot tables");
        var pivots = capability.Components[0].Id;
        var (organiser, _) = await app.SignedInAsync(Roles.Employee, Roles.Champion);
        var series = await organiser.CreateSeriesAsync(SeriesTestKit.Body("Recorded lecture", "FREQ=WEEKLY;BYDAY=MO", app.NextWeekday(DayOfWeek.Monday)));
        var (speaker, speakerPerson) = await app.SignedInAsync(Roles.Employee, Roles.Champion);
        await app.MakeChampionAsync(speakerPerson.Id, pivots);
        var talk = series.Upcoming[0].EventId;
        await EventsTestKit.ReadAsync<SeriesView>(await speaker.TalkAsync(talk, "sign-up", new { topic = "Pivot tables in ten minutes" }), HttpStatusCode.OK);
        var editor = $"/library/new?kind=Article&lecture={talk}";

        // Before the talk is over there is nothing to record: no link, and the editor ignores the talk.
        Assert.DoesNotContain("id=\"talk-recording\"", await speaker.GetPageAsync($"/events/{talk}"), StringComparison.Ordinal);
        Assert.DoesNotContain("Input.LectureId", await speaker.GetPageAsync(editor), StringComparison.Ordinal);

        await MoveIntoThePastAsync(talk);
        var (colleague, colleaguePerson) = await app.SignedInAsync(Roles.Employee, Roles.Champion);
        await app.MakeChampionAsync(colleaguePerson.Id, pivots);
        Assert.DoesNotContain("id=\"talk-recording\"", await colleague.GetPageAsync($"/events/{talk}"), StringComparison.Ordinal);
        Assert.DoesNotContain("Input.LectureId", await colleague.GetPageAsync(editor), StringComparison.Ordinal);
        var talkPage = await speaker.GetPageAsync($"/events/{talk}");
        Assert.Contains("id=\"talk-recording\"", talkPage, StringComparison.Ordinal);
        Assert.Contains($"lecture={talk}", talkPage, StringComparison.Ordinal);
        var form = await speaker.GetPageAsync(editor);
        Assert.Contains($"name=\"Input.LectureId\" value=\"{talk}\"", form, StringComparison.Ordinal);
        Assert.Contains("Pivot tables in ten minutes — Recorded lecture", WebUtility.HtmlDecode(form), StringComparison.Ordinal);

        using var created = await speaker.PostFormAsync(editor, editor,
        [
            new("_handler", "resource"), new("Input.Title", "Pivot tables in ten minutes"), new("Input.Summary", "The talk, recorded."),
            new("Input.Language", "en"), new("Input.Markdown", "Drag **Region** to rows."), new("Input.Components", pivots.ToString()),
            new("Input.LectureId", talk.ToString()),
        ]);
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var resourceId = Guid.Parse(created.Headers.Location!.OriginalString.Split('/')[^1]);
        // A draft is not the talk's recording yet.
        Assert.Null(await RecordingOfAsync(talk));

        using (var published = await speaker.Http.PostAsync($"/api/v1/resources/{resourceId}/publication", null))
        {
            Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        }

        Assert.Equal(resourceId, await RecordingOfAsync(talk));
        Assert.False(await app.WithDbAsync(db => db.Set<TalkRecording>().AnyAsync(r => r.EventId == talk)));
        var (reader, _) = await app.SignedInAsync();
        var readersTalk = await reader.GetPageAsync($"/events/{talk}");
        Assert.Contains($"/library/{resourceId}", readersTalk, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"talk-recording\"", await speaker.GetPageAsync($"/events/{talk}"), StringComparison.Ordinal);
        var resourcePage = await reader.GetPageAsync($"/library/{resourceId}");
        Assert.Contains("id=\"recording-of\"", resourcePage, StringComparison.Ordinal);
        Assert.Contains($"href=\"/events/{talk}\"", resourcePage, StringComparison.Ordinal);
        Assert.Equal(1, await app.WithDbAsync(db => db.Set<LearningActOutboxEntry>().CountAsync(e => e.Statement.Contains(LearningVerbs.Shared.Iri)
            && e.Statement.Contains(speakerPerson.Id.ToString()) && e.Statement.Contains($"events/{talk:D}"))));
    }

    [Fact]
    public async Task Only_the_speaker_or_an_organiser_may_tie_a_resource_to_a_talk()
    {
        var capability = await app.CreateCapabilityAsync("Guarded talks", "Macros");
        var macros = capability.Components[0].Id;
        var (organiser, organiserPerson) = await app.SignedInAsync(Roles.Employee, Roles.Champion);
        await app.MakeChampionAsync(organiserPerson.Id, macros);
        var series = await organiser.CreateSeriesAsync(SeriesTestKit.Body("Guarded lecture", "FREQ=WEEKLY;BYDAY=TU", app.NextWeekday(DayOfWeek.Tuesday)));
        var talk = series.Upcoming[0].EventId;
        await MoveIntoThePastAsync(talk);
        var (outsider, outsiderPerson) = await app.SignedInAsync(Roles.Employee, Roles.Champion);
        await app.MakeChampionAsync(outsiderPerson.Id, macros);
        var editor = $"/library/new?kind=Article&lecture={talk}";

        // Someone else's forged field: the resource is made, but it is no talk's recording.
        using var forged = await outsider.PostFormAsync(editor, editor,
        [
            new("_handler", "resource"), new("Input.Title", "Macros"), new("Input.Summary", "Not the talk."),
            new("Input.Language", "en"), new("Input.Markdown", "Record one."), new("Input.Components", macros.ToString()),
            new("Input.LectureId", talk.ToString()),
        ]);
        Assert.Equal(HttpStatusCode.Redirect, forged.StatusCode);
        Assert.False(await app.WithDbAsync(db => db.Set<TalkRecording>().AnyAsync(r => r.EventId == talk)));

        // The organiser (no speaker confirmed) may.
        Assert.Contains("id=\"talk-recording\"", await organiser.GetPageAsync($"/events/{talk}"), StringComparison.Ordinal);
        Assert.Contains($"name=\"Input.LectureId\" value=\"{talk}\"", await organiser.GetPageAsync(editor), StringComparison.Ordinal);
    }

    private Task<int> MoveIntoThePastAsync(Guid eventId)
    {
        var now = app.Clock.GetUtcNow();
        return app.WithDbAsync(db => db.Set<GuildEvent>().Where(e => e.Id == eventId)
            .ExecuteUpdateAsync(u => u.SetProperty(e => e.StartsAt, now.AddHours(-2)).SetProperty(e => e.EndsAt, now.AddHours(-1))));
    }

    private Task<Guid?> RecordingOfAsync(Guid eventId) =>
        app.WithDbAsync(db => db.Set<SeriesTalk>().Where(t => t.EventId == eventId).Select(t => t.RecordingResourceId).FirstAsync());
}

[Collection(SqliteCollection.Name)]
public sealed class TalkRecordingTestsOnSqlite(SqliteApp app) : TalkRecordingTests(app);

[Collection(PostgresCollection.Name)]
public sealed class TalkRecordingTestsOnPostgres(PostgresApp app) : TalkRecordingTests(app);
