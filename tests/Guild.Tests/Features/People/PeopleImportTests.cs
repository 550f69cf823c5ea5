using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Guild.Tests.Infrastructure;
using Guild.Web.Features.People;
using Guild.Web.Features.People.Import;
using Guild.Web.Platform.Audit;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.Jobs;
using Microsoft.EntityFrameworkCore;
using static Guild.Tests.Features.People.PeopleTestKit;

namespace Guild.Tests.Features.People;

public abstract class PeopleImportTests(GuildApp app)
{
    private const string Header = "email,given_name,family_name,job_title,department,location,manager_email,languages,employee_number,roles";

    private static string Csv(params string[] lines) => string.Join("\n", lines) + "\n";

    [Fact]
    public async Task Every_bad_row_is_reported_with_its_line_and_nothing_is_imported()
    {
        var t = Tag();
        var guest = await app.CreatePersonAsync("Gast", "Partner", [Roles.PartnerGuest]);
        var (admin, adminPerson) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        var csv = Csv(
            Header,
            $"ok.{t}@import.example,Olga,Okay,Editor,Dept {t},Loc {t},,nl en,A{t}1,",                     // 2: fine on its own
            $",Mia,Missing,,,,,,,",                                                                   // 3: no email
            $"not-an-email,Bert,Bad,,,,,,,",                                                          // 4: invalid email
            $"dup.{t}@import.example,Dirk,One,,,,,,,",                                                // 5: duplicate email …
            $"DUP.{t}@import.example,Dirk,Two,,,,,,,",                                                // 6: … regardless of case
            $"n1.{t}@import.example,Nina,One,,,,,,N{t},",                                             // 7: duplicate employee number …
            $"n2.{t}@import.example,Nina,Two,,,,,,N{t},",                                             // 8
            $"lost.{t}@import.example,Lex,Lost,,,,nobody.{t}@import.example,,,",                      // 9: unknown manager
            $"c1.{t}@import.example,Cor,One,,,,c2.{t}@import.example,,,",                             // 10: manager cycle …
            $"c2.{t}@import.example,Cor,Two,,,,c1.{t}@import.example,,,",                             // 11
            $"role.{t}@import.example,Rob,Role,,,,,,,Wizard",                                         // 12: unknown role
            $"long.{t}@import.example,{new string('L', 101)},Long,,,,,,,",                            // 13: given name too long
            $"lang.{t}@import.example,Lia,Lang,,,,,xx,,",                                             // 14: unknown language
            $"short.{t}@import.example,Sam",                                                          // 15: wrong field count
            $"self.{t}@import.example,Sef,Self,,,,self.{t}@import.example,,,",                       // 16: own manager
            $"{guest.Email},Gast,Partner,,,,,,,",                                                     // 17: a partner guest's address
            $"quote.{t}@import.example,Jan \"JJ\",Jansen,,,,,,,",                                     // 18: stray quote
            $"guestrole.{t}@import.example,Gus,Role,,,,,,,PartnerGuest");                             // 19: guests are not imported

        var import = await ImportAsync(app, admin, csv);

        Assert.Equal(PeopleImportStatus.Rejected, import.Status);
        Assert.Equal(18, import.RowCount);
        var problems = await ProblemsAsync(app, import.Id);
        (int Line, ImportProblemCode Code)[] expected =
        [
            (3, ImportProblemCode.Required), (4, ImportProblemCode.InvalidEmail),
            (5, ImportProblemCode.DuplicateEmail), (6, ImportProblemCode.DuplicateEmail),
            (7, ImportProblemCode.DuplicateEmployeeNumber), (8, ImportProblemCode.DuplicateEmployeeNumber),
            (9, ImportProblemCode.UnknownManager), (10, ImportProblemCode.ManagerCycle), (11, ImportProblemCode.ManagerCycle),
            (12, ImportProblemCode.UnknownRole), (13, ImportProblemCode.TooLong), (14, ImportProblemCode.InvalidLanguage),
            (15, ImportProblemCode.FieldCount), (16, ImportProblemCode.OwnManager), (17, ImportProblemCode.GuestAccount),
            (18, ImportProblemCode.BadQuotes), (19, ImportProblemCode.GuestRole),
        ];
        foreach (var (line, code) in expected)
        {
            Assert.True(problems.Any(p => p.Line == line && p.Code == code),
                $"Expected {code} on line {line}; got: {string.Join("; ", problems.Select(p => $"{p.Line} {p.Code}"))}");
        }
        Assert.DoesNotContain(problems, p => p.Line == 2);
        Assert.Equal(problems.Count, import.ProblemCount);

        // Nothing at all changed: no people, no department, no location.
        Assert.Empty(await PeopleWithEmailsEndingAsync(app, $"{t}@import.example"));
        Assert.False(await app.WithDbAsync(db => db.Set<OrgUnit>().AnyAsync(u => u.Name == $"Dept {t}" || u.Name == $"Loc {t}")));
        Assert.Null(import.FileKey);

        // The result page lists the problems by line, in the reader's language.
        var page = WebUtility.HtmlDecode(await admin.GetPageAsync($"/admin/people/import/{import.Id}"));
        Assert.Contains("Nothing was imported", page, StringComparison.Ordinal);
        Assert.Contains("is not a valid email address", page, StringComparison.Ordinal);
        Assert.Contains("The managers go round in a circle", page, StringComparison.Ordinal);
        using var dutch = app.CreateGuildClient("nl");
        await dutch.SignInAsync(adminPerson.Email, GuildApp.Password);
        var dutchPage = WebUtility.HtmlDecode(await dutch.GetPageAsync($"/admin/people/import/{import.Id}"));
        Assert.Contains("Er is niets geïmporteerd", dutchPage, StringComparison.Ordinal);
        Assert.Contains("is geen geldig e-mailadres", dutchPage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_without_a_required_column_is_refused_at_its_header()
    {
        var t = Tag();
        var (admin, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        var import = await ImportAsync(app, admin, Csv("email,first_name,manger_email", $"x.{t}@import.example,Xena,"));

        Assert.Equal(PeopleImportStatus.Rejected, import.Status);
        var problems = await ProblemsAsync(app, import.Id);
        Assert.Contains(problems, p => p is { Line: 1, Code: ImportProblemCode.MissingColumn, Column: "family_name" });
        Assert.Contains(problems, p => p is { Line: 1, Code: ImportProblemCode.UnknownColumn, Value: "manger_email" });
        Assert.Empty(await PeopleWithEmailsEndingAsync(app, $"{t}@import.example"));
    }

    [Fact]
    public async Task A_clean_semicolon_file_from_dutch_excel_creates_people_departments_locations_and_managers()
    {
        var t = Tag();
        var existing = await app.CreatePersonAsync("Bestaande", "Baas");
        var (admin, adminPerson) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        // Reports come before their managers in the file; the import writes managers first.
        var csv = "email;given_name;family_name;job_title;department;location;manager_email;languages;employee_number;roles\r\n" +
                  $"ayse.{t}@import.example;Ayşe;Öztürk;Verslaggever;Redactie {t};Gent {t};lead.{t}@import.example;nl tr;E{t}3;\r\n" +
                  $"lead.{t}@import.example;Lotte;de Vries;Teamleider;Redactie {t};Gent {t};head.{t}@import.example;nl,en;E{t}2;Moderator\r\n" +
                  $"head.{t}@import.example;Hendrik;van der Berg;Hoofdredacteur;Redactie {t};Utrecht {t};{existing.Email};;E{t}1;Champion LearningAdmin\r\n" +
                  ";;;;;;;;;\r\n";

        var import = await ImportAsync(app, admin, csv, encoding: Encoding.UTF8, byteOrderMark: true);

        Assert.Equal(PeopleImportStatus.Completed, import.Status);
        Assert.Equal((3, 3, 0, 0), (import.RowCount, import.Created, import.Updated, import.Unchanged));
        Assert.Equal((1, 2), (import.DepartmentsCreated, import.LocationsCreated));
        var people = (await PeopleWithEmailsEndingAsync(app, $"{t}@import.example")).ToDictionary(p => p.Account.Email!.Split('.')[0]);
        Assert.Equal("Ayşe Öztürk", people["ayse"].DisplayName);
        Assert.Equal(["nl", "tr"], people["ayse"].Languages);
        Assert.Equal(people["lead"].Id, people["ayse"].ManagerId);
        Assert.Equal(people["head"].Id, people["lead"].ManagerId);
        Assert.Equal(existing.Id, people["head"].ManagerId);
        Assert.Equal($"Redactie {t}", people["ayse"].Department!.Name);
        Assert.Equal($"Utrecht {t}", people["head"].Location!.Name);
        Assert.Equal($"E{t}1", people["head"].EmployeeNumber);
        Assert.Equal("vries lotte de", people["lead"].SortKey);

        // Accounts without a password, with Employee plus the roles the file gave.
        var head = await app.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Id == people["head"].Id));
        Assert.Null(head.PasswordHash);
        Assert.Equal($"HEAD.{t}@IMPORT.EXAMPLE".ToUpperInvariant(), head.NormalizedUserName);
        var roles = await app.AsPersonAsync(adminPerson.Id, services => services.GetRequiredService<PeopleDirectory>().GetAccountAsync(people["head"].Id, CancellationToken.None));
        Assert.Equal([Roles.Employee, Roles.Champion, Roles.LearningAdmin], roles.Value!.Roles);

        // One audit entry for the import, one per person whose roles go beyond Employee.
        var audit = await app.WithDbAsync(db => db.Set<AuditEntry>().AsNoTracking()
            .Where(e => e.ObjectId == import.Id.ToString() || e.ObjectName == "Hendrik van der Berg" || e.ObjectName == "Lotte de Vries" || e.ObjectName == "Ayşe Öztürk").ToListAsync());
        Assert.Single(audit, e => e.Action == "people.imported" && e.ActorId == adminPerson.Id);
        Assert.Single(audit, e => e.Action == "person.roles-changed" && e.ObjectName == "Hendrik van der Berg" && e.Details!.Contains("LearningAdmin", StringComparison.Ordinal));
        Assert.Single(audit, e => e.Action == "person.roles-changed" && e.ObjectName == "Lotte de Vries");
        Assert.DoesNotContain(audit, e => e.ObjectName == "Ayşe Öztürk");

        var page = await admin.GetPageAsync($"/admin/people/import/{import.Id}");
        Assert.Contains("The import is done: 3 new, 0 updated, 0 unchanged.", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reimporting_the_same_file_changes_nothing()
    {
        var t = Tag();
        var (admin, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        var csv = Csv(Header,
            $"a.{t}@import.example,Anna,Aalders,Editor,Same {t},Amsterdam,,nl,S{t}1,Champion",
            $"b.{t}@import.example,Bram,Bos,Reporter,Same {t},Amsterdam,a.{t}@import.example,en,S{t}2,");
        var first = await ImportAsync(app, admin, csv);
        Assert.Equal(2, first.Created);
        var before = await PeopleWithEmailsEndingAsync(app, $"{t}@import.example");
        var ids = before.Select(p => p.Id.ToString()).ToList();
        var auditBefore = await app.WithDbAsync(db => db.Set<AuditEntry>().CountAsync(e => ids.Contains(e.ObjectId!)));

        var second = await ImportAsync(app, admin, csv);

        Assert.Equal(PeopleImportStatus.Completed, second.Status);
        Assert.Equal((0, 0, 2, 0, 0, 0), (second.Created, second.Updated, second.Unchanged, second.DepartmentsCreated, second.LocationsCreated, second.RoleChanges));
        var after = await PeopleWithEmailsEndingAsync(app, $"{t}@import.example");
        Assert.Equal(
            before.OrderBy(p => p.Id).Select(p => (p.Id, p.DisplayName, p.JobTitle, p.DepartmentId, p.LocationId, p.ManagerId, string.Join(',', p.Languages))),
            after.OrderBy(p => p.Id).Select(p => (p.Id, p.DisplayName, p.JobTitle, p.DepartmentId, p.LocationId, p.ManagerId, string.Join(',', p.Languages))));
        Assert.Equal(auditBefore, await app.WithDbAsync(db => db.Set<AuditEntry>().CountAsync(e => ids.Contains(e.ObjectId!))));
    }

    [Fact]
    public async Task A_newer_export_updates_what_changed_adds_roles_and_keeps_what_is_left_empty()
    {
        var t = Tag();
        var (admin, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        await ImportAsync(app, admin, Csv(Header,
            $"u.{t}@import.example,Ute,Update,Editor,Old {t},Amsterdam,,nl,U{t}1,",
            $"v.{t}@import.example,Vera,Vast,Reporter,Old {t},Amsterdam,,en,U{t}2,"));
        // Matched by employee number although the address changed; job title and department change; the role is added.
        var second = await ImportAsync(app, admin, Csv("employee_number,email,given_name,family_name,job_title,department,roles",
            $"U{t}1,ute.new.{t}@import.example,Ute,Update,Chief Editor,New {t},Champion",
            $"U{t}2,v.{t}@import.example,Vera,Vast,,,"));

        Assert.Equal((0, 1, 1, 1), (second.Created, second.Updated, second.Unchanged, second.RoleChanges));
        var people = (await PeopleWithEmailsEndingAsync(app, $"{t}@import.example")).ToDictionary(p => p.EmployeeNumber!);
        Assert.Equal($"ute.new.{t}@import.example", people[$"U{t}1"].Account.Email);
        Assert.Equal("Chief Editor", people[$"U{t}1"].JobTitle);
        Assert.Equal($"New {t}", people[$"U{t}1"].Department!.Name);
        Assert.Equal(["nl"], people[$"U{t}1"].Languages);
        Assert.Equal("Reporter", people[$"U{t}2"].JobTitle);
        Assert.Equal($"Old {t}", people[$"U{t}2"].Department!.Name);
        var user = await app.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Id == people[$"U{t}1"].Id));
        Assert.Equal($"ute.new.{t}@import.example", user.UserName);
        var entry = await app.WithDbAsync(db => db.Set<AuditEntry>().AsNoTracking()
            .SingleAsync(e => e.Action == "person.roles-changed" && e.ObjectId == people[$"U{t}1"].Id.ToString()));
        using var details = JsonDocument.Parse(entry.Details!);
        Assert.Equal(["Employee"], details.RootElement.GetProperty("before").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(["Employee", "Champion"], details.RootElement.GetProperty("after").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task A_former_colleague_in_the_file_is_skipped_with_a_notice()
    {
        var t = Tag();
        var (admin, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        await ImportAsync(app, admin, Csv(Header, $"gone.{t}@import.example,Gonnie,Weg,Editor,,,,,,", $"here.{t}@import.example,Harm,Hier,Editor,,,,,,"));
        var gone = (await PeopleWithEmailsEndingAsync(app, $"{t}@import.example")).Single(p => p.GivenName == "Gonnie");
        await app.WithDbAsync(db => db.Users.Where(u => u.Id == gone.Id).ExecuteUpdateAsync(set => set.SetProperty(u => u.DeactivatedAt, app.Clock.GetUtcNow())));

        var import = await ImportAsync(app, admin, Csv(Header, $"gone.{t}@import.example,Gonnie,Weg,Director,,,,,,", $"here.{t}@import.example,Harm,Hier,Director,,,,,,"));

        Assert.Equal((1, 1, 1), (import.Skipped, import.Updated, import.NoticeCount));
        var notice = Assert.Single(await ProblemsAsync(app, import.Id));
        Assert.Equal((2, ImportProblemCode.FormerColleague, ImportProblemSeverity.Notice), (notice.Line, notice.Code, notice.Severity));
        Assert.Equal("Editor", (await PeopleWithEmailsEndingAsync(app, $"{t}@import.example")).Single(p => p.GivenName == "Gonnie").JobTitle);
        Assert.Contains("is a former colleague", await admin.GetPageAsync($"/admin/people/import/{import.Id}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_job_reports_its_progress_every_few_hundred_rows()
    {
        var t = Tag();
        var (admin, adminPerson) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        var csv = new StringBuilder(Header + "\n");
        for (var i = 0; i < 1_200; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"p{i}.{t}@import.example,Piet{i},Progress,,Bulk {t},,,,,\n");
        }
        var id = await UploadAsync(admin, csv.ToString());

        // The page that started it shows a real progress bar, bound to the job, before the job runs.
        var page = await admin.GetPageAsync($"/admin/people/import/{id}");
        Assert.Contains($"data-job-progress=\"/api/v1/jobs/{id}\"", page, StringComparison.Ordinal);
        Assert.Contains("<progress", page, StringComparison.Ordinal);
        Assert.Contains("http-equiv=\"refresh\"", page, StringComparison.Ordinal);

        var reports = new List<(int Done, int Total, string? Message)>();
        var texts = app.Services.GetRequiredService<JobTexts>();
        await RunHandlerAsync(adminPerson.Id, id, (done, total, message) => reports.Add((done, total, InEnglish(() => texts.MessageText(PeopleImportJob.JobKind, message, null)))),
            CancellationToken.None);

        Assert.True(reports.Count >= 6, $"Only {reports.Count} progress reports.");
        Assert.All(reports, r => Assert.InRange(r.Done, 0, r.Total));
        Assert.Equal(reports.Select(r => r.Done).Order(), reports.Select(r => r.Done));
        Assert.Contains(reports, r => r.Message == "Checking row 500 of about 1,200");
        Assert.Contains(reports, r => r.Message == "Imported 500 of 1,200 rows");
        Assert.Equal((2_400, 2_400), (reports[^1].Done, reports[^1].Total));
        Assert.Equal(1_200, (await FindImportAsync(app, id)).Created);

        // The job itself finds the import done and ends; the jobs API shows its progress to the admin.
        Assert.Equal(JobStatus.Succeeded, (await app.RunJobAsync(id)).Status);
        var job = await admin.GetJsonAsync<JsonElement>($"/api/v1/jobs/{id}");
        Assert.Equal("Succeeded", job.GetProperty("status").GetString());
    }

    [Fact]
    public async Task An_import_killed_half_way_finishes_on_retry_without_doubles()
    {
        var t = Tag();
        var (admin, adminPerson) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        var csv = new StringBuilder(Header + "\n");
        for (var i = 0; i < 1_200; i++)
        {
            // Everyone reports to the last row, so the manager is written first and the rest in batches after.
            var manager = i == 1_199 ? "" : $"p1199.{t}@import.example";
            csv.Append(CultureInfo.InvariantCulture, $"p{i}.{t}@import.example,Kim{i},Killed,,Crash {t},,{manager},,K{t}{i},\n");
        }
        var id = await UploadAsync(admin, csv.ToString());

        // The process "dies" right after the first batch is committed.
        using var kill = new CancellationTokenSource();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => RunHandlerAsync(adminPerson.Id, id, (done, total, _) =>
        {
            if (done > total / 2)
            {
                kill.Cancel();
            }
        }, kill.Token));
        var half = await FindImportAsync(app, id);
        Assert.Equal((PeopleImportStatus.Importing, PeopleImportJob.BatchSize), (half.Status, half.AppliedRows));
        Assert.Equal(PeopleImportJob.BatchSize, (await PeopleWithEmailsEndingAsync(app, $"{t}@import.example")).Count);

        // The queue retries the job; it continues after the committed batch.
        Assert.Equal(JobStatus.Succeeded, (await app.RunJobAsync(id)).Status);
        var done = await FindImportAsync(app, id);
        Assert.Equal((PeopleImportStatus.Completed, 1_200, 0, 0, 1), (done.Status, done.Created, done.Updated, done.Unchanged, done.DepartmentsCreated));
        var people = await PeopleWithEmailsEndingAsync(app, $"{t}@import.example");
        Assert.Equal(1_200, people.Count);
        var boss = people.Single(p => p.GivenName == "Kim1199");
        Assert.All(people.Where(p => p.Id != boss.Id), p => Assert.Equal(boss.Id, p.ManagerId));
    }

    [Fact]
    public async Task New_people_get_an_invitation_when_the_admin_asks_for_it()
    {
        var t = Tag();
        var (admin, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        var import = await ImportAsync(app, admin, Csv(Header, $"invitee.{t}@import.example,Iris,Invite,,,,,,,"), invite: true);

        Assert.Equal(1, import.Invited);
        var mail = Assert.Single(await MailToAsync(app, $"invitee.{t}@import.example"));
        Assert.Contains("/account/accept-invitation?person=", mail.TextBody, StringComparison.Ordinal);
        Assert.NotNull((await PeopleWithEmailsEndingAsync(app, $"{t}@import.example")).Single().InvitedAt);
    }

    [Fact]
    public async Task An_employee_opening_the_import_page_gets_the_403_page()
    {
        var (employee, _) = await app.SignedInAsync(Roles.Employee);
        using var response = await employee.GetAsync("/admin/people/import");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("You cannot open this page", page, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"en\"", page, StringComparison.Ordinal);
        using var api = await employee.GetAsync("/api/v1/people/imports");
        Assert.Equal(HttpStatusCode.Forbidden, api.StatusCode);
    }

    [Fact]
    public async Task Integrations_import_through_the_api_and_follow_the_job()
    {
        var t = Tag();
        var (admin, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        using var content = new MultipartFormDataContent
        {
            { new ByteArrayContent(Encoding.UTF8.GetBytes(Csv(Header, $"api.{t}@import.example,Ada,Api,,,,,,,"))), "file", "people.csv" },
        };
        using var response = await admin.Http.PostAsync("/api/v1/people/imports", content);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var started = (await response.Content.ReadFromJsonAsync<JsonElement>());
        var id = started.GetProperty("importId").GetGuid();
        Assert.Equal($"/api/v1/jobs/{id}", response.Headers.Location!.OriginalString);
        await app.RunJobAsync(id);
        var import = await admin.GetJsonAsync<JsonElement>($"/api/v1/people/imports/{id}");
        Assert.Equal("Completed", import.GetProperty("status").GetString());
        Assert.Equal(1, import.GetProperty("created").GetInt32());

        // A bad file through the API: the problems are listed with their lines and messages.
        using var bad = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes(Csv(Header, "nope,Nora,No,,,,,,,"))), "file", "bad.csv" } };
        using var badResponse = await admin.Http.PostAsync("/api/v1/people/imports", bad);
        var badId = (await badResponse.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("importId").GetGuid();
        await app.RunJobAsync(badId);
        var problems = await admin.GetJsonAsync<JsonElement>($"/api/v1/people/imports/{badId}/problems");
        var problem = problems.GetProperty("items")[0];
        Assert.Equal(2, problem.GetProperty("line").GetInt32());
        Assert.Equal("InvalidEmail", problem.GetProperty("code").GetString());
        Assert.Contains("not a valid email address", problem.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_api_answers_problem_details_for_an_upload_without_a_file()
    {
        var (admin, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        using var empty = new MultipartFormDataContent { { new StringContent("true"), "inviteNewPeople" } };
        using var response = await admin.Http.PostAsync("/api/v1/people/imports", empty);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("file", out _));
    }

    [Fact]
    public async Task The_template_has_every_column_and_imports_cleanly()
    {
        var (admin, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        using var response = await admin.GetAsync("/api/v1/people/imports/template.csv");
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes[3..]);
        Assert.StartsWith(Header, text, StringComparison.Ordinal);
        // The example rows are a valid file as they stand (the plan is made without touching the database).
        var problems = new List<ImportProblem>();
        var rows = new List<ImportRow>();
        await using (var stream = new MemoryStream(bytes))
        {
            var (reader, ok) = await PeopleCsvReader.OpenAsync(stream, problems, CancellationToken.None);
            await using (reader)
            {
                Assert.True(ok);
                await foreach (var record in reader.ReadAsync(CancellationToken.None))
                {
                    rows.Add(ImportRowValidator.Validate(record, problems));
                }
            }
        }
        Assert.NotNull(ImportPlanner.Plan(rows, ImportSnapshot.Empty, problems));
        Assert.Empty(problems);
    }

    private static string? InEnglish(Func<string?> render)
    {
        var (culture, uiCulture) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en-GB");
        try
        {
            return render();
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (culture, uiCulture);
        }
    }

    /// <summary>Runs the import handler as the job runner would, with a progress callback of the test's own.</summary>
    private Task<bool> RunHandlerAsync(Guid adminId, Guid jobId, Action<int, int, JobMessage?> onProgress, CancellationToken cancellationToken) =>
        app.AsPersonAsync(adminId, async services =>
        {
            var job = await services.GetRequiredService<Guild.Web.Platform.Data.GuildDb>().Set<BackgroundJob>().AsNoTracking().SingleAsync(j => j.Id == jobId);
            var handler = services.GetServices<IJobHandler>().OfType<PeopleImportJob>().Single();
            var context = new JobContext(job, (done, total, message) =>
            {
                onProgress(done, total, message);
                return Task.CompletedTask;
            }, _ => { });
            await handler.RunAsync(context, cancellationToken);
            return true;
        });
}

[Collection(SqliteCollection.Name)]
public sealed class PeopleImportTestsOnSqlite(SqliteApp app) : PeopleImportTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PeopleImportTestsOnPostgres(PostgresApp app) : PeopleImportTests(app);
