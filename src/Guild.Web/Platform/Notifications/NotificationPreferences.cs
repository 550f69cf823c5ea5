using Guild.Web.Platform.Data;
using Guild.Web.Platform.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Guild.Web.Platform.Notifications;

/// <summary>One kind of notification and how the signed-in person gets it by mail.</summary>
public sealed record NotificationPreferenceView(string Kind, string Label, NotificationDelivery Delivery, NotificationDelivery DefaultDelivery);

/// <summary>
/// The signed-in person's own mail choices per kind of notification. The list is read while the
/// settings page renders, so it takes a context of its own; saving is a command on the request's GuildDb.
/// </summary>
public sealed class NotificationPreferences(IDbContextFactory<GuildDb> contexts, GuildDb db, CurrentPerson me, NotificationTexts texts, TimeProvider clock,
    IStringLocalizer<NotificationText> text)
{
    /// <summary>Every registered kind with the person's choice, or the kind's default.</summary>
    public async Task<IReadOnlyList<NotificationPreferenceView>> ListMineAsync(CancellationToken cancellationToken)
    {
        var myId = me.Id;
        await using var reader = await contexts.CreateDbContextAsync(cancellationToken);
        var chosen = await reader.Set<NotificationPreference>().AsNoTracking()
            .Where(p => p.PersonId == myId)
            .ToDictionaryAsync(p => p.Kind, p => p.Delivery, StringComparer.Ordinal, cancellationToken);
        return texts.Kinds
            .Select(kind => new NotificationPreferenceView(kind.Key, texts.LabelOf(kind),
                chosen.GetValueOrDefault(kind.Key, kind.DefaultDelivery), kind.DefaultDelivery))
            .OrderBy(view => view.Label, StringComparer.CurrentCulture)
            .ToList();
    }

    /// <summary>
    /// Stores the person's choices (kind key to delivery name). Kinds left out keep their setting;
    /// an unknown kind or delivery changes nothing and answers which field is wrong.
    /// </summary>
    public async Task<Result<IReadOnlyList<NotificationPreferenceView>>> SaveMineAsync(
        IReadOnlyDictionary<string, string> choices, CancellationToken cancellationToken)
    {
        var parsed = new Dictionary<string, NotificationDelivery>(StringComparer.Ordinal);
        var errors = new Dictionary<string, string[]>();
        foreach (var (kind, value) in choices)
        {
            if (texts.Find(kind) is null)
            {
                errors[kind] = [text["UnknownKind"]];
            }
            else if (!TryParseDelivery(value, out var delivery))
            {
                errors[kind] = [text["UnknownDelivery"]];
            }
            else
            {
                parsed[kind] = delivery;
            }
        }
        if (errors.Count > 0)
        {
            return Result<IReadOnlyList<NotificationPreferenceView>>.Invalid(errors);
        }
        var myId = me.Id;
        var now = clock.GetUtcNow();
        var existing = await db.Set<NotificationPreference>()
            .Where(p => p.PersonId == myId)
            .ToDictionaryAsync(p => p.Kind, StringComparer.Ordinal, cancellationToken);
        foreach (var (kind, delivery) in parsed)
        {
            if (existing.TryGetValue(kind, out var preference))
            {
                if (preference.Delivery != delivery)
                {
                    preference.Delivery = delivery;
                    preference.UpdatedAt = now;
                }
            }
            else
            {
                db.Add(new NotificationPreference { PersonId = myId, Kind = kind, Delivery = delivery, UpdatedAt = now });
            }
        }
        await db.SaveChangesAsync(cancellationToken);
        return Result<IReadOnlyList<NotificationPreferenceView>>.Ok(await ListMineAsync(cancellationToken));
    }

    /// <summary>Names only ("DailyDigest"), not numbers: a number is not a choice anyone made on purpose.</summary>
    public static bool TryParseDelivery(string? value, out NotificationDelivery delivery)
    {
        delivery = default;
        return !string.IsNullOrWhiteSpace(value) && !char.IsAsciiDigit(value.TrimStart()[0]) && !value.TrimStart().StartsWith('-')
            && Enum.TryParse(value, ignoreCase: true, out delivery) && Enum.IsDefined(delivery);
    }
}
