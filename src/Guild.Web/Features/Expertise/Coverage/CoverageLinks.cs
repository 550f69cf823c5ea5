namespace Guild.Web.Features.Expertise.Coverage;

/// <summary>The coverage pages' addresses: the sort travels in the query string, so sorting works without script.</summary>
internal static class CoverageLinks
{
    public static string Of(Guid capabilityId, CoverageSort sort) =>
        sort == CoverageSort.Tree ? $"/admin/coverage/{capabilityId}" : $"/admin/coverage/{capabilityId}?sort={SortValue(sort)}";

    public static string SortValue(CoverageSort sort) => sort.ToString().ToLowerInvariant();

    /// <summary>Anything unknown is map order: a mistyped link still shows the page.</summary>
    public static CoverageSort ParseSort(string? text) =>
        Enum.TryParse<CoverageSort>(text, ignoreCase: true, out var sort) && Enum.IsDefined(sort) ? sort : CoverageSort.Tree;
}
