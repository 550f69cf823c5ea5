using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Guild.Web.Platform.Data;

/// <summary>Stores an instant as microseconds since the Unix epoch (UTC), so SQLite can sort and compare it.</summary>
public sealed class UtcInstantConverter() : ValueConverter<DateTimeOffset, long>(
    value => (value.UtcTicks - UnixEpochTicks) / TicksPerMicrosecond,
    stored => new DateTimeOffset(UnixEpochTicks + stored * TicksPerMicrosecond, TimeSpan.Zero))
{
    private const long UnixEpochTicks = 621355968000000000L;
    private const long TicksPerMicrosecond = 10;
}
