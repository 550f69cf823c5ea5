using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;

namespace Guild.Web.Platform.Api;

/// <summary>Query parameters of every paged list: <c>?page=1&amp;pageSize=50</c>.</summary>
public sealed record PageRequest(
    [property: Range(1, 100_000)] int Page = 1,
    [property: Range(1, PageRequest.MaxPageSize)] int PageSize = PageRequest.DefaultPageSize)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    public int Skip => (Page - 1) * PageSize;

    /// <summary>Clamps values from a page's query string (pages never fail on a bad number).</summary>
    public static PageRequest Lenient(int? page, int? pageSize = null) =>
        new(Math.Clamp(page ?? 1, 1, 100_000), Math.Clamp(pageSize ?? DefaultPageSize, 1, MaxPageSize));
}

/// <summary>One page of a list, with what a client needs to fetch the next.</summary>
public sealed record Paged<T>(IReadOnlyList<T> Items, int Page, int PageSize, int TotalCount)
{
    public int PageCount => TotalCount == 0 ? 1 : (TotalCount + PageSize - 1) / PageSize;
    public bool HasNext => Page < PageCount;
    public bool HasPrevious => Page > 1;

    public Paged<TOut> Map<TOut>(Func<T, TOut> map) => new(Items.Select(map).ToList(), Page, PageSize, TotalCount);
}

public static class PagingExtensions
{
    public static async Task<Paged<T>> ToPagedAsync<T>(this IQueryable<T> query, PageRequest request, CancellationToken cancellationToken)
    {
        var total = await query.CountAsync(cancellationToken);
        var items = total == 0 ? [] : await query.Skip(request.Skip).Take(request.PageSize).ToListAsync(cancellationToken);
        return new Paged<T>(items, request.Page, request.PageSize, total);
    }
}
