namespace Guild.Web.Features.Community.WorkingOutLoud;

/// <summary>A Working Out Loud week to make or change (body of the week endpoints).</summary>
/// <param name="Title">Its name (up to 120 characters).</param>
/// <param name="StartsOn">Its first day (the organisation's local date).</param>
/// <param name="EndsOn">Its last day: at most 7 days after the first, inclusive.</param>
/// <param name="Prompts">The prompt of each day in Markdown, first day first (up to 2,000 characters each; empty: no prompt that day).</param>
/// <param name="CoOrganisers">Handles (or e-mail addresses) of members of the space who organise it too.</param>
public sealed record WeekRequest(string? Title, DateOnly? StartsOn, DateOnly? EndsOn, IReadOnlyList<string?>? Prompts, IReadOnlyList<string>? CoOrganisers);

/// <summary>A week in a space's list.</summary>
/// <param name="Id">The week's id.</param>
/// <param name="Title">Its name.</param>
/// <param name="StartsOn">Its first day.</param>
/// <param name="EndsOn">Its last day.</param>
/// <param name="Stage">Upcoming, Running or Finished (on the organisation's today).</param>
public sealed record WeekSummary(Guid Id, string Title, DateOnly StartsOn, DateOnly EndsOn, WeekStage Stage);

/// <summary>Where a week stands on the organisation's today.</summary>
public enum WeekStage { Upcoming, Running, Finished }

/// <summary>One day of a week: its prompt and the Working Out Loud posts people made that day.</summary>
/// <param name="Date">The day (organisation's local date).</param>
/// <param name="PromptHtml">Its prompt, rendered and sanitised; null when the day has none.</param>
/// <param name="PromptMarkdown">Its prompt as written, for the organisers (null for everyone else).</param>
/// <param name="Posts">Working Out Loud posts started in the space that day, oldest first.</param>
public sealed record WeekDay(DateOnly Date, string? PromptHtml, string? PromptMarkdown, IReadOnlyList<WeekPost> Posts);

/// <summary>A Working Out Loud post on the week's page.</summary>
/// <param name="ThreadId">Its thread.</param>
/// <param name="Title">Its title.</param>
/// <param name="Purpose">Idea, Frustration, Question or Progress.</param>
/// <param name="AuthorName">Who made it visible.</param>
/// <param name="CreatedAt">When.</param>
/// <param name="Replies">Replies so far.</param>
/// <param name="Reactions">Reactions so far (every kind).</param>
public sealed record WeekPost(Guid ThreadId, string Title, WorkingOutLoudPurpose Purpose, string AuthorName, DateTimeOffset CreatedAt, int Replies, int Reactions);

/// <summary>The figures of a week (shown as its recap once it is over).</summary>
/// <param name="Posts">Working Out Loud posts during the week.</param>
/// <param name="People">Different people who posted them.</param>
/// <param name="Purposes">Posts per purpose.</param>
/// <param name="Replies">Replies to them.</param>
/// <param name="Reactions">Reactions to them.</param>
/// <param name="Acknowledged">Posts someone other than the author replied or reacted to.</param>
/// <param name="AcknowledgedShare">Acknowledged of posts (0–1); null without posts.</param>
public sealed record WeekFigures(int Posts, int People, IReadOnlyDictionary<WorkingOutLoudPurpose, int> Purposes, int Replies, int Reactions, int Acknowledged,
    double? AcknowledgedShare);

/// <summary>A Working Out Loud week with its days, posts and figures.</summary>
/// <param name="Id">Its id.</param>
/// <param name="SpaceId">Its space.</param>
/// <param name="SpaceSlug">The space's address.</param>
/// <param name="SpaceName">The space's name.</param>
/// <param name="Title">Its name.</param>
/// <param name="StartsOn">Its first day.</param>
/// <param name="EndsOn">Its last day.</param>
/// <param name="Stage">Upcoming, Running or Finished.</param>
/// <param name="Organiser">The organiser's name.</param>
/// <param name="CoOrganisers">The co-organisers' names.</param>
/// <param name="CoOrganiserHandles">The co-organisers' handles (for the organisers' edit form; empty for everyone else).</param>
/// <param name="Days">Each day, first day first.</param>
/// <param name="Today">The organisation's today, when it lies inside the week.</param>
/// <param name="Figures">Its figures so far (the recap once finished).</param>
/// <param name="CanOrganise">The caller organises it (changes its prompts).</param>
/// <param name="CanPost">The caller may post in the space.</param>
public sealed record WeekView(Guid Id, Guid SpaceId, string SpaceSlug, string SpaceName, string Title, DateOnly StartsOn, DateOnly EndsOn, WeekStage Stage,
    string Organiser, IReadOnlyList<string> CoOrganisers, IReadOnlyList<string> CoOrganiserHandles, IReadOnlyList<WeekDay> Days, DateOnly? Today,
    WeekFigures Figures, bool CanOrganise, bool CanPost);
