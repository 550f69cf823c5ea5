namespace Guild.Web.Features.LearningCoffee;

/// <summary>An undirected edge between two vertices (0-based) with a weight.</summary>
public readonly record struct WeightedEdge(int From, int To, long Weight);

/// <summary>
/// Maximum-weight matching in a general graph: Edmonds' blossom algorithm with dual variables, O(n³), ported from
/// Joris van Rantwijk's <c>mwmatching.py</c> (public domain; after Galil, "Efficient algorithms for finding maximum
/// matching in graphs", 1986). Pairing people is a general graph (anyone may meet anyone), so bipartite methods such as
/// the Hungarian algorithm do not apply, and a greedy pairing leaves people out that a better choice would have paired.
/// Weights are integers: every weight is doubled inside so that all dual variables stay integers (no rounding).
/// </summary>
public static class MaximumWeightMatching
{
    /// <summary>
    /// The mate of each vertex (-1: unmatched) in a matching of maximum weight; with <paramref name="maxCardinality"/>,
    /// of maximum weight among the matchings with the most edges.
    /// </summary>
    public static int[] Solve(int vertexCount, IReadOnlyList<WeightedEdge> edges, bool maxCardinality = true)
    {
        var mate = new int[vertexCount];
        Array.Fill(mate, -1);
        if (edges.Count == 0)
        {
            return mate;
        }
        var solver = new Solver(vertexCount, edges, maxCardinality);
        var found = solver.Run();
        Array.Copy(found, mate, Math.Min(found.Length, vertexCount));
        return mate;
    }

    /// <summary>The total weight of a matching given as mates.</summary>
    public static long WeightOf(int[] mate, IReadOnlyList<WeightedEdge> edges)
    {
        long total = 0;
        foreach (var edge in edges)
        {
            if (mate[edge.From] == edge.To && mate[edge.To] == edge.From)
            {
                total += edge.Weight;
            }
        }
        return total;
    }

    private sealed class Solver
    {
        private readonly int nvertex;
        private readonly int nedge;
        private readonly int[] edgeI;
        private readonly int[] edgeJ;
        private readonly long[] edgeW;
        private readonly bool maxCardinality;
        private readonly int[] endpoint;
        private readonly List<int>[] neighbend;
        private readonly int[] mate;
        private readonly int[] label;
        private readonly int[] labelend;
        private readonly int[] inblossom;
        private readonly int[] blossomparent;
        private readonly List<int>?[] blossomchilds;
        private readonly int[] blossombase;
        private readonly List<int>?[] blossomendps;
        private readonly int[] bestedge;
        private readonly List<int>?[] blossombestedges;
        private readonly Stack<int> unusedblossoms = new();
        private readonly long[] dualvar;
        private readonly bool[] allowedge;
        private readonly List<int> queue = [];

        public Solver(int vertexCount, IReadOnlyList<WeightedEdge> edges, bool maxCardinality)
        {
            this.maxCardinality = maxCardinality;
            nedge = edges.Count;
            nvertex = vertexCount;
            edgeI = new int[nedge];
            edgeJ = new int[nedge];
            edgeW = new long[nedge];
            long maxweight = 0;
            for (var k = 0; k < nedge; k++)
            {
                var (i, j, w) = edges[k];
                if (i < 0 || j < 0 || i == j || i >= vertexCount || j >= vertexCount)
                {
                    throw new ArgumentException($"Edge {k} ({i}, {j}) is not between two different vertices of the graph.", nameof(edges));
                }
                edgeI[k] = i;
                edgeJ[k] = j;
                edgeW[k] = 2 * w;
                maxweight = Math.Max(maxweight, 2 * w);
            }
            endpoint = new int[2 * nedge];
            for (var p = 0; p < 2 * nedge; p++)
            {
                endpoint[p] = p % 2 == 0 ? edgeI[p / 2] : edgeJ[p / 2];
            }
            neighbend = new List<int>[nvertex];
            for (var v = 0; v < nvertex; v++)
            {
                neighbend[v] = [];
            }
            for (var k = 0; k < nedge; k++)
            {
                neighbend[edgeI[k]].Add(2 * k + 1);
                neighbend[edgeJ[k]].Add(2 * k);
            }
            mate = Filled(nvertex, -1);
            label = new int[2 * nvertex];
            labelend = Filled(2 * nvertex, -1);
            inblossom = new int[nvertex];
            for (var v = 0; v < nvertex; v++)
            {
                inblossom[v] = v;
            }
            blossomparent = Filled(2 * nvertex, -1);
            blossomchilds = new List<int>?[2 * nvertex];
            blossombase = Filled(2 * nvertex, -1);
            for (var v = 0; v < nvertex; v++)
            {
                blossombase[v] = v;
            }
            blossomendps = new List<int>?[2 * nvertex];
            bestedge = Filled(2 * nvertex, -1);
            blossombestedges = new List<int>?[2 * nvertex];
            for (var b = 2 * nvertex - 1; b >= nvertex; b--)
            {
                // Python's list.pop() takes the last: the stack gives out the highest number first, as there.
                unusedblossoms.Push(2 * nvertex - 1 - b + nvertex);
            }
            dualvar = new long[2 * nvertex];
            for (var v = 0; v < nvertex; v++)
            {
                dualvar[v] = maxweight;
            }
            allowedge = new bool[nedge];
        }

        private static int[] Filled(int length, int value)
        {
            var array = new int[length];
            Array.Fill(array, value);
            return array;
        }

        /// <summary>Python-style index: a negative index counts from the end.</summary>
        private static int At(List<int> list, int index) => list[index < 0 ? index + list.Count : index];

        private long Slack(int k) => dualvar[edgeI[k]] + dualvar[edgeJ[k]] - 2 * edgeW[k];

        private List<int> BlossomLeaves(int b)
        {
            var leaves = new List<int>();
            AddLeaves(b, leaves);
            return leaves;
        }

        private void AddLeaves(int b, List<int> leaves)
        {
            if (b < nvertex)
            {
                leaves.Add(b);
                return;
            }
            foreach (var t in blossomchilds[b]!)
            {
                AddLeaves(t, leaves);
            }
        }

        private void AssignLabel(int w, int t, int p)
        {
            while (true)
            {
                var b = inblossom[w];
                label[w] = label[b] = t;
                labelend[w] = labelend[b] = p;
                bestedge[w] = bestedge[b] = -1;
                if (t == 1)
                {
                    queue.AddRange(BlossomLeaves(b));
                    return;
                }
                // t == 2: the base's mate becomes an S-vertex.
                var basev = blossombase[b];
                w = endpoint[mate[basev]];
                t = 1;
                p = mate[basev] ^ 1;
            }
        }

        private int ScanBlossom(int v, int w)
        {
            var path = new List<int>();
            var basev = -1;
            while (v != -1 || w != -1)
            {
                var b = inblossom[v];
                if ((label[b] & 4) != 0)
                {
                    basev = blossombase[b];
                    break;
                }
                path.Add(b);
                label[b] = 5;
                if (labelend[b] == -1)
                {
                    v = -1;
                }
                else
                {
                    v = endpoint[labelend[b]];
                    b = inblossom[v];
                    v = endpoint[labelend[b]];
                }
                if (w != -1)
                {
                    (v, w) = (w, v);
                }
            }
            foreach (var b in path)
            {
                label[b] = 1;
            }
            return basev;
        }

        private void AddBlossom(int basev, int k)
        {
            var v = edgeI[k];
            var w = edgeJ[k];
            var bb = inblossom[basev];
            var bv = inblossom[v];
            var bw = inblossom[w];
            var b = unusedblossoms.Pop();
            blossombase[b] = basev;
            blossomparent[b] = -1;
            blossomparent[bb] = b;
            var path = new List<int>();
            var endps = new List<int>();
            blossomchilds[b] = path;
            blossomendps[b] = endps;
            while (bv != bb)
            {
                blossomparent[bv] = b;
                path.Add(bv);
                endps.Add(labelend[bv]);
                v = endpoint[labelend[bv]];
                bv = inblossom[v];
            }
            path.Add(bb);
            path.Reverse();
            endps.Reverse();
            endps.Add(2 * k);
            while (bw != bb)
            {
                blossomparent[bw] = b;
                path.Add(bw);
                endps.Add(labelend[bw] ^ 1);
                w = endpoint[labelend[bw]];
                bw = inblossom[w];
            }
            label[b] = 1;
            labelend[b] = labelend[bb];
            dualvar[b] = 0;
            foreach (var leaf in BlossomLeaves(b))
            {
                if (label[inblossom[leaf]] == 2)
                {
                    queue.Add(leaf);
                }
                inblossom[leaf] = b;
            }
            var bestedgeto = Filled(2 * nvertex, -1);
            foreach (var child in path)
            {
                List<List<int>> nblists;
                if (blossombestedges[child] is null)
                {
                    nblists = [];
                    foreach (var leaf in BlossomLeaves(child))
                    {
                        nblists.Add(neighbend[leaf].Select(p => p / 2).ToList());
                    }
                }
                else
                {
                    nblists = [blossombestedges[child]!];
                }
                foreach (var nblist in nblists)
                {
                    foreach (var edge in nblist)
                    {
                        var i = edgeI[edge];
                        var j = edgeJ[edge];
                        if (inblossom[j] == b)
                        {
                            (i, j) = (j, i);
                        }
                        var bj = inblossom[j];
                        if (bj != b && label[bj] == 1 && (bestedgeto[bj] == -1 || Slack(edge) < Slack(bestedgeto[bj])))
                        {
                            bestedgeto[bj] = edge;
                        }
                    }
                }
                blossombestedges[child] = null;
                bestedge[child] = -1;
            }
            var best = bestedgeto.Where(e => e != -1).ToList();
            blossombestedges[b] = best;
            bestedge[b] = -1;
            foreach (var edge in best)
            {
                if (bestedge[b] == -1 || Slack(edge) < Slack(bestedge[b]))
                {
                    bestedge[b] = edge;
                }
            }
        }

        private void ExpandBlossom(int b, bool endstage)
        {
            var childs = blossomchilds[b]!;
            foreach (var s in childs)
            {
                blossomparent[s] = -1;
                if (s < nvertex)
                {
                    inblossom[s] = s;
                }
                else if (endstage && dualvar[s] == 0)
                {
                    ExpandBlossom(s, endstage);
                }
                else
                {
                    foreach (var leaf in BlossomLeaves(s))
                    {
                        inblossom[leaf] = s;
                    }
                }
            }
            if (!endstage && label[b] == 2)
            {
                var endps = blossomendps[b]!;
                var entrychild = inblossom[endpoint[labelend[b] ^ 1]];
                var j = childs.IndexOf(entrychild);
                int jstep;
                int endptrick;
                if ((j & 1) != 0)
                {
                    j -= childs.Count;
                    jstep = 1;
                    endptrick = 0;
                }
                else
                {
                    jstep = -1;
                    endptrick = 1;
                }
                var p = labelend[b];
                while (j != 0)
                {
                    label[endpoint[p ^ 1]] = 0;
                    label[endpoint[At(endps, j - endptrick) ^ endptrick ^ 1]] = 0;
                    AssignLabel(endpoint[p ^ 1], 2, p);
                    allowedge[At(endps, j - endptrick) / 2] = true;
                    j += jstep;
                    p = At(endps, j - endptrick) ^ endptrick;
                    allowedge[p / 2] = true;
                    j += jstep;
                }
                var bv = At(childs, j);
                label[endpoint[p ^ 1]] = label[bv] = 2;
                labelend[endpoint[p ^ 1]] = labelend[bv] = p;
                bestedge[bv] = -1;
                j += jstep;
                while (At(childs, j) != entrychild)
                {
                    bv = At(childs, j);
                    if (label[bv] == 1)
                    {
                        j += jstep;
                        continue;
                    }
                    var labelled = -1;
                    foreach (var leaf in BlossomLeaves(bv))
                    {
                        if (label[leaf] != 0)
                        {
                            labelled = leaf;
                            break;
                        }
                    }
                    if (labelled != -1)
                    {
                        label[labelled] = 0;
                        label[endpoint[mate[blossombase[bv]]]] = 0;
                        AssignLabel(labelled, 2, labelend[labelled]);
                    }
                    j += jstep;
                }
            }
            label[b] = labelend[b] = -1;
            blossomchilds[b] = null;
            blossomendps[b] = null;
            blossombase[b] = -1;
            blossombestedges[b] = null;
            bestedge[b] = -1;
            unusedblossoms.Push(b);
        }

        private void AugmentBlossom(int b, int v)
        {
            var t = v;
            while (blossomparent[t] != b)
            {
                t = blossomparent[t];
            }
            if (t >= nvertex)
            {
                AugmentBlossom(t, v);
            }
            var childs = blossomchilds[b]!;
            var endps = blossomendps[b]!;
            var i = childs.IndexOf(t);
            var j = i;
            int jstep;
            int endptrick;
            if ((i & 1) != 0)
            {
                j -= childs.Count;
                jstep = 1;
                endptrick = 0;
            }
            else
            {
                jstep = -1;
                endptrick = 1;
            }
            while (j != 0)
            {
                j += jstep;
                t = At(childs, j);
                var p = At(endps, j - endptrick) ^ endptrick;
                if (t >= nvertex)
                {
                    AugmentBlossom(t, endpoint[p]);
                }
                j += jstep;
                t = At(childs, j);
                if (t >= nvertex)
                {
                    AugmentBlossom(t, endpoint[p ^ 1]);
                }
                mate[endpoint[p]] = p ^ 1;
                mate[endpoint[p ^ 1]] = p;
            }
            blossomchilds[b] = [.. childs.Skip(i), .. childs.Take(i)];
            blossomendps[b] = [.. endps.Skip(i), .. endps.Take(i)];
            blossombase[b] = blossombase[blossomchilds[b]![0]];
        }

        private void AugmentMatching(int k)
        {
            foreach (var (start, startP) in new[] { (edgeI[k], 2 * k + 1), (edgeJ[k], 2 * k) })
            {
                var s = start;
                var p = startP;
                while (true)
                {
                    var bs = inblossom[s];
                    if (bs >= nvertex)
                    {
                        AugmentBlossom(bs, s);
                    }
                    mate[s] = p;
                    if (labelend[bs] == -1)
                    {
                        break;
                    }
                    var t = endpoint[labelend[bs]];
                    var bt = inblossom[t];
                    s = endpoint[labelend[bt]];
                    var j = endpoint[labelend[bt] ^ 1];
                    if (bt >= nvertex)
                    {
                        AugmentBlossom(bt, j);
                    }
                    mate[j] = labelend[bt];
                    p = labelend[bt] ^ 1;
                }
            }
        }

        public int[] Run()
        {
            for (var stage = 0; stage < nvertex; stage++)
            {
                Array.Fill(label, 0);
                Array.Fill(bestedge, -1);
                for (var b = nvertex; b < 2 * nvertex; b++)
                {
                    blossombestedges[b] = null;
                }
                Array.Fill(allowedge, false);
                queue.Clear();
                for (var v = 0; v < nvertex; v++)
                {
                    if (mate[v] == -1 && label[inblossom[v]] == 0)
                    {
                        AssignLabel(v, 1, -1);
                    }
                }
                var augmented = false;
                while (true)
                {
                    while (queue.Count > 0 && !augmented)
                    {
                        var v = queue[^1];
                        queue.RemoveAt(queue.Count - 1);
                        foreach (var p in neighbend[v])
                        {
                            var k = p / 2;
                            var w = endpoint[p];
                            if (inblossom[v] == inblossom[w])
                            {
                                continue;
                            }
                            long kslack = 0;
                            if (!allowedge[k])
                            {
                                kslack = Slack(k);
                                if (kslack <= 0)
                                {
                                    allowedge[k] = true;
                                }
                            }
                            if (allowedge[k])
                            {
                                if (label[inblossom[w]] == 0)
                                {
                                    AssignLabel(w, 2, p ^ 1);
                                }
                                else if (label[inblossom[w]] == 1)
                                {
                                    var basev = ScanBlossom(v, w);
                                    if (basev >= 0)
                                    {
                                        AddBlossom(basev, k);
                                    }
                                    else
                                    {
                                        AugmentMatching(k);
                                        augmented = true;
                                        break;
                                    }
                                }
                                else if (label[w] == 0)
                                {
                                    label[w] = 2;
                                    labelend[w] = p ^ 1;
                                }
                            }
                            else if (label[inblossom[w]] == 1)
                            {
                                var b = inblossom[v];
                                if (bestedge[b] == -1 || kslack < Slack(bestedge[b]))
                                {
                                    bestedge[b] = k;
                                }
                            }
                            else if (label[w] == 0)
                            {
                                if (bestedge[w] == -1 || kslack < Slack(bestedge[w]))
                                {
                                    bestedge[w] = k;
                                }
                            }
                        }
                    }
                    if (augmented)
                    {
                        break;
                    }

                    var deltatype = -1;
                    long delta = 0;
                    var deltaedge = -1;
                    var deltablossom = -1;
                    if (!maxCardinality)
                    {
                        deltatype = 1;
                        delta = long.MaxValue;
                        for (var v = 0; v < nvertex; v++)
                        {
                            delta = Math.Min(delta, dualvar[v]);
                        }
                    }
                    for (var v = 0; v < nvertex; v++)
                    {
                        if (label[inblossom[v]] == 0 && bestedge[v] != -1)
                        {
                            var d = Slack(bestedge[v]);
                            if (deltatype == -1 || d < delta)
                            {
                                delta = d;
                                deltatype = 2;
                                deltaedge = bestedge[v];
                            }
                        }
                    }
                    for (var b = 0; b < 2 * nvertex; b++)
                    {
                        if (blossomparent[b] == -1 && label[b] == 1 && bestedge[b] != -1)
                        {
                            // Weights are doubled, so every slack between S-blossoms is even.
                            var d = Slack(bestedge[b]) / 2;
                            if (deltatype == -1 || d < delta)
                            {
                                delta = d;
                                deltatype = 3;
                                deltaedge = bestedge[b];
                            }
                        }
                    }
                    for (var b = nvertex; b < 2 * nvertex; b++)
                    {
                        if (blossombase[b] >= 0 && blossomparent[b] == -1 && label[b] == 2 && (deltatype == -1 || dualvar[b] < delta))
                        {
                            delta = dualvar[b];
                            deltatype = 4;
                            deltablossom = b;
                        }
                    }
                    if (deltatype == -1)
                    {
                        // No further improvement possible; max-cardinality optimum reached.
                        deltatype = 1;
                        delta = long.MaxValue;
                        for (var v = 0; v < nvertex; v++)
                        {
                            delta = Math.Min(delta, dualvar[v]);
                        }
                        delta = Math.Max(0, delta);
                    }
                    for (var v = 0; v < nvertex; v++)
                    {
                        if (label[inblossom[v]] == 1)
                        {
                            dualvar[v] -= delta;
                        }
                        else if (label[inblossom[v]] == 2)
                        {
                            dualvar[v] += delta;
                        }
                    }
                    for (var b = nvertex; b < 2 * nvertex; b++)
                    {
                        if (blossombase[b] >= 0 && blossomparent[b] == -1)
                        {
                            if (label[b] == 1)
                            {
                                dualvar[b] += delta;
                            }
                            else if (label[b] == 2)
                            {
                                dualvar[b] -= delta;
                            }
                        }
                    }
                    if (deltatype == 1)
                    {
                        break;
                    }
                    if (deltatype == 2)
                    {
                        allowedge[deltaedge] = true;
                        var i = edgeI[deltaedge];
                        var j = edgeJ[deltaedge];
                        if (label[inblossom[i]] == 0)
                        {
                            (i, j) = (j, i);
                        }
                        queue.Add(i);
                    }
                    else if (deltatype == 3)
                    {
                        allowedge[deltaedge] = true;
                        queue.Add(edgeI[deltaedge]);
                    }
                    else
                    {
                        ExpandBlossom(deltablossom, false);
                    }
                }
                if (!augmented)
                {
                    break;
                }
                for (var b = nvertex; b < 2 * nvertex; b++)
                {
                    if (blossomparent[b] == -1 && blossombase[b] >= 0 && label[b] == 1 && dualvar[b] == 0)
                    {
                        ExpandBlossom(b, true);
                    }
                }
            }
            var result = new int[nvertex];
            for (var v = 0; v < nvertex; v++)
            {
                result[v] = mate[v] >= 0 ? endpoint[mate[v]] : -1;
            }
            return result;
        }
    }
}
