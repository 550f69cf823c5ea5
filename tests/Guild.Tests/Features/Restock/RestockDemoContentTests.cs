using Guild.Tests.Features.People;
using Guild.Web.Features.Restock;
using Guild.Web.Features.People;
using Guild.Web.Platform.Identity;
using Microsoft.EntityFrameworkCore;

namespace Guild.Tests.Features.Restock;

/// <summary>
/// The small demo's L&amp;D admin finds a real restock board: needs grouped from colleagues' searches (several wordings
/// each, ranked by demand), the feedback demo's outdated flag, an open request for the demo champion, and a done one with
/// his resource whose need is off the board.
/// </summary>
public sealed class RestockDemoContentTests(DemoOrganisationApp app) : IClassFixture<DemoOrganisationApp>
{
    [Fact]
    public async Task The_demo_admin_sees_grouped_needs_an_outdated_flag_and_the_champions_requests()
    {
        var adminEmail = DemoAccounts.All.First(a => a.Role == Roles.LearningAdmin).Email;
        var daanEmail = DemoAccounts.All.First(a => a.Role == Roles.Champion).Email;
        var (adminId, daanId) = await app.WithDbAsync(async db => (
            await db.Set<Person>().Where(p => p.Account.Email == adminEmail).Select(p => p.Id).SingleAsync(),
            await db.Set<Person>().Where(p => p.Account.Email == daanEmail).Select(p => p.Id).SingleAsync()));
        // The job the demo queued: group the searches by meaning.
        await app.AsPersonAsync(adminId, services => services.GetRequiredService<SearchGrouping>().GroupNewAsync(CancellationToken.None));

        var board = (await app.AsPersonAsync(adminId, services => services.GetRequiredService<RestockBoard>().BoardAsync(null, null, CancellationToken.None))).Value!;

        var searches = board.Items.Where(i => i.Kind == RestockKind.Search).ToList();
        // Five needs, two of them requested; a wording the model finds too far from the others may stand alone.
        Assert.InRange(searches.Count, 3, 8);
        Assert.True(searches.Count(s => s.Demand >= 4) >= 3, string.Join(", ", searches.Select(s => $"{s.Title}: {s.Demand}")));
        Assert.Contains(searches, s => s.Examples.Count > 0);
        Assert.Contains(searches, s => s.Components.Any(c => c.Name == "Colour grading"));
        Assert.Contains(board.Items, i => i.Kind == RestockKind.Outdated);
        Assert.All(board.Items.Zip(board.Items.Skip(1)), pair => Assert.True(pair.First.Demand >= pair.Second.Demand));
        // The open request's and the done request's needs are off the board; the open one is under requests.
        Assert.DoesNotContain(searches, s => s.Components.Any(c => c.Name is RestockDemoContent.DoneNeed or RestockDemoContent.OpenNeed));
        var open = Assert.Single(board.Requests);
        Assert.Equal(daanId, open.ChampionId);
        var mine = await app.AsPersonAsync(daanId, services => services.GetRequiredService<RestockBoard>().MineAsync(CancellationToken.None));
        Assert.Contains(mine, r => r.Status == RestockStatus.Done && r.ResourceId is not null && r.ResourceTitle is not null);
        Assert.Contains(mine, r => r.Status == RestockStatus.Open);
    }
}
