using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Guild.Tests.Infrastructure;
using Guild.Web.Features.People;
using Guild.Web.Platform.Audit;
using Guild.Web.Platform.Identity;
using Microsoft.EntityFrameworkCore;
using static Guild.Tests.Features.People.PeopleTestKit;

namespace Guild.Tests.Features.People;

public abstract class ProfileEditingTests(GuildApp app)
{
    private static readonly string[] BadFields = ["email", "familyName", "givenName", "managerEmail"];

    /// <summary>The smallest valid PNG: one transparent pixel.</summary>
    private static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=");

    private static async Task<HttpResponseMessage> UploadPhotoAsync(GuildClient client, Guid personId, byte[] bytes, string fileName, string contentType)
    {
        using var content = new MultipartFormDataContent { { new StringContent("photo"), "_handler" } };
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        content.Add(file, "Photo", fileName);
        return await client.PostMultipartAsync($"/people/{personId}/edit", $"/people/{personId}/edit", content);
    }

    [Fact]
    public async Task A_person_sets_the_languages_they_speak()
    {
        var (client, person) = await app.SignedInAsync(Roles.Employee);
        using var response = await PostPageFormAsync(client, $"/people/{person.Id}/edit", "languages", ("languages", "nl"), ("languages", "de"));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(["nl", "de"], (await app.WithDbAsync(db => db.Set<Person>().AsNoTracking().SingleAsync(p => p.Id == person.Id))).Languages);
        Assert.Contains("Deutsch", await client.GetPageAsync($"/people/{person.Id}"), StringComparison.Ordinal);

        using var bad = await PostPageFormAsync(client, $"/people/{person.Id}/edit", "languages", ("languages", "klingon"));
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        Assert.Contains("is not a language Guild knows", WebUtility.HtmlDecode(await bad.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(["nl", "de"], (await app.WithDbAsync(db => db.Set<Person>().AsNoTracking().SingleAsync(p => p.Id == person.Id))).Languages);
    }

    [Fact]
    public async Task A_photo_upload_refuses_a_file_that_is_not_an_image_whatever_its_name()
    {
        var (client, person) = await app.SignedInAsync(Roles.Employee);
        using var response = await UploadPhotoAsync(client, person.Id, "<script>alert(1)</script>"u8.ToArray(), "me.jpg", "image/jpeg");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("This file is not a JPEG or PNG image.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null((await app.WithDbAsync(db => db.Set<Person>().AsNoTracking().SingleAsync(p => p.Id == person.Id))).PhotoKey);
    }

    [Fact]
    public async Task A_photo_too_large_is_refused()
    {
        var (client, person) = await app.SignedInAsync(Roles.Employee);
        var large = new byte[ProfileEditor.MaxPhotoBytes + 1];
        Png.CopyTo(large, 0);
        using var response = await UploadPhotoAsync(client, person.Id, large, "big.png", "image/png");
        Assert.Contains("The photo is larger than 5 MB.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null((await app.WithDbAsync(db => db.Set<Person>().AsNoTracking().SingleAsync(p => p.Id == person.Id))).PhotoKey);
    }

    [Fact]
    public async Task A_png_photo_is_stored_served_and_removed()
    {
        var (client, person) = await app.SignedInAsync(Roles.Employee);
        using var response = await UploadPhotoAsync(client, person.Id, Png, "me.png", "image/png");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        using var photo = await client.GetAsync($"/people/{person.Id}/photo");
        Assert.Equal(HttpStatusCode.OK, photo.StatusCode);
        Assert.Equal("image/png", photo.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Png, await photo.Content.ReadAsByteArrayAsync());
        using var revalidate = new HttpRequestMessage(HttpMethod.Get, $"/people/{person.Id}/photo");
        revalidate.Headers.IfNoneMatch.Add(photo.Headers.ETag!);
        using var notModified = await client.Http.SendAsync(revalidate);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);

        using var removed = await PostPageFormAsync(client, $"/people/{person.Id}/edit", "remove-photo");
        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/people/{person.Id}/photo")).StatusCode);
    }

    [Fact]
    public async Task Nobody_edits_someone_elses_profile_except_a_learning_admin_and_only_the_hr_fields()
    {
        var other = await app.CreatePersonAsync();
        var (employee, _) = await app.SignedInAsync(Roles.Employee);
        using var forbidden = await employee.GetAsync($"/people/{other.Id}/edit");
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Contains("You cannot open this page", await forbidden.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var (admin, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        var page = await admin.GetPageAsync($"/people/{other.Id}/edit");
        Assert.Contains("value=\"details\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("value=\"photo\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_learning_admin_edits_the_hr_fields_and_bad_input_changes_nothing()
    {
        var t = Tag();
        var boss = await app.CreatePersonAsync("Baas", "Boven" + t);
        var person = await app.CreatePersonAsync("Hanna", "Hr" + t);
        var report = await app.CreatePersonAsync("Onder", "Geschikt" + t);
        var (admin, adminPerson) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        await app.WithDbAsync(db => db.Set<Person>().Where(p => p.Id == report.Id).ExecuteUpdateAsync(set => set.SetProperty(p => p.ManagerId, person.Id)));
        (string, string)[] Details(string email, string manager) =>
        [
            ("Details.GivenName", "Hanna"), ("Details.FamilyName", "van Dijk"), ("Details.Email", email), ("Details.JobTitle", "Redacteur"),
            ("Details.EmployeeNumber", "H" + t), ("Details.Department", "Nieuwe Afdeling " + t), ("Details.Location", "Gent"), ("Details.ManagerEmail", manager),
        ];

        // Bad input: an invalid address and a manager who reports to this person. Nothing changes.
        using var bad = await PostPageFormAsync(admin, $"/people/{person.Id}/edit", "details", Details("not an address", report.Email));
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        var badPage = WebUtility.HtmlDecode(await bad.Content.ReadAsStringAsync());
        Assert.Contains("Enter an email address such as", badPage, StringComparison.Ordinal);
        Assert.Contains("the management line would go round in a circle", badPage, StringComparison.Ordinal);
        Assert.Contains("aria-invalid=\"true\"", badPage, StringComparison.Ordinal);
        var unchanged = await app.WithDbAsync(db => db.Set<Person>().AsNoTracking().Include(p => p.Account).SingleAsync(p => p.Id == person.Id));
        Assert.Equal(("Hr" + t, person.Email, null), (unchanged.FamilyName, unchanged.Account.Email, unchanged.ManagerId));
        Assert.False(await app.WithDbAsync(db => db.Set<OrgUnit>().AnyAsync(u => u.Name == "Nieuwe Afdeling " + t)));

        var newEmail = $"hanna.{t}@test.example";
        using var good = await PostPageFormAsync(admin, $"/people/{person.Id}/edit", "details", Details(newEmail, boss.Email.ToUpperInvariant()));
        Assert.Equal(HttpStatusCode.Redirect, good.StatusCode);
        var changed = await app.WithDbAsync(db => db.Set<Person>().AsNoTracking().Include(p => p.Department).Include(p => p.Account).SingleAsync(p => p.Id == person.Id));
        Assert.Equal(("van Dijk", newEmail, boss.Id, "Nieuwe Afdeling " + t, "dijk hanna van"), (changed.FamilyName, changed.Account.Email, changed.ManagerId, changed.Department!.Name, changed.SortKey));
        var entry = await app.WithDbAsync(db => db.Set<AuditEntry>().AsNoTracking().SingleAsync(e => e.Action == "person.details-changed" && e.ObjectId == person.Id.ToString()));
        Assert.Equal(adminPerson.Id, entry.ActorId);
        // The new address is the sign-in name now.
        using var client = app.CreateGuildClient();
        await client.SignInAsync(newEmail, GuildApp.Password);
    }

    [Fact]
    public async Task The_details_api_answers_problem_details_for_bad_input()
    {
        var person = await app.CreatePersonAsync();
        var taken = await app.CreatePersonAsync();
        var (admin, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        using var response = await admin.Http.PutAsJsonAsync($"/api/v1/people/{person.Id}", new
        {
            givenName = "", familyName = new string('x', 101), email = taken.Email, managerEmail = "nobody@nowhere.example",
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(BadFields, errors.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ProfileEditingTestsOnSqlite(SqliteApp app) : ProfileEditingTests(app);

[Collection(PostgresCollection.Name)]
public sealed class ProfileEditingTestsOnPostgres(PostgresApp app) : ProfileEditingTests(app);
