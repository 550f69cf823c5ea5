using System.Text.Json;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Identity;

namespace Guild.Web.Platform.Audit;

/// <summary>
/// Writes audit entries into the caller's unit of work, so the entry commits or rolls back
/// together with the change it describes.
/// </summary>
public sealed class AuditLog(GuildDb db, CurrentPerson me, TimeProvider clock)
{
    public AuditEntry Record(string action, string objectType, string? objectId, string? objectName, object? details = null)
    {
        var entry = new AuditEntry
        {
            At = clock.GetUtcNow(),
            ActorId = me.IdOrNull,
            ActorName = me.IsSignedIn ? me.DisplayName : "system",
            Action = action,
            ObjectType = objectType,
            ObjectId = objectId,
            ObjectName = objectName,
            Details = details is null ? null : JsonSerializer.Serialize(details, JsonSerializerOptions.Web),
        };
        db.Add(entry);
        return entry;
    }
}
