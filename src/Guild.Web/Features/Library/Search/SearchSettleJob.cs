using Guild.Web.Platform.Data;
using Guild.Web.Platform.Jobs;
using Guild.Web.Platform.LearningRecords;
using Microsoft.EntityFrameworkCore;

namespace Guild.Web.Features.Library.Search;

/// <summary>
/// The end of a search's click window: a search with results that nobody opened goes to the restock board as "no click",
/// with a learning record that it did not succeed. A click that settled it first wins (the settled time is a concurrency
/// token), so a search is settled once. Safe to run again.
/// </summary>
internal sealed class SearchSettleJob(GuildDb db, LearningRecorder learning, TimeProvider clock) : IJobHandler
{
    public const string JobKind = "library.search.settle";

    public sealed record Payload(Guid SearchId);

    public string Kind => JobKind;

    public async Task RunAsync(JobContext job, CancellationToken cancellationToken)
    {
        var id = job.PayloadAs<Payload>().SearchId;
        var search = await db.Set<LibrarySearch>().FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (search is null || search.SettledAt is not null || search.ClickedAt is not null)
        {
            return;
        }
        var now = clock.GetUtcNow();
        search.SettledAt = now;
        await LibrarySearchService.AddUnansweredAsync(db, learning, search, UnansweredReason.NoClick, now, cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // A click settled it meanwhile.
        }
    }
}
