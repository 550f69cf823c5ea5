namespace Guild.Web.Features.Library.Resources;

/// <summary>
/// Which lines changed between two versions of a resource (title, summary, address and text, line by line), by the
/// longest common subsequence. Resources are short, so the quadratic table stays small; longer texts are compared as a
/// whole block to keep a history page cheap.
/// </summary>
public static class RevisionDiff
{
    public enum LineKind { Same, Added, Removed }

    public sealed record Line(LineKind Kind, string Text);

    private const int MaxCells = 250_000;

    public static IReadOnlyList<string> TextOf(RevisionView revision) =>
        [revision.Title, revision.Summary, .. revision.Url is null ? Array.Empty<string>() : [revision.Url],
            .. (revision.Markdown ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n')];

    public static IReadOnlyList<Line> Compare(IReadOnlyList<string> before, IReadOnlyList<string> after)
    {
        if ((long)before.Count * after.Count > MaxCells)
        {
            return [.. before.Select(l => new Line(LineKind.Removed, l)), .. after.Select(l => new Line(LineKind.Added, l))];
        }
        var lengths = new int[before.Count + 1, after.Count + 1];
        for (var i = before.Count - 1; i >= 0; i--)
        {
            for (var j = after.Count - 1; j >= 0; j--)
            {
                lengths[i, j] = string.Equals(before[i], after[j], StringComparison.Ordinal)
                    ? lengths[i + 1, j + 1] + 1
                    : Math.Max(lengths[i + 1, j], lengths[i, j + 1]);
            }
        }
        var lines = new List<Line>();
        int a = 0, b = 0;
        while (a < before.Count && b < after.Count)
        {
            if (string.Equals(before[a], after[b], StringComparison.Ordinal))
            {
                lines.Add(new Line(LineKind.Same, before[a]));
                a++;
                b++;
            }
            else if (lengths[a + 1, b] >= lengths[a, b + 1])
            {
                lines.Add(new Line(LineKind.Removed, before[a++]));
            }
            else
            {
                lines.Add(new Line(LineKind.Added, after[b++]));
            }
        }
        lines.AddRange(before.Skip(a).Select(l => new Line(LineKind.Removed, l)));
        lines.AddRange(after.Skip(b).Select(l => new Line(LineKind.Added, l)));
        return lines;
    }
}
