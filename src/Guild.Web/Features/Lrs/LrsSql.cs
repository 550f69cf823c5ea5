using System.Data.Common;
using Guild.Web.Platform.Data;

namespace Guild.Web.Features.Lrs;

/// <summary>
/// The few differences between the providers that the LRS's hand-written SQL meets: how an instant
/// and a UUID are stored (SQLite keeps instants as microseconds and UUIDs as upper-case text, as
/// EF Core's mappings do), and parameter lists.
/// </summary>
internal sealed class LrsSql(bool isPostgres)
{
    private const long UnixEpochTicks = 621355968000000000L;

    public bool IsPostgres { get; } = isPostgres;

    public static LrsSql For(GuildDb db) => new(db.IsPostgres);

    /// <summary>Instants are kept to the microsecond on both providers.</summary>
    public static DateTimeOffset Truncate(DateTimeOffset instant) =>
        new(instant.UtcTicks - instant.UtcTicks % 10, TimeSpan.Zero);

    public object Instant(DateTimeOffset instant) =>
        IsPostgres ? Truncate(instant) : (instant.UtcTicks - UnixEpochTicks) / 10;

    public object Uuid(Guid id) => IsPostgres ? id : id.ToString("D").ToUpperInvariant();

    public object? Uuid(Guid? id) => id is { } value ? Uuid(value) : null;

    public DateTimeOffset ReadInstant(DbDataReader reader, int ordinal) =>
        IsPostgres ? reader.GetFieldValue<DateTimeOffset>(ordinal).ToUniversalTime()
            : new DateTimeOffset(UnixEpochTicks + reader.GetInt64(ordinal) * 10, TimeSpan.Zero);

    public Guid ReadUuid(DbDataReader reader, int ordinal) =>
        IsPostgres ? reader.GetGuid(ordinal) : Guid.Parse(reader.GetString(ordinal));

    public string True => IsPostgres ? "TRUE" : "1";

    public string False => IsPostgres ? "FALSE" : "0";

    public static DbParameter Add(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return parameter;
    }

    /// <summary>"@p0, @p1, ..." for an IN list, adding the parameters.</summary>
    public static string InList<T>(DbCommand command, string prefix, IEnumerable<T> values, Func<T, object?> convert)
    {
        var names = new List<string>();
        var i = 0;
        foreach (var value in values)
        {
            var name = $"@{prefix}{i++}";
            Add(command, name, convert(value));
            names.Add(name);
        }
        return names.Count == 0 ? "NULL" : string.Join(", ", names);
    }
}
