using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Localization;

namespace Guild.Web.Platform.Jobs;

/// <summary>
/// A kind of background work as people see it, registered by the feature that has its handler
/// (<see cref="JobKindExtensions.AddJobKind"/>). Its texts live in the feature's resources:
/// <c>JobKind.{Kind}</c> names the kind ("People import"), and the handler's progress and outcome
/// messages are keys in the same resources.
/// </summary>
/// <param name="Kind">The handler's <see cref="IJobHandler.Kind"/>, such as <c>people.import</c>.</param>
/// <param name="TextResource">The feature's resource marker type.</param>
/// <param name="SubjectLink">
/// The page of what a job of this kind works on, with <c>{0}</c> for <see cref="BackgroundJob.SubjectId"/>
/// (<c>/admin/people/import/{0}</c>); null when the kind works on nothing with a page of its own.
/// </param>
/// <param name="Queue">
/// The queue whose workers run it (<see cref="JobQueues"/>): <c>mail</c>, <c>media</c>, <c>imports</c> or <c>default</c>, so that
/// long work of one kind never delays another.
/// </param>
public sealed record JobKind(string Kind, Type TextResource, string? SubjectLink = null, string Queue = JobQueues.Default);

public static class JobKindExtensions
{
    public static IServiceCollection AddJobKind(this IServiceCollection services, JobKind kind) =>
        services.AddSingleton(kind);
}

/// <summary>How it went for what a job worked on. The job itself succeeded either way: it did its work.</summary>
public enum JobOutcome
{
    /// <summary>It went as hoped (an import imported its rows).</summary>
    Positive,
    /// <summary>The job ran to its end, but the answer is no (an import rejected for bad rows).</summary>
    Negative,
}

/// <summary>
/// A sentence for the person watching a job, stored as a resource key of the job kind's
/// <see cref="JobKind.TextResource"/> and its arguments (numbers and short texts), so that each reader
/// sees it in their own language when it is shown, not in the language of whoever started the job.
/// </summary>
public sealed record JobMessage
{
    // With texts cut to 100 characters and control characters gone, eight arguments always fit the
    // 2,000 characters of the column, even when every character needs escaping in JSON.
    private const int MaxArguments = 8;
    private const int MaxArgumentLength = 100;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerOptions.Web)
    {
        // Stored, never put in a page: no need to escape letters such as é as \u00e9.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public JobMessage(string key, params object?[] arguments)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        if (arguments.Length > MaxArguments)
        {
            throw new ArgumentException($"A job message takes at most {MaxArguments} arguments.", nameof(arguments));
        }
        Key = key;
        Arguments = [.. arguments.Select(Simple)];
    }

    public string Key { get; }

    /// <summary>Numbers, texts, true/false or null: what survives a round trip through JSON unchanged.</summary>
    public IReadOnlyList<object?> Arguments { get; }

    internal string? ArgumentsJson => Arguments.Count == 0 ? null : JsonSerializer.Serialize(Arguments, Json);

    /// <summary>The message as stored in a job's row; null without a key (older rows keep their text).</summary>
    internal static JobMessage? Read(string? key, string? argumentsJson)
    {
        if (string.IsNullOrEmpty(key))
        {
            return null;
        }
        if (string.IsNullOrEmpty(argumentsJson))
        {
            return new JobMessage(key);
        }
        try
        {
            using var document = JsonDocument.Parse(argumentsJson);
            return new JobMessage(key, [.. document.RootElement.EnumerateArray().Take(MaxArguments).Select(Value)]);
        }
        catch (JsonException)
        {
            return new JobMessage(key);
        }
    }

    private static object? Value(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Number when element.TryGetInt64(out var whole) => whole,
        JsonValueKind.Number => element.GetDouble(),
        JsonValueKind.String => element.GetString(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };

    private static object? Simple(object? argument) => argument switch
    {
        null => null,
        int or long or short or byte or double or float or decimal or bool => argument,
        string text => Shorten(string.Concat(text.Select(c => char.IsControl(c) ? ' ' : c))),
        IFormattable formattable => Shorten(formattable.ToString(null, CultureInfo.InvariantCulture)),
        _ => Shorten(argument.ToString() ?? ""),
    };

    private static string Shorten(string text) => text.Length > MaxArgumentLength ? text[..(MaxArgumentLength - 1)] + "…" : text;
}

/// <summary>
/// Turns stored jobs into words in the current UI culture — the kind, the status, the progress or final
/// message, the outcome and the link to what the job worked on — for the pages, the API and the live
/// progress script alike.
/// </summary>
public sealed class JobTexts(IEnumerable<JobKind> kinds, IStringLocalizerFactory localizers)
{
    private readonly Dictionary<string, JobKind> _kinds = kinds.ToDictionary(k => k.Kind, StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Type, IStringLocalizer> _localizers = new();

    public IReadOnlyCollection<JobKind> Kinds => _kinds.Values;

    public JobKind? Find(string kind) => _kinds.GetValueOrDefault(kind);

    /// <summary>"People import"; a kind nobody registers (any more) shows its code rather than nothing.</summary>
    public string KindText(string kind) =>
        _kinds.TryGetValue(kind, out var registered) && Localizer(registered.TextResource)[$"JobKind.{kind}"] is { ResourceNotFound: false } text
            ? text
            : kind;

    /// <summary>"Video processing": a queue in words; a queue only the configuration names shows its code.</summary>
    public string QueueText(string queue) => Shared[$"Queue.{queue}"] is { ResourceNotFound: false } text ? text : queue;

    /// <summary>The status in a word; a queued job that has failed before is waiting to try again.</summary>
    public string StatusText(JobStatus status, int attempts) =>
        Shared[status == JobStatus.Queued && attempts > 0 ? "Status.Waiting" : $"Status.{status}"];

    /// <summary>The progress (or, once finished, the final) message; a row written before messages had keys shows its text as stored.</summary>
    public string? MessageText(string kind, JobMessage? message, string? storedText) =>
        message is null ? storedText : Text(kind, message.Key, message.Arguments);

    /// <summary>"Import rejected": the outcome's own label, else a general one.</summary>
    public string? OutcomeText(string kind, JobOutcome? outcome, string? labelKey) => outcome switch
    {
        null => null,
        _ when labelKey is not null => Text(kind, labelKey, []),
        _ => Shared[$"Outcome.{outcome}"],
    };

    /// <summary>The page of what the job worked on, when its kind has one.</summary>
    public string? SubjectLink(string kind, string? subjectId) =>
        subjectId is not null && _kinds.TryGetValue(kind, out var registered) && registered.SubjectLink is { } link
            ? string.Format(CultureInfo.InvariantCulture, link, Uri.EscapeDataString(subjectId))
            : null;

    /// <summary>"Open the import": the words of the link to the subject.</summary>
    public string SubjectLinkText(string kind) =>
        _kinds.TryGetValue(kind, out var registered) && Localizer(registered.TextResource)[$"JobKind.{kind}.Subject"] is { ResourceNotFound: false } text
            ? text
            : Shared["OpenSubject"];

    /// <summary>A key of the kind's resources, else of the jobs' shared ones; an unknown key shows as itself.</summary>
    private string Text(string kind, string key, IReadOnlyList<object?> arguments)
    {
        var values = arguments.ToArray();
        if (_kinds.TryGetValue(kind, out var registered) && Localizer(registered.TextResource)[key, values!] is { ResourceNotFound: false } own)
        {
            return own;
        }
        var shared = Shared[key, values!];
        return shared.ResourceNotFound ? key : shared;
    }

    private IStringLocalizer Shared => Localizer(typeof(JobsText));

    // The factory reads the resource type's assembly attributes on every Create; each type is created once.
    private IStringLocalizer Localizer(Type resource) => _localizers.GetOrAdd(resource, localizers.Create);
}
