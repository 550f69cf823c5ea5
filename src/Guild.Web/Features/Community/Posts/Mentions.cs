using System.Text.RegularExpressions;
using Guild.Web.Features.People;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Identity;
using Microsoft.EntityFrameworkCore;

namespace Guild.Web.Features.Community.Posts;

/// <summary>
/// People's handles, <c>@sanne.devries</c>: the part of their e-mail address before the @, which colleagues already
/// know and which is unique within the organisation's domain. Mentions and invitations find people by it.
/// </summary>
public static partial class Mentions
{
    /// <summary>Mentions the whole space's moderators (moderators only).</summary>
    public const string SpaceModerators = "space-moderators";
    /// <summary>Mentions every member of the space (moderators only).</summary>
    public const string SpaceMembers = "space-members";

    /// <summary>@handle not preceded by a word character (so e-mail addresses in the text are not mentions).</summary>
    [GeneratedRegex(@"(?<![\w@.])@([a-z0-9](?:[a-z0-9._-]{0,62}[a-z0-9])?)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MentionPattern();

    /// <summary>The distinct handles mentioned in a text, lower-case, in order of first mention.</summary>
    public static IReadOnlyList<string> MentionedIn(string markdown) =>
        MentionPattern().Matches(markdown).Select(m => m.Groups[1].Value.ToLowerInvariant()).Distinct().ToList();

    /// <summary>A handle as typed ("@Sanne.deVries", "sanne.devries@noordwind.example") in its plain lower-case form; null if empty.</summary>
    public static string? Normalise(string? typed)
    {
        var handle = typed?.Trim().TrimStart('@').ToLowerInvariant() ?? "";
        var at = handle.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            handle = handle[..at];
        }
        return handle.Length is 0 or > 64 ? null : handle;
    }

    /// <summary>The organisation's active people (no partner guests) with these handles: handle → person id.</summary>
    public static async Task<IReadOnlyDictionary<string, Guid>> FindAsync(GuildDb read, IReadOnlyList<string> handles, CancellationToken cancellationToken)
    {
        if (handles.Count == 0)
        {
            return new Dictionary<string, Guid>();
        }
        var prefixes = handles.Select(h => h.ToUpperInvariant() + "@").ToList();
        var found = new Dictionary<string, Guid>(StringComparer.Ordinal);
        foreach (var prefix in prefixes)
        {
            var matches = await (from u in read.Set<GuildUser>().AsNoTracking()
                                 join p in read.Set<Person>() on u.Id equals p.Id
                                 where u.NormalizedEmail!.StartsWith(prefix) && u.DeactivatedAt == null && p.PartnerOrganisation == null
                                 select u.Id).Take(2).ToListAsync(cancellationToken);
            // Two people on different domains with the same handle: neither is meant for certain, so nobody is.
            if (matches.Count == 1)
            {
                found[prefix[..^1].ToLowerInvariant()] = matches[0];
            }
        }
        return found;
    }
}
