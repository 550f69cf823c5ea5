using Guild.Tests.Infrastructure;
using Guild.Web.Platform.Audit;
using Guild.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Guild.Tests.Platform.Audit;

public abstract class AuditLogTests(GuildApp app)
{
    [Fact]
    public async Task Recorded_entry_names_the_actor_the_action_and_the_object()
    {
        var admin = await app.CreatePersonAsync("Audit", "Admin");
        var id = await app.AsPersonAsync(admin.Id, async services =>
        {
            var recorded = services.GetRequiredService<AuditLog>().Record("test.did-something", "Thing", "42", "The thing", new { Reason = "testing" });
            await services.GetRequiredService<GuildDb>().SaveChangesAsync();
            return recorded.Id;
        });
        var entry = await app.WithDbAsync(db => db.Set<AuditEntry>().AsNoTracking().SingleAsync(e => e.Id == id));
        Assert.Equal(admin.Id, entry.ActorId);
        Assert.Equal("Audit Admin", entry.ActorName);
        Assert.Equal("Thing", entry.ObjectType);
        Assert.Equal("42", entry.ObjectId);
        Assert.Equal(app.Clock.GetUtcNow(), entry.At);
        Assert.Contains("testing", entry.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_database_refuses_to_change_or_delete_an_audit_entry()
    {
        var id = await app.WithDbAsync(async db =>
        {
            var entry = new AuditEntry { At = app.Clock.GetUtcNow(), ActorName = "system", Action = "test.append-only", ObjectType = "Thing" };
            db.Add(entry);
            await db.SaveChangesAsync();
            return entry.Id;
        });
        await Assert.ThrowsAnyAsync<Exception>(() => app.WithDbAsync(db =>
            db.Set<AuditEntry>().Where(e => e.Id == id).ExecuteUpdateAsync(set => set.SetProperty(e => e.Action, "tampered"))));
        await Assert.ThrowsAnyAsync<Exception>(() => app.WithDbAsync(db =>
            db.Set<AuditEntry>().Where(e => e.Id == id).ExecuteDeleteAsync()));
        var stored = await app.WithDbAsync(db => db.Set<AuditEntry>().AsNoTracking().SingleAsync(e => e.Id == id));
        Assert.Equal("test.append-only", stored.Action);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class AuditLogTestsOnSqlite(SqliteApp app) : AuditLogTests(app);

[Collection(PostgresCollection.Name)]
public sealed class AuditLogTestsOnPostgres(PostgresApp app) : AuditLogTests(app);
