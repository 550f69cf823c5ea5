using System.Data.Common;

namespace Guild.Web.Platform.Data;

/// <summary>
/// The few differences between the providers that hand-written SQL meets (the LRS, the learning-act
/// outbox, leased queues): how an instant and a UUID are stored (SQLite keeps instants as microseconds,
/// <see cref="UtcInstantConverter"/>, and UUIDs as upper-case text, as EF Core's mappings do), and parameter lists.
/// The one place for them: hand-written SQL never converts instants or UUIDs itself.
/// </summary>
internal sealed class ProviderSql(bool isPostgres)
{
    public bool IsPostgres { get; } = isPostgres;

    public static ProviderSql For(GuildDb db) => new(db.IsPostgres);

    /// <summary>Instants are kept to the microsecond on both providers.</summary>
    public static DateTimeOffset Truncate(DateTimeOffset instant) =>
        new(instant.UtcTicks - instant.UtcTicks % 10, TimeSpan.Zero);

    public object Instant(DateTimeOffset instant) =>
        IsPostgres ? Truncate(instant) : UtcInstantConverter.ToMicroseconds(instant);

    public object Uuid(Guid id) => IsPostgres ? id : id.ToString("D").ToUpperInvariant();

    public object? Uuid(Guid? id) => id is { } value ? Uuid(value) : null;

    public DateTimeOffset ReadInstant(DbDataReader reader, int ordinal) =>
        IsPostgres ? reader.GetFieldValue<DateTimeOffset>(ordinal).ToUniversalTime()
            : UtcInstantConverter.FromMicroseconds(reader.GetInt64(ordinal));

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
