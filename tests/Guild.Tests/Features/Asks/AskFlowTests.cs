using System.Net;
using System.Net.Http.Json;
using Guild.Tests.Features.Expertise;
using Guild.Tests.Features.Library.Search;
using Guild.Tests.Infrastructure;
using Guild.Web.Features.Asks;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Guild.Tests.Features.Asks;

/// <summary>Ask → suggestions → post → claim → answer → "solved", and what bad input gets.</summary>
public abstract class AskFlowTests(GuildApp app)
{
    [Fact]
    public async Task Suggestions_show_matching_resources_and_answered_asks_before_posting_and_a_solving_one_is_never_posted()
    {
        app.MoveToMonday(9);
        var capability = await app.CreateCapabilityAsync("Video", "Editing");
        var editing = capability.Components[0].Id;
        var (champion, championPerson) = await app.SignedInAsync(Roles.Employee, Roles.Champion);
        await app.MakeChampionAsync(championPerson.Id, editing);
        var tag = SearchTestKit.Tag();
        var article = await champion.ArticleAsync(editing, $"Exporting {tag} vertical video", $"How to export {tag} vertical video without black bars.");
        await app.EmbedAsync();
        var (asker, askerPerson) = await app.SignedInAsync(Roles.Employee);
        var earlier = await asker.AskAsync(new { title = $"Which {tag} codec keeps colours right?", componentId = editing });
        await app.AsPersonAsync(championPerson.Id, services => services.GetRequiredService<AskAnswers>()
            .PostAsync(earlier.Id, championPerson.Id, new AnswerDraft("Use **H.264** with full range."), AnswerChannel.Web, CancellationToken.None));
        var (colleague, colleaguePerson) = await app.SignedInAsync(Roles.Employee);
        var asksBefore = await app.WithDbAsync(db => db.Set<Ask>().CountAsync(a => a.AuthorId == colleaguePerson.Id));

        var found = await AsksTestKit.ReadAsync<AskSuggestions>(
            await colleague.GetAsync($"/api/v1/asks/suggestions?q={Uri.EscapeDataString($"export {tag} vertical video")}"), HttpStatusCode.OK);
        Assert.Contains(found.Resources, r => r.Id == article.Id);
        var answered = await AsksTestKit.ReadAsync<AskSuggestions>(
            await colleague.GetAsync($"/api/v1/asks/suggestions?q={Uri.EscapeDataString($"{tag} codec colours")}"), HttpStatusCode.OK);
        Assert.Contains(answered.Asks, a => a.Id == earlier.Id);

        // The page's own "check the library first" shows the same without script.
        var form = await colleague.GetPageAsync("/asks/new");
        Assert.Contains("data-ask-suggestions", form, StringComparison.Ordinal);
        using var checkedPage = await colleague.PostFormAsync("/asks/new", "/asks/new",
        [
            new("_handler", "ask"), new("Input.Title", $"export {tag} vertical video"), new("Input.Intent", "suggest"),
        ]);
        Assert.Contains($"/library/{article.Id}", await checkedPage.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var solved = await colleague.Http.PostAsJsonAsync("/api/v1/asks/solved-by-library", new { question = $"export {tag} vertical video", resourceId = article.Id });
        Assert.Equal(HttpStatusCode.NoContent, solved.StatusCode);
        Assert.Equal(asksBefore, await app.WithDbAsync(db => db.Set<Ask>().CountAsync(a => a.AuthorId == colleaguePerson.Id)));
        Assert.True(await app.WithDbAsync(db => db.Set<AskSolvedByLibrary>().AnyAsync(s => s.PersonId == colleaguePerson.Id && s.ResourceId == article.Id)));
        _ = askerPerson;
    }

    [Fact]
    public async Task A_champion_claims_and_answers_and_the_asker_confirms_solved_with_times_in_the_askers_working_time()
    {
        var monday = app.MoveToMonday(9);
        var capability = await app.CreateCapabilityAsync("Audio", "Podcasts");
        var podcasts = capability.Components[0].Id;
        var (champion, championPerson) = await app.SignedInAsync(Roles.Employee, Roles.Champion);
        await app.MakeChampionAsync(championPerson.Id, podcasts);
        var (asker, askerPerson) = await app.SignedInAsync(Roles.Employee);
        var (follower, followerPerson) = await app.SignedInAsync(Roles.Employee);
        var ask = await asker.AskAsync(new { title = "What loudness for podcasts?", body = "Spotify and Apple differ.", componentId = podcasts, blocking = true });
        await AsksTestKit.ReadAsync<AskView>(await follower.Http.PutAsJsonAsync($"/api/v1/asks/{ask.Id}/support", new { meToo = true }), HttpStatusCode.OK);
        // What the restock board reads: the open ask, its "me too", everyone waiting.
        var demand = app.Services.GetRequiredService<AskDemand>();
        var waiting = Assert.Single(await demand.OpenForComponentAsync(podcasts, CancellationToken.None));
        Assert.Equal((ask.Id, 1), (waiting.AskId, waiting.MeTooCount));
        Assert.Equal(new[] { askerPerson.Id, followerPerson.Id }.Order(), waiting.Waiting.Order());
        Assert.Contains(new ComponentAskDemand(podcasts, 1, 1), await demand.PerComponentAsync(CancellationToken.None));

        app.Clock.Advance(TimeSpan.FromMinutes(30));
        var claimed = await AsksTestKit.ReadAsync<AskView>(await champion.Http.PostAsync($"/api/v1/asks/{ask.Id}/claim", null), HttpStatusCode.OK);
        Assert.Equal(AskStatus.Claimed, claimed.Status);
        Assert.Equal(30, claimed.FirstResponseMinutes);
        app.Clock.Advance(TimeSpan.FromMinutes(15));
        var answered = await AsksTestKit.ReadAsync<AskView>(
            await champion.Http.PostAsJsonAsync($"/api/v1/asks/{ask.Id}/answers", new { markdown = "Aim for **-16 LUFS**. <script>alert(1)</script>" }), HttpStatusCode.OK);
        Assert.Equal(AskStatus.Answered, answered.Status);
        var html = Assert.Single(answered.Answers).Html;
        Assert.Contains("<strong>-16 LUFS</strong>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.Ordinal);
        // The asker and the follower hear of it.
        foreach (var listener in new[] { askerPerson.Id, followerPerson.Id })
        {
            Assert.True(await app.WithDbAsync(db => db.Set<Notification>().AnyAsync(n => n.RecipientId == listener && n.Kind == Asking.AnsweredKind && n.SubjectKey == $"ask:{ask.Id}")));
        }
        // Someone else may not confirm; the asker may.
        using var stranger = await follower.Http.PostAsJsonAsync($"/api/v1/asks/{ask.Id}/confirmation", new { solved = true });
        Assert.Equal(HttpStatusCode.Forbidden, stranger.StatusCode);
        app.Clock.Advance(TimeSpan.FromMinutes(15));
        var solved = await AsksTestKit.ReadAsync<AskView>(await asker.Http.PostAsJsonAsync($"/api/v1/asks/{ask.Id}/confirmation", new { solved = true }), HttpStatusCode.OK);
        Assert.Equal(AskStatus.Solved, solved.Status);
        Assert.Equal(60, solved.SolutionMinutes);
        Assert.True(solved.SolvedSameDay);
        // The page shows the answer; the champion may turn it into a draft article that links back.
        var page = await asker.GetPageAsync($"/asks/{ask.Id}");
        Assert.Contains("-16 LUFS", page, StringComparison.Ordinal);
        var draft = await AsksTestKit.ReadAsync<Guid>(await champion.Http.PostAsync($"/api/v1/asks/{ask.Id}/answers/{answered.Answers[0].Id}/resource", null), HttpStatusCode.OK);
        var markdown = await app.WithDbAsync(db => db.Set<Guild.Web.Features.Library.Resources.Resource>().Where(r => r.Id == draft).Select(r => r.Markdown).FirstAsync());
        Assert.Contains($"/asks/{ask.Id}", markdown, StringComparison.Ordinal);
        Assert.True(monday < app.Clock.GetUtcNow());

        // The figures count it for its component and the asker's department (none here): solved the same day.
        var (admin, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        var figures = await AsksTestKit.ReadAsync<AskFigures>(await admin.GetAsync("/api/v1/asks/figures?days=7"), HttpStatusCode.OK);
        var row = Assert.Single(figures.PerComponent, r => r.Key == podcasts);
        Assert.Equal((1, 1, 1), (row.Asked, row.Solved, row.SolvedSameDay));
        Assert.Equal(1.0, row.SameDayRate);
        Assert.Equal(30.0, row.MedianFirstResponseMinutes);
        Assert.Equal(60.0, row.MedianSolutionMinutes);
        using var notForEmployees = await asker.GetAsync("/api/v1/asks/figures");
        Assert.Equal(HttpStatusCode.Forbidden, notForEmployees.StatusCode);
        Assert.Contains("Ask figures", await admin.GetPageAsync("/asks/figures"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_resource_made_for_an_ask_becomes_the_champions_answer_when_it_is_published()
    {
        app.MoveToMonday(9);
        var capability = await app.CreateCapabilityAsync("Screen", "Spreadsheets");
        var spreadsheets = capability.Components[0].Id;
        var (champion, championPerson) = await app.SignedInAsync(Roles.Employee, Roles.Champion);
        await app.MakeChampionAsync(championPerson.Id, spreadsheets);
        var (asker, askerPerson) = await app.SignedInAsync(Roles.Employee);
        var ask = await asker.AskAsync(new { title = "How do I freeze the top row?", componentId = spreadsheets });

        // The ask page's "record an answer" leads to the recorder, which hands the ask to the editor; the editor proposes
        // the question as the title and its component.
        Assert.Contains($"/library/record?ask={ask.Id}", await champion.GetPageAsync($"/asks/{ask.Id}"), StringComparison.Ordinal);
        Assert.Contains($"ask={ask.Id}", await champion.GetPageAsync($"/library/record?ask={ask.Id}"), StringComparison.Ordinal);
        var form = await champion.GetPageAsync($"/library/new?kind=Article&ask={ask.Id}");
        Assert.Contains("value=\"How do I freeze the top row?\"", form, StringComparison.Ordinal);
        Assert.Contains($"name=\"Input.AskId\" value=\"{ask.Id}\"", form, StringComparison.Ordinal);
        using var created = await champion.PostFormAsync($"/library/new?kind=Article&ask={ask.Id}", $"/library/new?kind=Article&ask={ask.Id}",
        [
            new("_handler", "resource"), new("Input.Title", "Freezing the top row"), new("Input.Summary", "View, Freeze, Top row."),
            new("Input.Language", "en"), new("Input.Markdown", "Choose **View → Freeze → Top row**."), new("Input.Components", spreadsheets.ToString()),
            new("Input.AskId", ask.Id.ToString()),
        ]);
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var resourceId = Guid.Parse(created.Headers.Location!.OriginalString.Split('/')[^1]);

        // A draft answers nothing yet: the asker has no answer, the champion sees what is on its way.
        Assert.Equal(AskStatus.Open, (await AsksTestKit.ReadAsync<AskView>(await asker.GetAsync($"/api/v1/asks/{ask.Id}"), HttpStatusCode.OK)).Status);
        Assert.Contains($"/library/{resourceId}", await champion.GetPageAsync($"/asks/{ask.Id}"), StringComparison.Ordinal);
        Assert.DoesNotContain($"/library/{resourceId}", await asker.GetPageAsync($"/asks/{ask.Id}"), StringComparison.Ordinal);

        using (var published = await champion.Http.PostAsync($"/api/v1/resources/{resourceId}/publication", null))
        {
            Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        }
        var answered = await AsksTestKit.ReadAsync<AskView>(await asker.GetAsync($"/api/v1/asks/{ask.Id}"), HttpStatusCode.OK);
        Assert.Equal(AskStatus.Answered, answered.Status);
        var answer = Assert.Single(answered.Answers);
        Assert.Equal((championPerson.Id, resourceId, AnswerChannel.Library), (answer.ChampionId, answer.ResourceId, answer.Via));
        Assert.Contains(await app.WithDbAsync(db => db.Set<Notification>().Where(n => n.RecipientId == askerPerson.Id).Select(n => n.Kind).ToListAsync()),
            kind => kind == Asking.AnsweredKind);
        Assert.False(await app.WithDbAsync(db => db.Set<AskRecording>().AnyAsync(r => r.AskId == ask.Id)));
    }

    [Fact]
    public async Task Only_someone_who_may_answer_can_tie_a_resource_to_an_ask()
    {
        app.MoveToMonday(9);
        var capability = await app.CreateCapabilityAsync("Screen", "Slides");
        var slides = capability.Components[0].Id;
        var (champion, championPerson) = await app.SignedInAsync(Roles.Employee, Roles.Champion);
        await app.MakeChampionAsync(championPerson.Id, slides);
        var (asker, _) = await app.SignedInAsync(Roles.Employee);
        var ask = await asker.AskAsync(new { title = "How do I reuse a slide master?", componentId = slides });
        // Another champion, of another component, is not among those who may answer it.
        var other = await app.CreateCapabilityAsync("Sound", "Mixing");
        var (outsider, outsiderPerson) = await app.SignedInAsync(Roles.Employee, Roles.Champion);
        await app.MakeChampionAsync(outsiderPerson.Id, other.Components[0].Id);

        var form = await outsider.GetPageAsync($"/library/new?kind=Article&ask={ask.Id}");
        Assert.DoesNotContain("Input.AskId", form, StringComparison.Ordinal);
        using var created = await outsider.PostFormAsync($"/library/new?kind=Article&ask={ask.Id}", $"/library/new?kind=Article&ask={ask.Id}",
        [
            new("_handler", "resource"), new("Input.Title", "Slide masters"), new("Input.Summary", "Reuse them."),
            new("Input.Language", "en"), new("Input.Markdown", "Save as a template."), new("Input.Components", other.Components[0].Id.ToString()),
            new("Input.AskId", ask.Id.ToString()),
        ]);
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var resourceId = Guid.Parse(created.Headers.Location!.OriginalString.Split('/')[^1]);
        using (var published = await outsider.Http.PostAsync($"/api/v1/resources/{resourceId}/publication", null))
        {
            Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        }
        Assert.False(await app.WithDbAsync(db => db.Set<AskRecording>().AnyAsync(r => r.AskId == ask.Id)));
        Assert.Empty((await AsksTestKit.ReadAsync<AskView>(await asker.GetAsync($"/api/v1/asks/{ask.Id}"), HttpStatusCode.OK)).Answers);
        _ = (champion, championPerson);
    }

    [Fact]
    public async Task The_asker_attaches_a_screenshot_through_the_API_and_a_renamed_text_file_or_a_colleague_changes_nothing()
    {
        app.MoveToMonday(9);
        var capability = await app.CreateCapabilityAsync("Screen", "Forms");
        var forms = capability.Components[0].Id;
        var (asker, _) = await app.SignedInAsync(Roles.Employee);
        var (colleague, _) = await app.SignedInAsync(Roles.Employee);
        var ask = await asker.AskAsync(new { title = "Why does the form reject my date?", componentId = forms });

        static ByteArrayContent Form(byte[] bytes, string name)
        {
            var content = new ByteArrayContent(bytes);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(name.EndsWith(".png", StringComparison.Ordinal) ? "image/png" : "application/octet-stream");
            content.Headers.ContentDisposition = new System.Net.Http.Headers.ContentDispositionHeaderValue("attachment") { FileName = $"\"{name}\"" };
            return content;
        }

        using (var renamed = Form("just text, not a picture"u8.ToArray(), "screen.png"))
        {
            var problem = await AsksTestKit.ReadAsync<System.Text.Json.JsonElement>(await asker.Http.PutAsync($"/api/v1/asks/{ask.Id}/attachment", renamed), HttpStatusCode.BadRequest);
            Assert.True(problem.GetProperty("errors").TryGetProperty("attachment", out _));
        }
        using (var notTheirs = Form(Guild.Tests.Platform.Security.Recipe.Png, "screen.png"))
        {
            using var refused = await colleague.Http.PutAsync($"/api/v1/asks/{ask.Id}/attachment", notTheirs);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }
        Assert.Null(await app.WithDbAsync(db => db.Set<Ask>().Where(a => a.Id == ask.Id).Select(a => a.AttachmentKey).SingleAsync()));

        using (var screenshot = Form(Guild.Tests.Platform.Security.Recipe.Png, "date field.png"))
        {
            var attached = await AsksTestKit.ReadAsync<AskView>(await asker.Http.PutAsync($"/api/v1/asks/{ask.Id}/attachment", screenshot), HttpStatusCode.OK);
            Assert.Equal("date field.png", attached.AttachmentName);
        }
        using var download = await colleague.GetAsync($"/asks/{ask.Id}/attachment");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("image/png", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal(Guild.Tests.Platform.Security.Recipe.Png, await download.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task An_unanswered_ask_is_open_demand_on_the_coverage_view_until_it_is_answered()
    {
        app.MoveToMonday(9);
        var capability = await app.CreateCapabilityAsync("Data", "Pivot tables", "Charts");
        var (pivots, charts) = (capability.Components[0].Id, capability.Components[1].Id);
        var (champion, championPerson) = await app.SignedInAsync(Roles.Employee, Roles.Champion);
        await app.MakeChampionAsync(championPerson.Id, pivots);
        var (asker, _) = await app.SignedInAsync(Roles.Employee);
        var (admin, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        var ask = await asker.AskAsync(new { title = "Why does my pivot table not refresh?", componentId = pivots });

        async Task<System.Text.Json.JsonElement> ComponentAsync(Guid id) =>
            (await AsksTestKit.ReadAsync<System.Text.Json.JsonElement>(await admin.GetAsync($"/api/v1/capabilities/{capability.Id}/coverage"), HttpStatusCode.OK))
            .GetProperty("components").EnumerateArray().Single(c => c.GetProperty("id").GetGuid() == id);
        var waiting = await ComponentAsync(pivots);
        Assert.Equal(1, waiting.GetProperty("openDemand").GetInt32());
        Assert.Contains("UnansweredDemand", waiting.GetProperty("gaps").EnumerateArray().Select(g => g.GetString()));
        Assert.Equal(0, (await ComponentAsync(charts)).GetProperty("openDemand").GetInt32());
        Assert.Contains("demand", System.Net.WebUtility.HtmlDecode(await admin.GetPageAsync($"/admin/coverage/{capability.Id}")), StringComparison.OrdinalIgnoreCase);

        await AsksTestKit.ReadAsync<AskView>(await champion.Http.PostAsJsonAsync($"/api/v1/asks/{ask.Id}/answers", new { markdown = "Refresh all, or tick 'refresh on open'." }), HttpStatusCode.OK);
        var answered = await ComponentAsync(pivots);
        Assert.Equal(0, answered.GetProperty("openDemand").GetInt32());
        Assert.DoesNotContain("UnansweredDemand", answered.GetProperty("gaps").EnumerateArray().Select(g => g.GetString()));
    }

    [Fact]
    public async Task An_unconfirmed_answer_is_nudged_once_then_closed_with_a_note()
    {
        app.MoveToMonday(9);
        var capability = await app.CreateCapabilityAsync("Office", "Printers");
        var printers = capability.Components[0].Id;
        var (champion, championPerson) = await app.SignedInAsync(Roles.Employee, Roles.Champion);
        await app.MakeChampionAsync(championPerson.Id, printers);
        var (asker, askerPerson) = await app.SignedInAsync(Roles.Employee);
        var ask = await asker.AskAsync(new { title = "Why does the printer jam?", componentId = printers });
        await AsksTestKit.ReadAsync<AskView>(await champion.Http.PostAsJsonAsync($"/api/v1/asks/{ask.Id}/answers", new { markdown = "Fan the paper first." }), HttpStatusCode.OK);
        Task<bool> NudgedAsync() => app.WithDbAsync(db => db.Set<Notification>().AnyAsync(n => n.RecipientId == askerPerson.Id && n.Kind == Asking.NudgeKind && n.SubjectKey == $"ask:{ask.Id}"));

        app.Clock.Advance(TimeSpan.FromDays(1));
        await app.RunDueJobsAsync();
        Assert.False(await NudgedAsync());
        app.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        await app.RunDueJobsAsync();
        Assert.True(await NudgedAsync());
        Assert.Equal(AskStatus.Answered, (await asker.GetAskAsync(ask.Id)).Status);

        app.Clock.Advance(TimeSpan.FromDays(5) + TimeSpan.FromMinutes(1));
        await app.RunDueJobsAsync();
        var closed = await asker.GetAskAsync(ask.Id);
        Assert.Equal(AskStatus.Closed, closed.Status);
        Assert.Contains("Closed without confirmation", await asker.GetPageAsync($"/asks/{ask.Id}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_people_the_rule_allows_may_answer_whichever_way_the_answer_comes()
    {
        app.MoveToMonday(9);
        var capability = await app.CreateCapabilityAsync("Design", "Fonts");
        var fonts = capability.Components[0].Id;
        var champion = await app.CreatePersonAsync("Cora", "Champion", [Roles.Employee, Roles.Champion]);
        await app.MakeChampionAsync(champion.Id, fonts);
        var (asker, askerPerson) = await app.SignedInAsync(Roles.Employee);
        var (stranger, strangerPerson) = await app.SignedInAsync(Roles.Employee);
        var ask = await asker.AskAsync(new { title = "Which font for subtitles?", componentId = fonts });

        using var refused = await stranger.Http.PostAsJsonAsync($"/api/v1/asks/{ask.Id}/answers", new { markdown = "Comic Sans." });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        using var own = await asker.Http.PostAsJsonAsync($"/api/v1/asks/{ask.Id}/answers", new { markdown = "I know myself." });
        Assert.Equal(HttpStatusCode.Forbidden, own.StatusCode);
        // As a mail reply would: nobody signed in, the champion named — their own rights decide.
        var byStranger = await app.Services.CreateAsyncScope().ServiceProvider.GetRequiredService<AskAnswers>()
            .PostAsync(ask.Id, strangerPerson.Id, new AnswerDraft("Mail from a stranger."), AnswerChannel.Mail, CancellationToken.None);
        Assert.Equal(Guild.Web.Platform.ResultStatus.Forbidden, byStranger.Status);
        await using var scope = app.Services.CreateAsyncScope();
        var byMail = await scope.ServiceProvider.GetRequiredService<AskAnswers>()
            .PostAsync(ask.Id, champion.Id, new AnswerDraft("Use a sans-serif at 2x the body size."), AnswerChannel.Mail, CancellationToken.None);
        Assert.True(byMail.IsOk, byMail.Message);
        var answer = Assert.Single((await asker.GetAskAsync(ask.Id)).Answers);
        Assert.Equal(AnswerChannel.Mail, answer.Via);
        Assert.Equal(champion.Id, answer.ChampionId);
        _ = askerPerson;
    }

    [Fact]
    public async Task Bad_input_gets_a_clear_message_and_changes_nothing()
    {
        app.MoveToMonday(9);
        var capability = await app.CreateCapabilityAsync("Old", "Retired", "Current");
        var (retired, current) = (capability.Components[0].Id, capability.Components[1].Id);
        await app.WithDbAsync(db => db.Set<Guild.Web.Features.Expertise.Map.KnowHowComponent>().Where(c => c.Id == retired)
            .ExecuteUpdateAsync(set => set.SetProperty(c => c.ArchivedAt, app.Clock.GetUtcNow())));
        var (asker, askerPerson) = await app.SignedInAsync(Roles.Employee);
        Task<int> CountAsync() => app.WithDbAsync(db => db.Set<Ask>().CountAsync(a => a.AuthorId == askerPerson.Id));

        using var empty = await asker.Http.PostAsJsonAsync("/api/v1/asks", new { title = "  " });
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Contains("Write your question.", await empty.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var archived = await asker.Http.PostAsJsonAsync("/api/v1/asks", new { title = "Still valid?", componentId = retired });
        Assert.Equal(HttpStatusCode.BadRequest, archived.StatusCode);
        Assert.Contains("archived", await archived.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // A huge attachment on the page: refused with its limit, nothing stored.
        using var content = new MultipartFormDataContent
        {
            { new StringContent("ask"), "_handler" },
            { new StringContent("Why is my export so big?"), "Input.Title" },
            { new StringContent("post"), "Input.Intent" },
        };
        var huge = new byte[11 * 1024 * 1024];
        "%PDF-1.7\n"u8.CopyTo(huge);
        content.Add(new ByteArrayContent(huge), "attachment", "export.pdf");
        using var tooBig = await asker.PostMultipartAsync("/asks/new", "/asks/new", content);
        Assert.Contains("at most 10 MB", await tooBig.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // A renamed text file is refused too.
        using var renamed = new MultipartFormDataContent
        {
            { new StringContent("ask"), "_handler" },
            { new StringContent("Is this a screenshot?"), "Input.Title" },
            { new StringContent("post"), "Input.Intent" },
            { new ByteArrayContent("just text, not a picture"u8.ToArray()), "attachment", "screen.png" },
        };
        using var notAnImage = await asker.PostMultipartAsync("/asks/new", "/asks/new", renamed);
        Assert.Contains("Attach a screenshot", System.Net.WebUtility.HtmlDecode(await notAnImage.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync());

        // A burst: the eleventh within the hour is refused; an hour later it goes again.
        for (var i = 0; i < 10; i++)
        {
            await asker.AskAsync(new { title = $"Question {i}", componentId = current });
        }
        using var burst = await asker.Http.PostAsJsonAsync("/api/v1/asks", new { title = "One more", componentId = current });
        Assert.Equal(HttpStatusCode.Conflict, burst.StatusCode);
        Assert.Contains("Wait a little", await burst.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(10, await CountAsync());
        app.Clock.Advance(TimeSpan.FromMinutes(61));
        await asker.AskAsync(new { title = "One more", componentId = current });
    }
}

[Collection(SqliteCollection.Name)]
public sealed class AskFlowTestsOnSqlite(SqliteApp app) : AskFlowTests(app);

[Collection(PostgresCollection.Name)]
public sealed class AskFlowTestsOnPostgres(PostgresApp app) : AskFlowTests(app);
