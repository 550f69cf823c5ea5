namespace Guild.Web.Features.Library.Resources;

/// <summary>A resource was published (directly, or by its reviewer's approval): what listeners learn of it.</summary>
/// <param name="ResourceId">The resource.</param>
/// <param name="Title">Its title as published.</param>
/// <param name="Authors">Its authors.</param>
/// <param name="At">When.</param>
public sealed record ResourcePublished(Guid ResourceId, string Title, IReadOnlyList<Guid> Authors, DateTimeOffset At);

/// <summary>
/// Lets another feature act when a resource is published (the restock board marks the requests it fulfils as done), inside
/// the publication's unit of work: whatever the listener adds with the request's <c>GuildDb</c> commits with the
/// publication, or not at all. Register with <c>services.AddScoped&lt;IResourcePublishedListener, T&gt;()</c>.
/// </summary>
public interface IResourcePublishedListener
{
    Task PublishedAsync(ResourcePublished published, CancellationToken cancellationToken);
}
