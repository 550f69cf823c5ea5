using System.Globalization;
using System.Net;
using Guild.Tests.Infrastructure;
using Guild.Web.Features.Events.Festivals;
using Guild.Web.Platform.Identity;
using Microsoft.EntityFrameworkCore;

namespace Guild.Tests.Features.Events.Festivals;

/// <summary>
/// The organiser's page that creates a festival (<c>/festivals/new</c>) goes through the same service and checks as the API: rooms and
/// partners one a line, bad input answered on the page with nothing made, and only L&amp;D admins see it.
/// </summary>
public abstract class FestivalFormPageTests(GuildApp app)
{
    [Fact]
    public async Task An_admin_creates_a_festival_with_rooms_and_partners_on_the_page()
    {
        var (admin, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        var first = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime).AddDays(20);
        Assert.Contains("href=\"/festivals/new\"", await admin.GetPageAsync("/festivals"), StringComparison.Ordinal);

        using var created = await admin.PostFormAsync("/festivals/new", "/festivals/new",
        [
            new("_handler", "festival-form"), new("Input.Name", "Page-made festival"), new("Input.Description", "Workshops by colleagues."),
            new("Input.FirstDay", first.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), new("Input.LastDay", first.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            new("Input.TimeZone", "Europe/Amsterdam"), new("Input.QuotaReturnDays", "4"),
            new("Input.Rooms", "Main stage; 80\nStudio; 20"), new("Input.Partners", "Brightside; 5\nNorthwind; 3; https://example.com/logo.png"),
            new("Input.Published", "true"),
        ]);

        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var id = Guid.Parse(created.Headers.Location!.OriginalString.Split('/')[^1]);
        var festival = await app.WithDbAsync(db => db.Set<Festival>().AsNoTracking().Include(f => f.Rooms).Include(f => f.Partners).FirstAsync(f => f.Id == id));
        Assert.Equal(("Page-made festival", FestivalStatus.Published, 4), (festival.Name, festival.Status, festival.QuotaReturnDays));
        Assert.Equal(new[] { ("Main stage", 80), ("Studio", 20) }, festival.Rooms.OrderBy(r => r.Position).Select(r => (r.Name, r.Capacity)));
        Assert.Equal(new (string, int, string?)[] { ("Brightside", 5, null), ("Northwind", 3, "https://example.com/logo.png") },
            festival.Partners.OrderBy(p => p.Name).Select(p => (p.Name, p.QuotaPerWorkshop, p.LogoUrl)));
    }

    [Fact]
    public async Task Bad_input_is_answered_on_the_page_and_nothing_is_made()
    {
        var (admin, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        var first = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime).AddDays(20);

        using var refused = await admin.PostFormAsync("/festivals/new", "/festivals/new",
        [
            new("_handler", "festival-form"), new("Input.Name", "Refused festival"), new("Input.FirstDay", first.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            new("Input.LastDay", first.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), new("Input.Rooms", "Studio; lots"), new("Input.Partners", "Brightside"),
        ]);

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var page = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        Assert.Contains("Give a first and a last day, at most 14 days apart, the last not before the first.", page, StringComparison.Ordinal);
        Assert.Contains("Give one to 50 rooms, each with its own name and 1 to 10,000 places.", page, StringComparison.Ordinal);
        Assert.Contains("Give at most 20 partners", page, StringComparison.Ordinal);
        Assert.Contains("Studio; lots", page, StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(db => db.Set<Festival>().AnyAsync(f => f.Name == "Refused festival")));
    }

    [Fact]
    public async Task Only_admins_see_the_new_festival_page()
    {
        var (employee, _) = await app.SignedInAsync(Roles.Employee, Roles.Champion);
        using var response = await employee.GetAsync("/festivals/new");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("href=\"/festivals/new\"", await employee.GetPageAsync("/festivals"), StringComparison.Ordinal);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class FestivalFormPageTestsOnSqlite(SqliteApp app) : FestivalFormPageTests(app);

[Collection(PostgresCollection.Name)]
public sealed class FestivalFormPageTestsOnPostgres(PostgresApp app) : FestivalFormPageTests(app);
