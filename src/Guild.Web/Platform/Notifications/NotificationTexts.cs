using Microsoft.Extensions.Localization;

namespace Guild.Web.Platform.Notifications;

/// <summary>
/// Turns stored notifications into sentences in the current UI culture: the centre, the API and the
/// mail templates (which render in the recipient's language) all read them from here.
/// </summary>
public sealed class NotificationTexts(IEnumerable<NotificationKind> kinds, IStringLocalizerFactory localizers)
{
    private readonly Dictionary<string, NotificationKind> _kinds = kinds.ToDictionary(k => k.Key, StringComparer.Ordinal);

    public IReadOnlyCollection<NotificationKind> Kinds => _kinds.Values;

    public NotificationKind? Find(string key) => _kinds.GetValueOrDefault(key);

    /// <summary>The kind's label for the preferences page, <c>{Key}.Label</c>.</summary>
    public string LabelOf(NotificationKind kind) => localizers.Create(kind.TextResource)[kind.Key + ".Label"];

    /// <summary>The entry's sentence: "Anna, Ben and 3 others thanked you for “…”".</summary>
    public string TextOf(Notification notification)
    {
        if (!_kinds.TryGetValue(notification.Kind, out var kind))
        {
            return notification.SubjectTitle;
        }
        var text = localizers.Create(kind.TextResource);
        var shared = localizers.Create(typeof(Layout.SharedText));
        var others = notification.Count - notification.RecentActors.Count;
        var actors = notification.RecentActors.Count switch
        {
            0 => "",
            1 when others <= 0 => notification.RecentActors[0],
            _ when others <= 0 => shared["ActorsAnd", string.Join(", ", notification.RecentActors.SkipLast(1)), notification.RecentActors[^1]],
            _ => shared["ActorsAndOthers", string.Join(", ", notification.RecentActors), others],
        };
        var subject = notification.SubjectTitle;
        if (kind.SubjectIsTextKey && text[$"{kind.Key}.{notification.SubjectTitle}"] is { ResourceNotFound: false } translated)
        {
            subject = translated;
        }
        // Without anyone to name (the system, an import), a kind may say it another way: "{Key}.TextAlone".
        if (actors.Length == 0 && text[kind.Key + ".TextAlone", actors, subject, notification.Count] is { ResourceNotFound: false } alone)
        {
            return alone;
        }
        return text[kind.Key + ".Text", actors, subject, notification.Count];
    }
}
