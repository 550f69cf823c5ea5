namespace Guild.Web.Platform.LearningRecords;

/// <summary>Text in English and Dutch, written into xAPI language maps ("en", "nl").</summary>
public sealed record LocalizedText(string English, string Dutch)
{
    public LocalizedText Format(params object[] arguments) => new(
        string.Format(System.Globalization.CultureInfo.InvariantCulture, English, arguments),
        string.Format(System.Globalization.CultureInfo.InvariantCulture, Dutch, arguments));
}

/// <summary>An xAPI Verb: its IRI and how it reads ("Sanne <i>asked</i> ...").</summary>
public sealed record LearningVerb(string Iri, LocalizedText Display);

/// <summary>
/// The verbs Guild records, from the ADL vocabulary where one fits (http://adlnet.gov/expapi/verbs/ and
/// https://w3id.org/xapi/adl/verbs/), else from the registry verbs other LRS tools already know.
/// Never change an IRI once statements carry it: reports group by it.
/// </summary>
public static class LearningVerbs
{
    public static readonly LearningVerb LoggedIn = new("https://w3id.org/xapi/adl/verbs/logged-in", new("logged in to", "meldde zich aan bij"));
    public static readonly LearningVerb LoggedOut = new("https://w3id.org/xapi/adl/verbs/logged-out", new("logged out of", "meldde zich af bij"));
    public static readonly LearningVerb Experienced = new("http://adlnet.gov/expapi/verbs/experienced", new("experienced", "bekeek"));
    public static readonly LearningVerb Asked = new("http://adlnet.gov/expapi/verbs/asked", new("asked", "vroeg"));
    public static readonly LearningVerb Answered = new("http://adlnet.gov/expapi/verbs/answered", new("answered", "beantwoordde"));
    public static readonly LearningVerb Shared = new("http://adlnet.gov/expapi/verbs/shared", new("shared", "deelde"));
    public static readonly LearningVerb Attended = new("http://adlnet.gov/expapi/verbs/attended", new("attended", "was aanwezig bij"));
    public static readonly LearningVerb Commented = new("http://adlnet.gov/expapi/verbs/commented", new("commented on", "reageerde op"));
    public static readonly LearningVerb Completed = new("http://adlnet.gov/expapi/verbs/completed", new("completed", "rondde af"));
    public static readonly LearningVerb Registered = new("http://adlnet.gov/expapi/verbs/registered", new("registered for", "schreef zich in voor"));
    /// <summary>Not in the ADL set; the Activity Streams verb that the xAPI registry lists as "liked".</summary>
    public static readonly LearningVerb Liked = new("http://activitystrea.ms/schema/1.0/like", new("liked", "waardeerde"));
    /// <summary>Not in the ADL set; Activity Streams "join", for spaces and communities.</summary>
    public static readonly LearningVerb Joined = new("http://activitystrea.ms/schema/1.0/join", new("joined", "werd lid van"));

    /// <summary>Not in the ADL set; Activity Streams "post", which the registry lists for making content public (a resource published).</summary>
    public static readonly LearningVerb Published = new("http://activitystrea.ms/schema/1.0/post", new("published", "publiceerde"));

    /// <summary>ADL "progressed": how far someone watched a video (result.extensions carries the share watched).</summary>
    public static readonly LearningVerb Progressed = new("http://adlnet.gov/expapi/verbs/progressed", new("progressed in", "vorderde in"));
    /// <summary>Not in the ADL set; the registry's "rated" (result.score): "did this help you do your job?" yes (1) or no (0).</summary>
    public static readonly LearningVerb Rated = new("http://id.tincanapi.com/verb/rated", new("rated", "beoordeelde"));
    /// <summary>Not in the ADL set; the acrossx profile's "searched": what someone looked for in the library (result.response).</summary>
    public static readonly LearningVerb Searched = new("https://w3id.org/xapi/acrossx/verbs/searched", new("searched", "zocht in"));

    /// <summary>Not in the ADL set; the registry's "presented": a speaker gave a talk (a lecture series' occurrence).</summary>
    public static readonly LearningVerb Presented = new("http://id.tincanapi.com/verb/presented", new("presented at", "sprak op"));

    public static readonly IReadOnlyList<LearningVerb> All =
        [LoggedIn, LoggedOut, Experienced, Asked, Answered, Shared, Attended, Commented, Completed, Registered, Liked, Joined, Published,
         Progressed, Rated, Searched, Presented];

    public static LearningVerb? Find(string iri) => All.FirstOrDefault(v => v.Iri == iri);
}

/// <summary>Activity type IRIs (Data 2.4.4.1 "type") for the things Guild's acts are about.</summary>
public static class LearningActivityTypes
{
    /// <summary>Guild itself: what people log in to.</summary>
    public const string Application = "http://activitystrea.ms/schema/1.0/application";
    public const string Profile = "http://id.tincanapi.com/activitytype/user-profile";
    public const string Resource = "http://id.tincanapi.com/activitytype/resource";
    public const string Question = "http://adlnet.gov/expapi/activities/question";
    public const string Meeting = "http://adlnet.gov/expapi/activities/meeting";
    public const string Community = "http://id.tincanapi.com/activitytype/community-site";
    public const string Discussion = "http://id.tincanapi.com/activitytype/discussion";
    /// <summary>The library's search: what a "searched" statement is about.</summary>
    public const string Search = "http://id.tincanapi.com/activitytype/search-engine";
    /// <summary>A collection (pathway) of resources a champion curates.</summary>
    public const string Collection = "http://id.tincanapi.com/activitytype/collection-simple";
}

/// <summary>
/// What a learning act is about. <see cref="Path"/> is relative to the organisation's base IRI
/// ("people/0193…", "resources/0193…"; empty for Guild itself), so activity ids follow the base IRI the
/// organisation chose.
/// </summary>
public sealed record LearningActivity(string Path, string Type, LocalizedText Name)
{
    public static LearningActivity Guild { get; } = new("", LearningActivityTypes.Application, new("Guild", "Guild"));

    public static LearningActivity ProfileOf(Guid personId, string displayName) =>
        new($"people/{personId:D}", LearningActivityTypes.Profile, new LocalizedText("Profile of {0}", "Profiel van {0}").Format(displayName));

    public static LearningActivity Resource(Guid resourceId, string title) =>
        new($"resources/{resourceId:D}", LearningActivityTypes.Resource, new(title, title));
}

/// <summary>The Guild person who acted: an Agent with an account on the organisation's base IRI (name = person id).</summary>
public sealed record LearningActor(Guid PersonId, string DisplayName);

/// <summary>
/// One learning act: someone did something with something, at a moment. <see cref="At"/> defaults to
/// now; <see cref="Language"/> is the language the person used Guild in ("en"/"nl"), if known.
/// </summary>
public sealed record LearningAct(LearningActor Actor, LearningVerb Verb, LearningActivity Activity)
{
    public DateTimeOffset? At { get; init; }
    public string? Language { get; init; }
    /// <summary>The outcome, when the act has one (a rating, the share of a video watched, a search's words).</summary>
    public LearningResult? Result { get; init; }
}

/// <summary>
/// An xAPI Result (Data 2.4.5), the parts Guild uses: <see cref="Success"/>, a scaled score (-1..1),
/// <see cref="Response"/> (free text: what a search asked, what a resource helped with) and
/// <see cref="Progress"/> (0..1, written as the cmi5 progress extension in whole percent).
/// </summary>
public sealed record LearningResult
{
    /// <summary>The cmi5 extension for progress, an integer 0-100; LRS tools that know cmi5 read it.</summary>
    public const string ProgressExtension = "https://w3id.org/xapi/cmi5/result/extensions/progress";

    public bool? Success { get; init; }
    public double? ScaledScore
    {
        get;
        init => field = value is null or (>= -1 and <= 1) ? value : throw new ArgumentOutOfRangeException(nameof(value), "A scaled score lies between -1 and 1.");
    }
    public string? Response { get; init; }
    public double? Progress
    {
        get;
        init => field = value is null or (>= 0 and <= 1) ? value : throw new ArgumentOutOfRangeException(nameof(value), "Progress lies between 0 and 1.");
    }
}
