using Guild.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Guild.Web.Platform.Organisation;

/// <summary>A read-only view of the organisation's settings that every page may ask for.</summary>
public sealed record OrganisationView(
    string Name,
    string? LogoKey,
    string DefaultLanguage,
    TimeZoneInfo TimeZone,
    TimeOnly WorkdayStart,
    TimeOnly WorkdayEnd,
    IReadOnlyList<DayOfWeek> WorkingDays,
    string LearningRecordBaseIri,
    DateTimeOffset UpdatedAt)
{
    public DateTimeOffset ToLocal(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, TimeZone);

    public bool IsWorkingTime(DateTimeOffset instant)
    {
        var local = ToLocal(instant);
        var time = TimeOnly.FromDateTime(local.DateTime);
        return WorkingDays.Contains(local.DayOfWeek) && time >= WorkdayStart && time < WorkdayEnd;
    }
}

/// <summary>
/// Reads the organisation's settings, cached for a short while on each node: every page needs them,
/// and a change made on another node shows within <see cref="CacheFor"/>.
/// </summary>
public sealed class OrganisationProfile(IServiceScopeFactory scopes, IMemoryCache cache)
{
    private const string CacheKey = "organisation";
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

    public async Task<OrganisationView> GetAsync(CancellationToken cancellationToken = default) =>
        await cache.GetOrCreateAsync(CacheKey, async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = CacheFor;
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<GuildDb>();
            var settings = await db.Set<OrganisationSettings>().AsNoTracking().SingleAsync(cancellationToken);
            return ToView(settings);
        }) ?? throw new InvalidOperationException("The organisation settings are missing.");

    public void Forget() => cache.Remove(CacheKey);

    public static OrganisationView ToView(OrganisationSettings settings) => new(
        settings.Name,
        settings.LogoKey,
        settings.DefaultLanguage,
        FindTimeZone(settings.TimeZoneId),
        settings.WorkdayStart,
        settings.WorkdayEnd,
        settings.WorkingDays,
        settings.LearningRecordBaseIri,
        settings.UpdatedAt);

    public static TimeZoneInfo FindTimeZone(string id) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;
}
