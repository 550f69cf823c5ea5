using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;

namespace Guild.Web.Platform.Data;

/// <summary>
/// Inserts many rows fast, for the demo generators and imports: binary COPY on PostgreSQL, one
/// prepared statement in a transaction on SQLite. Table and column names, and value conversions,
/// come from the EF model, so they never drift from the migrations. Inside a transaction begun on
/// the context (<c>db.Database.BeginTransactionAsync()</c>) the rows join it and commit or roll back
/// with everything else in it; otherwise each call commits on its own.
/// </summary>
public sealed class BulkInserter(GuildDb db)
{
    public async Task<int> InsertAsync<T>(IEnumerable<T> rows, CancellationToken cancellationToken) where T : class
    {
        var entityType = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not mapped.");
        var table = entityType.GetTableName()!;
        var storeObject = StoreObjectIdentifier.Table(table, entityType.GetSchema());
        var columns = entityType.GetProperties()
            .Where(p => p.PropertyInfo is not null && p.GetColumnName(storeObject) is not null)
            .Select(p => new Column(p.GetColumnName(storeObject)!, p, p.GetTypeMapping().Converter))
            .ToList();

        var connection = db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened)
        {
            await connection.OpenAsync(cancellationToken);
        }
        try
        {
            // COPY runs in the connection's open transaction by itself; SQLite commands must be given it.
            var ambient = db.Database.CurrentTransaction?.GetDbTransaction();
            return connection is NpgsqlConnection npgsql
                ? await CopyAsync(npgsql, table, columns, rows, cancellationToken)
                : await InsertPreparedAsync(connection, ambient, table, columns, rows, cancellationToken);
        }
        finally
        {
            if (opened)
            {
                await connection.CloseAsync();
            }
        }
    }

    private sealed record Column(string Name, IProperty Property, Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter? Converter)
    {
        public object? ValueOf(object row)
        {
            var value = Property.PropertyInfo!.GetValue(row);
            return value is null ? null : Converter is null ? value : Converter.ConvertToProvider(value);
        }
    }

    private static async Task<int> CopyAsync<T>(NpgsqlConnection connection, string table, List<Column> columns, IEnumerable<T> rows, CancellationToken cancellationToken)
        where T : class
    {
        var sql = $"COPY \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c.Name}\""))}) FROM STDIN (FORMAT BINARY)";
        await using var importer = await connection.BeginBinaryImportAsync(sql, cancellationToken);
        var count = 0;
        foreach (var row in rows)
        {
            await importer.StartRowAsync(cancellationToken);
            foreach (var column in columns)
            {
                var value = column.ValueOf(row);
                if (value is null)
                {
                    await importer.WriteNullAsync(cancellationToken);
                }
                else
                {
                    await WriteAsync(importer, value, cancellationToken);
                }
            }
            count++;
        }
        await importer.CompleteAsync(cancellationToken);
        return count;
    }

    private static Task WriteAsync(NpgsqlBinaryImporter importer, object value, CancellationToken cancellationToken) => value switch
    {
        string text => importer.WriteAsync(text, NpgsqlTypes.NpgsqlDbType.Text, cancellationToken),
        Guid guid => importer.WriteAsync(guid, NpgsqlTypes.NpgsqlDbType.Uuid, cancellationToken),
        int number => importer.WriteAsync(number, NpgsqlTypes.NpgsqlDbType.Integer, cancellationToken),
        long number => importer.WriteAsync(number, NpgsqlTypes.NpgsqlDbType.Bigint, cancellationToken),
        short number => importer.WriteAsync(number, NpgsqlTypes.NpgsqlDbType.Smallint, cancellationToken),
        bool flag => importer.WriteAsync(flag, NpgsqlTypes.NpgsqlDbType.Boolean, cancellationToken),
        double number => importer.WriteAsync(number, NpgsqlTypes.NpgsqlDbType.Double, cancellationToken),
        decimal number => importer.WriteAsync(number, NpgsqlTypes.NpgsqlDbType.Numeric, cancellationToken),
        DateTimeOffset instant => importer.WriteAsync(instant.ToUniversalTime(), NpgsqlTypes.NpgsqlDbType.TimestampTz, cancellationToken),
        DateTime instant => importer.WriteAsync(DateTime.SpecifyKind(instant, DateTimeKind.Utc), NpgsqlTypes.NpgsqlDbType.TimestampTz, cancellationToken),
        DateOnly date => importer.WriteAsync(date, NpgsqlTypes.NpgsqlDbType.Date, cancellationToken),
        TimeOnly time => importer.WriteAsync(time, NpgsqlTypes.NpgsqlDbType.Time, cancellationToken),
        byte[] bytes => importer.WriteAsync(bytes, NpgsqlTypes.NpgsqlDbType.Bytea, cancellationToken),
        _ => importer.WriteAsync(value, cancellationToken),
    };

    private static async Task<int> InsertPreparedAsync<T>(DbConnection connection, DbTransaction? ambient, string table, List<Column> columns,
        IEnumerable<T> rows, CancellationToken cancellationToken)
        where T : class
    {
        await using var own = ambient is null ? await connection.BeginTransactionAsync(cancellationToken) : null;
        await using var command = connection.CreateCommand();
        command.Transaction = ambient ?? own;
        command.CommandText = $"INSERT INTO \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c.Name}\""))}) " +
                              $"VALUES ({string.Join(", ", columns.Select((_, i) => $"$p{i}"))})";
        var parameters = columns.Select((_, i) =>
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = $"$p{i}";
            command.Parameters.Add(parameter);
            return parameter;
        }).ToArray();
        await command.PrepareAsync(cancellationToken);
        var count = 0;
        foreach (var row in rows)
        {
            for (var i = 0; i < columns.Count; i++)
            {
                parameters[i].Value = columns[i].ValueOf(row) ?? DBNull.Value;
            }
            await command.ExecuteNonQueryAsync(cancellationToken);
            count++;
        }
        if (own is not null)
        {
            await own.CommitAsync(cancellationToken);
        }
        return count;
    }
}
