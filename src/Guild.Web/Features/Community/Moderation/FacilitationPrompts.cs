using Guild.Web.Features.Community.Posts;
using Guild.Web.Features.Community.Spaces;
using Guild.Web.Features.Community.WorkingOutLoud;
using Guild.Web.Features.Expertise.Map;
using Guild.Web.Platform;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Guild.Web.Features.Community.Moderation;

/// <summary>Marker for the facilitation composer's strings (FacilitationText.resx, FacilitationText.nl.resx).</summary>
public sealed class FacilitationText;

/// <summary>What a suggestion is: a deepening question, or a reply template to start from.</summary>
public enum SuggestionKind { Question, Template }

/// <summary>
/// The facilitation composer's suggestions: deepening questions (ask for an example, for a personal experience, for a
/// connection to a component of the know-how map the space is about) and a reply template, chosen by the post's kind (and a
/// Working Out Loud post's purpose) and the space's components, in the reader's language. A moderator picks one, it fills the
/// reply box, and they adapt it there: a suggestion is never posted by itself.
/// </summary>
public sealed class FacilitationPrompts(GuildDb db, CurrentPerson me, IStringLocalizer<FacilitationText> text, IStringLocalizer<ModerationText> moderation)
{
    public const string Example = "example";
    public const string Experience = "experience";
    public const string Template = "template";
    /// <summary>"connect-{component id}": a question connecting the post to one of the space's components.</summary>
    public const string ConnectPrefix = "connect-";
    /// <summary>Components offered for a connection: a few to choose from, not the whole map.</summary>
    public const int ComponentsOffered = 3;

    /// <summary>The suggestions for a first post of this kind in a space about these components (id and name), template first.</summary>
    public IReadOnlyList<FacilitationSuggestion> For(PostKind kind, WorkingOutLoudPurpose? purpose, IReadOnlyList<(Guid Id, string Name)> components)
    {
        // Replies are not first posts; what they answer decides, and the thread's first post is what the composer replies to.
        var asked = kind == PostKind.Reply ? PostKind.Discussion : kind;
        // A Working Out Loud post always has a purpose; the template answers to it (a frustration is not a progress report).
        var template = asked == PostKind.WorkingOutLoud ? $"Template.WorkingOutLoud.{purpose ?? WorkingOutLoudPurpose.Progress}" : $"Template.{asked}";
        var suggestions = new List<FacilitationSuggestion>
        {
            new(Template, SuggestionKind.Template, text["Label.Template"], text[template]),
            new(Example, SuggestionKind.Question, text["Label.Example"], text[$"Example.{asked}"]),
            new(Experience, SuggestionKind.Question, text["Label.Experience"], text[$"Experience.{asked}"]),
        };
        suggestions.AddRange(components.Take(ComponentsOffered).Select(c =>
            new FacilitationSuggestion(ConnectPrefix + c.Id.ToString("N"), SuggestionKind.Question, text["Label.Connect", c.Name], text["Connect", c.Name])));
        return suggestions;
    }

    /// <summary>The components a space is about (live ones, by name), for <see cref="For"/>.</summary>
    public async Task<IReadOnlyList<(Guid Id, string Name)>> ComponentsAsync(Guid spaceId, CancellationToken cancellationToken) =>
        (await (from c in db.Set<SpaceComponent>()
                join k in db.Set<KnowHowComponent>() on c.ComponentId equals k.Id
                where c.SpaceId == spaceId && k.ArchivedAt == null
                orderby k.Name
                select new { k.Id, k.Name }).Take(ComponentsOffered).ToListAsync(cancellationToken))
        .Select(c => (c.Id, c.Name)).ToList();

    /// <summary>
    /// The suggestions for replying to a thread, for the space's moderators only: a reader of the space is refused (403),
    /// anyone else learns nothing (404).
    /// </summary>
    public async Task<Result<IReadOnlyList<FacilitationSuggestion>>> ForThreadAsync(Guid threadId, CancellationToken cancellationToken)
    {
        var head = await db.Set<Post>().AsNoTracking().Where(p => p.Id == threadId && p.Depth == 0 && p.DeletedAt == null)
            .Select(p => new { p.SpaceId, p.Kind, p.Purpose }).FirstOrDefaultAsync(cancellationToken);
        if (head is null)
        {
            return Result<IReadOnlyList<FacilitationSuggestion>>.NotFound();
        }
        var space = await CommunitySpaces.StandingAsync(db, head.SpaceId, me.IdOrNull, cancellationToken);
        if (space is null || !await me.CanAsync(space, SpaceOperations.Read))
        {
            return Result<IReadOnlyList<FacilitationSuggestion>>.NotFound();
        }
        if (!await me.CanAsync(space, SpaceOperations.Moderate))
        {
            return Result<IReadOnlyList<FacilitationSuggestion>>.Forbidden(moderation["ModeratorsOnly"]);
        }
        return Result<IReadOnlyList<FacilitationSuggestion>>.Ok(For(head.Kind, head.Purpose, await ComponentsAsync(head.SpaceId, cancellationToken)));
    }
}

/// <summary>One suggestion of the facilitation composer.</summary>
/// <param name="Id">Stable id: example, experience, template or connect-{component id}; the thread page's <c>?suggest=</c> takes it.</param>
/// <param name="Kind">A deepening question or a reply template.</param>
/// <param name="Label">What it does, short ("Ask for an example").</param>
/// <param name="Text">The text that fills the reply box, for the moderator to adapt.</param>
public sealed record FacilitationSuggestion(string Id, SuggestionKind Kind, string Label, string Text);
