using Guild.Tests.Infrastructure;
using Guild.Web.Features.Restock;
using Guild.Web.Platform.Identity;

namespace Guild.Tests.Features.Restock;

/// <summary>
/// Searches that found nothing reach the board grouped by meaning: different wordings of one need are one item whose demand
/// is the number of different people, titled with the words most people used; an unrelated search is an item of its own;
/// and the board ranks its items by demand.
/// </summary>
public abstract class SearchGroupingTests(GuildApp app)
{
    [Fact]
    public async Task Similar_searches_are_one_item_with_the_demand_of_the_different_people_who_made_them()
    {
        var (admin, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        var (anna, _) = await app.SignedInAsync();
        var (bram, _) = await app.SignedInAsync();
        var (cas, _) = await app.SignedInAsync();
        var (dirk, _) = await app.SignedInAsync();

        var first = await anna.SearchInVainAsync("how do I knit a woollen scarf");
        await bram.SearchInVainAsync("knitting a wool scarf for beginners");
        await cas.SearchInVainAsync("how do I knit a woollen scarf");
        // The same person asking twice is one person waiting.
        await cas.SearchInVainAsync("How do I knit a woollen scarf");
        var other = await dirk.SearchInVainAsync("renewing a parking permit at the town hall");

        var board = await app.GroupedBoardAsync(admin);

        var scarf = Assert.Single(board.Items, i => i.Key == $"search:{first}");
        Assert.Equal(RestockKind.Search, scarf.Kind);
        Assert.Equal(3, scarf.Demand);
        Assert.Equal("how do I knit a woollen scarf", scarf.Title, ignoreCase: true);
        Assert.Contains("knitting a wool scarf for beginners", scarf.Examples);
        var parking = Assert.Single(board.Items, i => i.Key == $"search:{other}");
        Assert.Equal(1, parking.Demand);
        Assert.Equal("renewing a parking permit at the town hall", parking.Title);
        Assert.DoesNotContain(board.Items, i => i.Kind == RestockKind.Search && i.Title.Contains("scarf", StringComparison.OrdinalIgnoreCase) && i.Key != scarf.Key);
    }

    [Fact]
    public async Task The_board_ranks_items_by_how_many_people_wait_for_them()
    {
        var (admin, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        var few = await (await app.SignedInAsync()).Client.SearchInVainAsync("tuning a church organ");
        var many = await (await app.SignedInAsync()).Client.SearchInVainAsync("repotting a large cactus without gloves");
        await (await app.SignedInAsync()).Client.SearchInVainAsync("how to repot a big cactus without gloves");
        await (await app.SignedInAsync()).Client.SearchInVainAsync("repotting a large cactus safely without gloves");

        var board = await app.GroupedBoardAsync(admin, "?kind=Search");

        var ranked = board.Items.Select(i => i.Key).ToList();
        Assert.True(ranked.IndexOf($"search:{many}") < ranked.IndexOf($"search:{few}"), string.Join(", ", board.Items.Select(i => $"{i.Title} ({i.Demand})")));
        Assert.Equal(3, board.Items.Single(i => i.Key == $"search:{many}").Demand);
        Assert.All(board.Items.Zip(board.Items.Skip(1)), pair => Assert.True(pair.First.Demand >= pair.Second.Demand));
        Assert.All(board.Items, i => Assert.Equal(RestockKind.Search, i.Kind));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SearchGroupingTestsOnSqlite(SqliteApp app) : SearchGroupingTests(app);

[Collection(PostgresCollection.Name)]
public sealed class SearchGroupingTestsOnPostgres(PostgresApp app) : SearchGroupingTests(app);
