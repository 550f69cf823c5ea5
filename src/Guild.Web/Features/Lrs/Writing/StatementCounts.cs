using System.Data.Common;
using Guild.Web.Platform.Data;
using Npgsql;

namespace Guild.Web.Features.Lrs.Writing;

/// <summary>
/// Adds statements to the quarter-hour counts (<see cref="LrsStatementCount"/>): the writer in the
/// transaction that stores them, the demo generator for what it generated. Adding, never setting, so
/// writers on several nodes may count the same quarter at once.
/// </summary>
internal static class StatementCounts
{
    public const string AddFromArrays = "INSERT INTO lrs_statement_counts (bucket, statements) SELECT * FROM unnest(@b, @n) " +
                                        "ON CONFLICT (bucket) DO UPDATE SET statements = lrs_statement_counts.statements + EXCLUDED.statements";

    private const string AddOne = "INSERT INTO lrs_statement_counts (bucket, statements) VALUES (@b, @n) " +
                                  "ON CONFLICT (bucket) DO UPDATE SET statements = statements + excluded.statements";

    /// <summary>How many of these stored times fall in each quarter hour.</summary>
    public static List<(DateTimeOffset Bucket, long Count)> Buckets(IEnumerable<DateTimeOffset> stored) =>
        stored.GroupBy(LrsStatementCount.BucketOf).Select(g => (g.Key, (long)g.Count())).ToList();

    public static IEnumerable<NpgsqlParameter> ArrayParameters(IReadOnlyList<(DateTimeOffset Bucket, long Count)> buckets)
    {
        yield return new NpgsqlParameter("b", buckets.Select(b => b.Bucket).ToArray());
        yield return new NpgsqlParameter("n", buckets.Select(b => b.Count).ToArray());
    }

    public static async Task AddAsync(DbConnection connection, DbTransaction? transaction, ProviderSql sql,
        IReadOnlyList<(DateTimeOffset Bucket, long Count)> buckets, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        if (sql.IsPostgres)
        {
            command.CommandText = AddFromArrays;
            command.Parameters.AddRange(ArrayParameters(buckets).ToArray());
            await command.ExecuteNonQueryAsync(cancellationToken);
            return;
        }
        command.CommandText = AddOne;
        var bucket = ProviderSql.Add(command, "@b", null);
        var count = ProviderSql.Add(command, "@n", null);
        foreach (var (at, n) in buckets)
        {
            bucket.Value = sql.Instant(at);
            count.Value = n;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
