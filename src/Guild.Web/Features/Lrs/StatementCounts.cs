using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Guild.Web.Features.Lrs;

/// <summary>
/// How many statements the LRS stored in one quarter of an hour (UTC), kept up to date by the
/// <see cref="Writing.StatementWriter"/> in the transaction that stores them. The admin pages add quarters up
/// into days of the organisation's time zone: quarters rather than days, so that changing the time
/// zone, summer time, and zones a half or three quarters of an hour off UTC all still give true local
/// days. Thirty days are 2,880 small rows, however many millions of statements they count.
/// </summary>
public sealed class LrsStatementCount
{
    public static readonly TimeSpan BucketSize = TimeSpan.FromMinutes(15);

    public DateTimeOffset Bucket { get; set; }
    public long Statements { get; set; }

    public static DateTimeOffset BucketOf(DateTimeOffset instant)
    {
        var ticks = instant.UtcTicks;
        return new DateTimeOffset(ticks - ticks % BucketSize.Ticks, TimeSpan.Zero);
    }
}

internal sealed class LrsStatementCountConfiguration : IEntityTypeConfiguration<LrsStatementCount>
{
    public void Configure(EntityTypeBuilder<LrsStatementCount> builder)
    {
        builder.ToTable("lrs_statement_counts");
        builder.HasKey(c => c.Bucket);
    }
}
