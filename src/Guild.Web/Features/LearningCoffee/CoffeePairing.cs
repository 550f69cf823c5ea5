namespace Guild.Web.Features.LearningCoffee;

/// <summary>Someone who may be paired this round, with what the weights and rules read.</summary>
public sealed record CoffeeCandidate(
    Guid PersonId,
    Guid? DepartmentId,
    bool CrossDepartmentOnly,
    bool LeftOutLastRound,
    bool WasInLastTrio,
    int Schedule,
    IReadOnlySet<Guid> Teams,
    IReadOnlySet<Guid> Skills,
    IReadOnlySet<Guid> WantsToLearn,
    IReadOnlySet<Guid> CanTeach);

/// <summary>An unordered pair of people (the smaller id first), for exclusions and history.</summary>
public readonly record struct PersonPair
{
    public PersonPair(Guid a, Guid b)
    {
        (First, Second) = a.CompareTo(b) <= 0 ? (a, b) : (b, a);
    }

    public Guid First { get; }
    public Guid Second { get; }
}

/// <summary>Everything one round's pairing needs, read beforehand (the pairing itself touches no database).</summary>
public sealed record CoffeePairingInput(
    IReadOnlyList<CoffeeCandidate> Candidates,
    IReadOnlySet<PersonPair> Exclusions,
    IReadOnlySet<PersonPair> RecentPairs,
    Func<int, int, TimeSpan> SharedWorkingTime,
    TimeSpan MinimumSharedWorkingTime,
    int CandidatesPerPerson,
    int BlockSize,
    int Seed);

/// <summary>A pair or trio: <see cref="TrioJoiner"/> is the third person who joined a pair.</summary>
public sealed record CoffeeGroup(IReadOnlyList<Guid> Members, Guid? TrioJoiner);

public sealed record CoffeePairingOutcome(IReadOnlyList<CoffeeGroup> Groups, IReadOnlyList<Guid> LeftOut);

/// <summary>
/// Who has how much in common with whom. Today: flexible teams and skills of the expertise profile. This is the one place
/// to add more shared things (spaces, and events once the events feature exists): each adds to <see cref="Count"/>.
/// </summary>
public static class ThingsInCommon
{
    public static int SharedTeams(CoffeeCandidate a, CoffeeCandidate b) => Overlap(a.Teams, b.Teams);

    public static int SharedSkills(CoffeeCandidate a, CoffeeCandidate b) => Overlap(a.Skills, b.Skills);

    /// <summary>A learner of a skill meeting a teacher of it, either way round.</summary>
    public static int LearnerTeacherMatches(CoffeeCandidate a, CoffeeCandidate b) =>
        Overlap(a.WantsToLearn, b.CanTeach) + Overlap(b.WantsToLearn, a.CanTeach);

    /// <summary>Weighted count of shared things: a shared team says more about knowing each other than a shared skill.</summary>
    public static int Count(CoffeeCandidate a, CoffeeCandidate b) => 2 * SharedTeams(a, b) + SharedSkills(a, b);

    private static int Overlap(IReadOnlySet<Guid> x, IReadOnlySet<Guid> y)
    {
        if (x.Count > y.Count)
        {
            (x, y) = (y, x);
        }
        var count = 0;
        foreach (var item in x)
        {
            if (y.Contains(item))
            {
                count++;
            }
        }
        return count;
    }
}

/// <summary>
/// One round's pairing: hard rules decide which pairs may meet at all, weights which pairs are best, and a maximum-weight
/// matching (with the most pairs) over those weights picks the round. An odd count makes one trio, given to someone who
/// was not in the last trio. Pure: the same input gives the same round.
/// </summary>
public static class CoffeePairing
{
    /// <summary>Every pair that may meet starts here; what they share lowers it, needs and fairness raise it.</summary>
    public const int BaseWeight = 100;
    public const int PerThingInCommon = 8;
    public const int LeftOutBonus = 40;
    public const int LearnerTeacherBonus = 25;

    /// <summary>Whether two people may be paired at all this round.</summary>
    public static bool MayMeet(CoffeeCandidate a, CoffeeCandidate b, CoffeePairingInput input)
    {
        if (a.PersonId == b.PersonId)
        {
            return false;
        }
        if ((a.CrossDepartmentOnly || b.CrossDepartmentOnly) && a.DepartmentId is { } department && department == b.DepartmentId)
        {
            return false;
        }
        var pair = new PersonPair(a.PersonId, b.PersonId);
        if (input.Exclusions.Contains(pair) || input.RecentPairs.Contains(pair))
        {
            return false;
        }
        return input.SharedWorkingTime(a.Schedule, b.Schedule) >= input.MinimumSharedWorkingTime;
    }

    /// <summary>How good a pair is (always at least 1 for a pair that may meet).</summary>
    public static int Weight(CoffeeCandidate a, CoffeeCandidate b)
    {
        var weight = BaseWeight - PerThingInCommon * ThingsInCommon.Count(a, b);
        weight = Math.Max(weight, 10);
        weight += Math.Min(2, ThingsInCommon.LearnerTeacherMatches(a, b)) * LearnerTeacherBonus;
        if (a.LeftOutLastRound)
        {
            weight += LeftOutBonus;
        }
        if (b.LeftOutLastRound)
        {
            weight += LeftOutBonus;
        }
        return weight;
    }

    public static CoffeePairingOutcome Pair(CoffeePairingInput input)
    {
        // Everyone in one block when the programme is small; a large programme is split into shuffled blocks (fixed by the
        // seed) so that each matching stays small enough: the blossom algorithm is cubic in the people it pairs.
        var order = input.Candidates.ToList();
        var random = new Random(input.Seed);
        for (var i = order.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        // Blocks of an even size, the last taking the rest: only the last can be odd, so an odd programme has one trio.
        var blocks = Math.Max(1, (order.Count + input.BlockSize - 1) / input.BlockSize);
        var size = order.Count / blocks / 2 * 2;
        var groups = new List<CoffeeGroup>();
        var leftOut = new List<Guid>();
        for (var block = 0; block < blocks; block++)
        {
            var members = block == blocks - 1 ? order.Skip(block * size).ToList() : order.Skip(block * size).Take(size).ToList();
            var (blockGroups, blockLeftOut) = PairBlock(members, input);
            groups.AddRange(blockGroups);
            leftOut.AddRange(blockLeftOut);
        }
        return new CoffeePairingOutcome(groups, leftOut);
    }

    private static List<WeightedEdge> EdgesOf(List<(int Other, int Weight)>[] partners, int perPerson, int seed)
    {
        var edges = new HashSet<(int, int)>();
        var weighted = new List<WeightedEdge>();
        for (var i = 0; i < partners.Length; i++)
        {
            var mine = partners[i];
            IEnumerable<(int Other, int Weight)> chosen = mine.Count <= perPerson ? mine
                : mine.OrderByDescending(p => p.Weight).ThenBy(p => TieBreak(i, p.Other, seed)).Take(perPerson);
            foreach (var (other, weight) in chosen)
            {
                var key = i < other ? (i, other) : (other, i);
                if (edges.Add(key))
                {
                    weighted.Add(new WeightedEdge(key.Item1, key.Item2, weight));
                }
            }
        }
        return weighted;
    }

    /// <summary>A stable pseudo-random order of a pair (the same both ways round), different each round.</summary>
    private static uint TieBreak(int a, int b, int seed)
    {
        var (low, high) = a < b ? (a, b) : (b, a);
        var hash = (uint)(low * 73856093) ^ (uint)(high * 19349663) ^ (uint)(seed * 83492791);
        hash ^= hash >> 13;
        hash *= 0x5bd1e995;
        return hash ^ (hash >> 15);
    }

    private static (List<CoffeeGroup> Groups, List<Guid> LeftOut) PairBlock(List<CoffeeCandidate> people, CoffeePairingInput input)
    {
        var n = people.Count;
        // The candidate graph: each person's best partners (by weight), so a large block keeps few edges.
        var partners = new List<(int Other, int Weight)>[n];
        for (var i = 0; i < n; i++)
        {
            partners[i] = [];
        }
        for (var i = 0; i < n; i++)
        {
            for (var j = i + 1; j < n; j++)
            {
                if (MayMeet(people[i], people[j], input))
                {
                    var weight = Weight(people[i], people[j]);
                    partners[i].Add((j, weight));
                    partners[j].Add((i, weight));
                }
            }
        }
        // Ties (most pairs share nothing, so most weigh the same) are broken by a hash of the pair, not by position: otherwise
        // everyone's best partners would be the same few people, and the truncated graph could not pair everyone.
        var truncated = partners.Any(p => p.Count > input.CandidatesPerPerson);
        var weighted = EdgesOf(partners, truncated ? input.CandidatesPerPerson : int.MaxValue, input.Seed);
        // An odd block gets a stand-in vertex that only people who were not in the last trio can take: whoever the matching
        // gives it joins a pair as the third. So the trio rotates, and the rest of the block is still paired at its best.
        var odd = n % 2 == 1;
        var standIn = n;
        IEnumerable<WeightedEdge> StandIn() => odd
            ? Enumerable.Range(0, n).Where(i => !people[i].WasInLastTrio && partners[i].Count >= 2).Select(i => new WeightedEdge(i, standIn, 1))
            : [];
        var mate = MaximumWeightMatching.Solve(odd ? n + 1 : n, [.. weighted, .. StandIn()]);
        if (truncated && Enumerable.Range(0, n).Any(i => mate[i] < 0 && partners[i].Count > 0 && partners[i].Any(p => mate[p.Other] < 0)))
        {
            // Someone who could have been paired was not: the candidate graph lost an edge that mattered. Pair this block on
            // its whole graph instead (slower, but never leaves out someone who can be paired).
            weighted = EdgesOf(partners, int.MaxValue, input.Seed);
            mate = MaximumWeightMatching.Solve(odd ? n + 1 : n, [.. weighted, .. StandIn()]);
        }
        var groups = new List<CoffeeGroup>();
        var pairOf = new int[n];
        Array.Fill(pairOf, -1);
        var lonely = new List<int>();
        var joiner = -1;
        for (var i = 0; i < n; i++)
        {
            if (mate[i] == standIn && odd)
            {
                joiner = i;
            }
            else if (mate[i] < 0)
            {
                lonely.Add(i);
            }
            else if (i < mate[i])
            {
                pairOf[i] = pairOf[mate[i]] = groups.Count;
                groups.Add(new CoffeeGroup([people[i].PersonId, people[mate[i]].PersonId], null));
            }
        }
        if (joiner >= 0)
        {
            // The pair where the joiner fits best: both of them may meet the joiner, highest weight with both.
            var weights = partners[joiner].ToDictionary(p => p.Other, p => p.Weight);
            var best = -1;
            var bestWeight = int.MinValue;
            for (var i = 0; i < n; i++)
            {
                if (pairOf[i] >= 0 && i < mate[i] && mate[i] < n && weights.TryGetValue(i, out var wi) && weights.TryGetValue(mate[i], out var wj)
                    && wi + wj > bestWeight)
                {
                    best = pairOf[i];
                    bestWeight = wi + wj;
                }
            }
            if (best >= 0)
            {
                groups[best] = new CoffeeGroup([.. groups[best].Members, people[joiner].PersonId], people[joiner].PersonId);
            }
            else
            {
                lonely.Add(joiner);
            }
        }
        return (groups, lonely.Select(i => people[i].PersonId).ToList());
    }
}
