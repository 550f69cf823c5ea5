using System.Net;
using System.Text.Json;
using Guild.Tests.Infrastructure;
using Guild.Web.Features.People.Import;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.Jobs;
using Microsoft.EntityFrameworkCore;
using static Guild.Tests.Features.People.PeopleTestKit;

namespace Guild.Tests.Features.People;

/// <summary>
/// An import, its job's page, the job's progress and the jobs API tell the same story, link to each
/// other, and speak the reader's language — whoever started the job, in whatever language.
/// </summary>
public abstract class ImportJobStatusTests(GuildApp app)
{
    private const string Header = "email,given_name,family_name,job_title,department,location,manager_email,languages,employee_number,roles";

    private static string Csv(params string[] lines) => string.Join("\n", lines) + "\n";

    [Fact]
    public async Task A_rejected_imports_job_shows_its_final_state_and_outcome_in_the_readers_language_and_links_to_the_import()
    {
        var t = Tag();
        var (admin, adminPerson) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        // Two bad rows with three problems between them (line 3 twice), one good row.
        var id = await UploadAsync(admin, Csv(Header,
            $"fine.{t}@import.example,Fien,Fine,,,,,,,",
            $"not-an-email,Bert,Bad,,,,,,,Wizard",
            $"twice.{t}@import.example,Tw,Ice,,,,,xx,,"));
        var job = await app.RunJobAsync(id);
        Assert.Equal(JobStatus.Succeeded, job.Status);
        Assert.Equal(PeopleImportStatus.Rejected, (await FindImportAsync(app, id)).Status);

        using var dutch = app.CreateGuildClient("nl");
        await dutch.SignInAsync(adminPerson.Email, GuildApp.Password);

        // The API: done, complete, and rejected — with the words in the request's language and the key for integrations.
        var view = await dutch.GetJsonAsync<JsonElement>($"/api/v1/jobs/{id}");
        Assert.Equal("Succeeded", view.GetProperty("status").GetString());
        Assert.Equal("Klaar", view.GetProperty("statusText").GetString());
        Assert.Equal(100, view.GetProperty("percent").GetInt32());
        Assert.Equal(view.GetProperty("progressTotal").GetInt32(), view.GetProperty("progressDone").GetInt32());
        Assert.Equal("Negative", view.GetProperty("outcome").GetString());
        Assert.Equal("Import afgewezen", view.GetProperty("outcomeText").GetString());
        Assert.Equal("Afgewezen: 3 problemen in 2 rijen", view.GetProperty("progressMessage").GetString());
        Assert.Equal("JobRejected", view.GetProperty("message").GetProperty("key").GetString());
        var arguments = view.GetProperty("message").GetProperty("arguments").EnumerateArray().Select(a => a.GetInt32()).ToList();
        Assert.Equal((2, 3, 2), (arguments.Count, arguments[0], arguments[1]));
        Assert.Equal("Medewerkers importeren", view.GetProperty("kindText").GetString());
        Assert.Equal("PeopleImport", view.GetProperty("subject").GetProperty("type").GetString());
        Assert.Equal($"/admin/people/import/{id}", view.GetProperty("subject").GetProperty("link").GetString());

        // The job's page says the same, links to the import, and shows no step it has left behind.
        var page = WebUtility.HtmlDecode(await dutch.GetPageAsync($"/admin/jobs/{id}"));
        Assert.Contains("Taak: Medewerkers importeren", page, StringComparison.Ordinal);
        Assert.Contains(">Klaar<", page, StringComparison.Ordinal);
        Assert.Contains(">Import afgewezen<", page, StringComparison.Ordinal);
        Assert.Contains("100%", page, StringComparison.Ordinal);
        Assert.Contains("Afgewezen: 3 problemen in 2 rijen", page, StringComparison.Ordinal);
        Assert.Contains($"href=\"/admin/people/import/{id}\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("vergeleken", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Comparing", page, StringComparison.Ordinal);
        Assert.DoesNotContain("people.import", page, StringComparison.Ordinal);
        Assert.DoesNotContain("data-job-progress=\"/api", page, StringComparison.Ordinal);

        // The same job in English for an English reader.
        var english = WebUtility.HtmlDecode(await admin.GetPageAsync($"/admin/jobs/{id}"));
        Assert.Contains(">Import rejected<", english, StringComparison.Ordinal);
        Assert.Contains("Rejected: 3 problems in 2 rows", english, StringComparison.Ordinal);

        // The jobs overview names the kind and the outcome in words, and links to the import.
        var overview = WebUtility.HtmlDecode(await dutch.GetPageAsync("/admin/jobs"));
        Assert.Contains(">Medewerkers importeren</a>", overview, StringComparison.Ordinal);
        Assert.Contains(">Import afgewezen<", overview, StringComparison.Ordinal);
        Assert.Contains($"href=\"/admin/people/import/{id}\"", overview, StringComparison.Ordinal);

        // The import's page and API agree, and lead back to the job.
        var importPage = WebUtility.HtmlDecode(await dutch.GetPageAsync($"/admin/people/import/{id}"));
        Assert.Contains($"href=\"/admin/jobs/{id}\"", importPage, StringComparison.Ordinal);
        Assert.Contains("Er is niets geïmporteerd", importPage, StringComparison.Ordinal);
        var import = await dutch.GetJsonAsync<JsonElement>($"/api/v1/people/imports/{id}");
        Assert.Equal("Rejected", import.GetProperty("status").GetString());
        Assert.Equal("Negative", import.GetProperty("job").GetProperty("outcome").GetString());
        Assert.Equal("Afgewezen: 3 problemen in 2 rijen", import.GetProperty("job").GetProperty("progressMessage").GetString());
    }

    [Fact]
    public async Task A_completed_imports_job_says_what_it_imported_in_each_readers_language()
    {
        var t = Tag();
        var (admin, adminPerson) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        using var dutch = app.CreateGuildClient("nl");
        await dutch.SignInAsync(adminPerson.Email, GuildApp.Password);
        // Started by the Dutch reader; read afterwards in English too.
        var id = await UploadAsync(dutch, Csv(Header, $"a.{t}@import.example,Anna,A,,,,,,,", $"b.{t}@import.example,Bas,B,,,,,,,"));
        Assert.Equal(JobStatus.Succeeded, (await app.RunJobAsync(id)).Status);

        var view = await admin.GetJsonAsync<JsonElement>($"/api/v1/jobs/{id}");
        Assert.Equal("Positive", view.GetProperty("outcome").GetString());
        Assert.Equal("People imported", view.GetProperty("outcomeText").GetString());
        Assert.Equal("Imported 2 rows: 2 new, 0 updated, 0 unchanged", view.GetProperty("progressMessage").GetString());
        Assert.Equal(100, view.GetProperty("percent").GetInt32());
        var dutchView = await dutch.GetJsonAsync<JsonElement>($"/api/v1/jobs/{id}");
        Assert.Equal("2 rijen geïmporteerd: 2 nieuw, 0 bijgewerkt, 0 ongewijzigd", dutchView.GetProperty("progressMessage").GetString());
    }

    [Fact]
    public async Task A_job_that_ends_drops_its_last_progress_message_and_shows_complete()
    {
        var key = "ends-" + Guid.NewGuid().ToString("N");
        var job = await app.QueueTestJobAsync(new TestJobPayload(key));
        // A step it reported earlier, as rows written before messages had keys kept it.
        await app.WithDbAsync(db => db.Set<BackgroundJob>().Where(j => j.Id == job.Id)
            .ExecuteUpdateAsync(set => set.SetProperty(j => j.ProgressDone, 1).SetProperty(j => j.ProgressTotal, 4)
                .SetProperty(j => j.ProgressMessage, "Reading rows")));
        var done = await app.RunJobAsync(job.Id);

        Assert.Equal(JobStatus.Succeeded, done.Status);
        Assert.Equal((1, 1), (done.ProgressDone, done.ProgressTotal));
        Assert.Null(done.ProgressMessage);
        Assert.Null(done.ProgressMessageKey);
        Assert.Null(done.Outcome);
        var (admin, _) = await app.SignedInAsync(Roles.LearningAdmin);
        var page = await admin.GetPageAsync($"/admin/jobs/{job.Id}");
        Assert.Contains("100%", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Reading rows", page, StringComparison.Ordinal);
        Assert.DoesNotContain($"Test work {key} done", page, StringComparison.Ordinal);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ImportJobStatusTestsOnSqlite(SqliteApp app) : ImportJobStatusTests(app);

[Collection(PostgresCollection.Name)]
public sealed class ImportJobStatusTestsOnPostgres(PostgresApp app) : ImportJobStatusTests(app);
