using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Guild.Tests.Infrastructure;
using Guild.Web.Features.People;
using Guild.Web.Features.People.Import;
using Guild.Web.Platform.Jobs;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace Guild.Tests.Features.People;

/// <summary>What the People tests share: uploading an import through its page, and reading mail from the pickup folder.</summary>
internal static partial class PeopleTestKit
{
    /// <summary>A short tag that keeps one test's people, departments and files apart from every other test's in the shared database.</summary>
    public static string Tag() => Guid.NewGuid().ToString("N")[..8];

    /// <summary>Posts the import form as a browser does; answers the import's id (which is also its job's id).</summary>
    public static async Task<Guid> UploadAsync(GuildClient admin, string csv, bool invite = false, Encoding? encoding = null, bool byteOrderMark = false, string fileName = "people.csv")
    {
        encoding ??= new UTF8Encoding(false);
        var bytes = encoding.GetBytes(csv);
        if (byteOrderMark)
        {
            bytes = [.. encoding.GetPreamble(), .. bytes];
        }
        using var content = new MultipartFormDataContent
        {
            { new StringContent("import"), "_handler" },
        };
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        content.Add(file, "File", fileName);
        if (invite)
        {
            content.Add(new StringContent("true"), "InviteNewPeople");
        }
        using var response = await admin.PostMultipartAsync("/admin/people/import", "/admin/people/import", content);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Redirect,
            $"The upload did not redirect: {(int)response.StatusCode} {string.Join(" | ", ErrorPattern().Matches(body).Select(m => m.Value))}");
        var location = response.Headers.Location!;
        var path = location.IsAbsoluteUri ? location.AbsolutePath : location.OriginalString;
        Assert.StartsWith("/admin/people/import/", path, StringComparison.Ordinal);
        return Guid.Parse(path["/admin/people/import/".Length..]);
    }

    /// <summary>Uploads and runs the job to its end; answers the import as stored.</summary>
    public static async Task<PeopleImport> ImportAsync(GuildApp app, GuildClient admin, string csv, bool invite = false, Encoding? encoding = null, bool byteOrderMark = false)
    {
        var id = await UploadAsync(admin, csv, invite, encoding, byteOrderMark);
        var job = await app.RunJobAsync(id);
        Assert.True(job.Status == JobStatus.Succeeded, $"The import job ended {job.Status}: {job.LastError}");
        return await FindImportAsync(app, id);
    }

    public static Task<PeopleImport> FindImportAsync(GuildApp app, Guid id) =>
        app.WithDbAsync(db => db.Set<PeopleImport>().AsNoTracking().SingleAsync(i => i.Id == id));

    public static Task<List<PeopleImportProblem>> ProblemsAsync(GuildApp app, Guid id) =>
        app.WithDbAsync(db => db.Set<PeopleImportProblem>().AsNoTracking().Where(p => p.ImportId == id).OrderBy(p => p.Number).ToListAsync());

    public static Task<List<Person>> PeopleWithEmailsEndingAsync(GuildApp app, string suffix) =>
        app.WithDbAsync(db => db.Set<Person>().AsNoTracking().Include(p => p.Department).Include(p => p.Location).Include(p => p.Manager).Include(p => p.Account)
            .Where(p => p.Account.Email!.EndsWith(suffix)).ToListAsync());

    /// <summary>The mail sent to one address (after the mail jobs ran), newest last.</summary>
    public static async Task<List<MimeMessage>> MailToAsync(GuildApp app, string address)
    {
        await app.RunDueJobsAsync();
        if (!Directory.Exists(app.MailFolder))
        {
            return [];
        }
        var messages = new List<MimeMessage>();
        foreach (var path in Directory.GetFiles(app.MailFolder, "*.eml").Order(StringComparer.Ordinal))
        {
            var message = await MimeMessage.LoadAsync(path);
            if (message.To.Mailboxes.Any(m => string.Equals(m.Address, address, StringComparison.OrdinalIgnoreCase)))
            {
                messages.Add(message);
            }
        }
        return messages;
    }

    /// <summary>The path and query of the invitation link in a mail's plain-text part.</summary>
    public static string InvitationLink(MimeMessage message)
    {
        var match = LinkPattern().Match(message.TextBody ?? "");
        Assert.True(match.Success, "The mail has no invitation link: " + message.TextBody);
        return match.Value;
    }

    [GeneratedRegex("(field__error|flash--error)[^>]*>(<span>)?[^<]*")]
    private static partial Regex ErrorPattern();

    [GeneratedRegex(@"/account/accept-invitation\?person=[0-9a-f-]{36}&token=[A-Za-z0-9_-]+")]
    private static partial Regex LinkPattern();

    /// <summary>Posts a form of a Razor page: the handler name, then the fields.</summary>
    public static Task<HttpResponseMessage> PostPageFormAsync(GuildClient client, string page, string handler, params (string Name, string Value)[] fields) =>
        client.PostFormAsync(page, page, fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))
            .Prepend(new KeyValuePair<string, string>("_handler", handler)));
}
