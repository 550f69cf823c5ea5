using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Guild.Web.Platform.Data;

/// <summary>Stores an instant as microseconds since the Unix epoch (UTC), so SQLite can sort and compare it.</summary>
public sealed class UtcInstantConverter() : ValueConverter<DateTimeOffset, long>(
    value => ToMicroseconds(value),
    stored => FromMicroseconds(stored))
{
    private const long UnixEpochTicks = 621355968000000000L;
    private const long TicksPerMicrosecond = 10;

    /// <summary>The stored form on SQLite; hand-written SQL uses it through <see cref="ProviderSql"/>.</summary>
    public static long ToMicroseconds(DateTimeOffset value) => (value.UtcTicks - UnixEpochTicks) / TicksPerMicrosecond;

    public static DateTimeOffset FromMicroseconds(long stored) => new(UnixEpochTicks + stored * TicksPerMicrosecond, TimeSpan.Zero);
}
