using System.Net;
using Guild.Tests.Infrastructure;
using Guild.Web.Platform.Identity;

namespace Guild.Tests.Features.People;

/// <summary>Partner guests see their own profile and nothing of the organisation's people, not even which profile ids exist.</summary>
public abstract class GuestVisibilityTests(GuildApp app)
{
    [Fact]
    public async Task A_guest_gets_the_403_page_on_the_people_list_and_cannot_edit_anyone_else()
    {
        var employee = await app.CreatePersonAsync();
        var (guest, _) = await app.SignedInAsync(Roles.PartnerGuest);

        // The edit page's answer comes from the route alone (the rule's Edit), so it is the same for every id.
        foreach (var path in new[] { "/people", $"/people/{employee.Id}/edit", $"/people/{Guid.CreateVersion7()}/edit" })
        {
            using var response = await guest.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{path} answered {(int)response.StatusCode}");
            Assert.Contains("You cannot open this page", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_guest_cannot_tell_existing_profile_ids_from_missing_ones()
    {
        var employee = await app.CreatePersonAsync();
        var (guest, _) = await app.SignedInAsync(Roles.PartnerGuest);
        var missing = Guid.CreateVersion7();

        foreach (var id in new[] { employee.Id, missing })
        {
            foreach (var path in new[] { $"/people/{id}", $"/people/{id}/photo", $"/api/v1/people/{id}", $"/people/{id}/expertise" })
            {
                using var response = await guest.GetAsync(path);
                var expected = path.EndsWith("/expertise", StringComparison.Ordinal) ? HttpStatusCode.Forbidden : HttpStatusCode.NotFound;
                Assert.True(response.StatusCode == expected, $"{path} answered {(int)response.StatusCode}");
            }
            using var endorse = await guest.Http.PostAsync($"/api/v1/people/{id}/skills/{Guid.CreateVersion7()}/endorsements", null);
            Assert.Equal(HttpStatusCode.NotFound, endorse.StatusCode);
        }
    }

    [Fact]
    public async Task A_guest_gets_403_problem_details_from_the_people_lists()
    {
        var (guest, guestPerson) = await app.SignedInAsync(Roles.PartnerGuest);

        foreach (var path in new[] { "/api/v1/people", "/api/v1/org-units" })
        {
            using var response = await guest.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{path} answered {(int)response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
        using var own = await guest.GetAsync($"/api/v1/people/{guestPerson.Id}");
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
    }

    [Fact]
    public async Task A_guest_sees_their_own_profile_and_no_way_into_the_directory()
    {
        var (guest, guestPerson) = await app.SignedInAsync(Roles.PartnerGuest);

        var profile = await guest.GetPageAsync($"/people/{guestPerson.Id}");
        Assert.Contains(guestPerson.Name, profile, StringComparison.Ordinal);
        Assert.Contains($"href=\"/people/{guestPerson.Id}/edit\"", profile, StringComparison.Ordinal);
        var home = await guest.GetPageAsync("/");
        foreach (var page in new[] { profile, home })
        {
            Assert.DoesNotContain("href=\"/people\"", page, StringComparison.Ordinal);
            Assert.DoesNotContain("href=\"/people?", page, StringComparison.Ordinal);
        }
        Assert.DoesNotContain("Your colleagues", home, StringComparison.Ordinal);

        var (employee, _) = await app.SignedInAsync(Roles.Employee);
        Assert.Contains("href=\"/people\"", await employee.GetPageAsync("/"), StringComparison.Ordinal);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class GuestVisibilityTestsOnSqlite(SqliteApp app) : GuestVisibilityTests(app);

[Collection(PostgresCollection.Name)]
public sealed class GuestVisibilityTestsOnPostgres(PostgresApp app) : GuestVisibilityTests(app);
