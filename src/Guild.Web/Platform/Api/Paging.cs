using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Guild.Web.Platform.Api;

/// <summary>Query parameters of every paged list: <c>?page=1&amp;pageSize=50</c>.</summary>
/// <param name="Page">Which page, from 1.</param>
/// <param name="PageSize">How many items a page holds, 1 to 200 (default 50).</param>
public sealed record PageRequest(
    [FromQuery(Name = "page")][property: Range(1, 100_000)] int Page = 1,
    [FromQuery(Name = "pageSize")][property: Range(1, PageRequest.MaxPageSize)] int PageSize = PageRequest.DefaultPageSize)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    public int Skip => (Page - 1) * PageSize;

    /// <summary>Clamps values from a page's query string (pages never fail on a bad number).</summary>
    public static PageRequest Lenient(int? page, int? pageSize = null) =>
        new(Math.Clamp(page ?? 1, 1, 100_000), Math.Clamp(pageSize ?? DefaultPageSize, 1, MaxPageSize));
}

/// <summary>One page of a list, with what a client needs to fetch the next.</summary>
/// <param name="Items">The items of this page.</param>
/// <param name="Page">This page's number, from 1.</param>
/// <param name="PageSize">How many items a page holds.</param>
/// <param name="TotalCount">How many items the whole list holds.</param>
public sealed record Paged<T>(IReadOnlyList<T> Items, int Page, int PageSize, int TotalCount)
{
    /// <summary>How many pages the list has (at least 1).</summary>
    public int PageCount => TotalCount == 0 ? 1 : (TotalCount + PageSize - 1) / PageSize;

    /// <summary>Whether there is a page after this one.</summary>
    public bool HasNext => Page < PageCount;

    /// <summary>Whether there is a page before this one.</summary>
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
