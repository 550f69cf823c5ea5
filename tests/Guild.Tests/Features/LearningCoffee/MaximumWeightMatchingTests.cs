using Guild.Web.Features.LearningCoffee;

namespace Guild.Tests.Features.LearningCoffee;

/// <summary>
/// The blossom algorithm against the optimum found by trying every matching, on small graphs: the known cases of
/// mwmatching's own tests (blossoms, nested blossoms, expansion) and many random graphs.
/// </summary>
public sealed class MaximumWeightMatchingTests
{
    private static (int Cardinality, long Weight) BruteForce(int n, List<WeightedEdge> edges, bool maxCardinality)
    {
        var best = (Cardinality: 0, Weight: 0L);
        var used = new bool[n];
        void Walk(int from, int cardinality, long weight)
        {
            var better = maxCardinality
                ? cardinality > best.Cardinality || (cardinality == best.Cardinality && weight > best.Weight)
                : weight > best.Weight;
            if (better)
            {
                best = (cardinality, weight);
            }
            for (var k = from; k < edges.Count; k++)
            {
                var e = edges[k];
                if (!used[e.From] && !used[e.To])
                {
                    used[e.From] = used[e.To] = true;
                    Walk(k + 1, cardinality + 1, weight + e.Weight);
                    used[e.From] = used[e.To] = false;
                }
            }
        }
        Walk(0, 0, 0);
        return best;
    }

    private static void AssertValid(int n, List<WeightedEdge> edges, int[] mate)
    {
        Assert.Equal(n, mate.Length);
        for (var v = 0; v < n; v++)
        {
            if (mate[v] >= 0)
            {
                Assert.Equal(v, mate[mate[v]]);
                Assert.Contains(edges, e => (e.From == v && e.To == mate[v]) || (e.To == v && e.From == mate[v]));
            }
        }
    }

    [Fact]
    public void Empty_and_single_edge_graphs()
    {
        Assert.Equal([-1, -1], MaximumWeightMatching.Solve(2, []));
        Assert.Equal([1, 0], MaximumWeightMatching.Solve(2, [new(0, 1, 1)]));
        Assert.Equal([-1, -1, 3, 2], MaximumWeightMatching.Solve(4, [new(1, 2, 10), new(2, 3, 11)], maxCardinality: false));
        // With the most edges first: both outer edges, whatever the middle one weighs.
        Assert.Equal([1, 0, 3, 2], MaximumWeightMatching.Solve(4, [new(0, 1, 5), new(1, 2, 11), new(2, 3, 5)]));
    }

    [Fact]
    public void Blossoms_from_the_reference_tests_give_the_known_optimum()
    {
        // mwmatching.py's test cases: creating an S-blossom and using it for augmentation…
        Assert.Equal([-1, 2, 1, 4, 3], MaximumWeightMatching.Solve(5, [new(1, 2, 8), new(1, 3, 9), new(2, 3, 10), new(3, 4, 7)], false));
        Assert.Equal([-1, 6, 3, 2, 5, 4, 1], MaximumWeightMatching.Solve(7,
            [new(1, 2, 8), new(1, 3, 9), new(2, 3, 10), new(3, 4, 7), new(1, 6, 5), new(4, 5, 6)], false));
        // …a T-blossom relabelled as S…
        Assert.Equal([-1, 6, 3, 2, 5, 4, 1], MaximumWeightMatching.Solve(7,
            [new(1, 2, 9), new(1, 3, 8), new(2, 3, 10), new(1, 4, 5), new(4, 5, 4), new(1, 6, 3)], false));
        // …nested S-blossoms…
        Assert.Equal([-1, 3, 4, 1, 2, 6, 5], MaximumWeightMatching.Solve(7,
            [new(1, 2, 9), new(1, 3, 9), new(2, 3, 10), new(2, 4, 8), new(3, 5, 8), new(4, 5, 10), new(5, 6, 6)], false));
        // …an S-blossom relabelled as T and expanded…
        Assert.Equal([-1, 6, 3, 2, 8, 7, 1, 5, 4], MaximumWeightMatching.Solve(9,
            [new(1, 2, 23), new(1, 5, 22), new(1, 6, 15), new(2, 3, 25), new(3, 4, 22), new(4, 5, 25), new(4, 8, 14), new(5, 7, 13)], false));
        // …a nested S-blossom relabelled as S and expanded recursively…
        Assert.Equal([-1, 2, 1, 4, 3, 6, 5, 8, 7], MaximumWeightMatching.Solve(9,
            [new(1, 2, 10), new(1, 7, 10), new(2, 3, 12), new(3, 4, 20), new(3, 5, 20), new(4, 5, 25), new(5, 6, 10), new(6, 7, 10), new(7, 8, 8)], false));
        // …nasty cases with a T-blossom expanded into a new blossom, and a nested blossom expanded in the end stage.
        Assert.Equal([-1, 6, 3, 2, 8, 7, 1, 5, 4, 10, 9], MaximumWeightMatching.Solve(11,
            [new(1, 2, 45), new(1, 5, 45), new(2, 3, 50), new(3, 4, 45), new(4, 5, 50), new(1, 6, 30), new(3, 9, 35), new(4, 8, 35),
             new(5, 7, 26), new(9, 10, 5)], false));
        List<WeightedEdge> nested = [new(1, 2, 40), new(1, 3, 40), new(2, 3, 60), new(2, 4, 55), new(3, 5, 55), new(4, 5, 50), new(1, 8, 15), new(5, 7, 30),
            new(7, 6, 10), new(8, 10, 10), new(4, 9, 30)];
        var mate = MaximumWeightMatching.Solve(11, nested, false);
        AssertValid(11, nested, mate);
        Assert.Equal(BruteForce(11, nested, false).Weight, MaximumWeightMatching.WeightOf(mate, nested));
    }

    [Fact]
    public void Random_graphs_match_the_brute_force_optimum()
    {
        var random = new Random(20261207);
        for (var round = 0; round < 400; round++)
        {
            var n = random.Next(2, 11);
            var edges = new List<WeightedEdge>();
            var density = random.NextDouble();
            for (var i = 0; i < n; i++)
            {
                for (var j = i + 1; j < n; j++)
                {
                    if (random.NextDouble() < density)
                    {
                        // Few distinct weights make ties and blossoms common.
                        edges.Add(new WeightedEdge(i, j, random.Next(1, round % 2 == 0 ? 5 : 100)));
                    }
                }
            }
            foreach (var maxCardinality in new[] { true, false })
            {
                var mate = MaximumWeightMatching.Solve(n, edges, maxCardinality);
                AssertValid(n, edges, mate);
                var expected = BruteForce(n, edges, maxCardinality);
                var cardinality = mate.Count(m => m >= 0) / 2;
                Assert.Equal(expected.Weight, MaximumWeightMatching.WeightOf(mate, edges));
                if (maxCardinality)
                {
                    Assert.Equal(expected.Cardinality, cardinality);
                }
            }
        }
    }

    [Fact]
    public void An_edge_to_the_same_vertex_is_refused()
    {
        Assert.Throws<ArgumentException>(() => MaximumWeightMatching.Solve(3, [new(1, 1, 3)]));
    }
}
