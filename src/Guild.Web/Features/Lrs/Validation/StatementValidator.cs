using System.Text;
using System.Text.Json;

namespace Guild.Web.Features.Lrs.Validation;

/// <summary>
/// Checks one xAPI 1.0.3 statement against every structural rule of the Data part of the
/// specification, and gathers its <see cref="StatementFacts"/> on the way. Pure: it reads a
/// <see cref="JsonElement"/> and touches nothing else, so it runs without the web stack. It stops at the
/// first problem and names its property path (<c>result.score.scaled must be between -1 and 1</c>).
/// Property names are compared with <see cref="JsonProperty.NameEquals(string)"/> so walking a valid
/// statement allocates only the facts; paths are built only when something is wrong.
/// </summary>
public sealed class StatementValidator
{
    private readonly List<object> _path = new(16);
    private readonly StatementFacts _facts = new();
    private ValidationError? _error;

    private StatementValidator()
    {
    }

    /// <summary>Validates a statement as received by the Statement resource.</summary>
    public static (StatementFacts? Facts, ValidationError? Error) Validate(JsonElement statement)
    {
        var validator = new StatementValidator();
        validator.Statement(statement, subStatement: false);
        return validator._error is null ? (validator._facts, null) : (null, validator._error);
    }

    /// <summary>
    /// Validates an Agent (or, when allowed, an identified Group) given as a request parameter
    /// (Communication 2.3, 2.6, 2.1.3) and answers its identifier key.
    /// </summary>
    public static (string? Key, ValidationError? Error) ValidateAgentParameter(JsonElement agent, string name, bool allowGroup)
    {
        var validator = new StatementValidator();
        validator._path.Add(name);
        if (agent.ValueKind != JsonValueKind.Object)
        {
            return (null, new ValidationError(name, "must be an Agent object"));
        }
        var isGroup = agent.TryGetProperty("objectType", out var type) && type.ValueKind == JsonValueKind.String && type.ValueEquals("Group");
        if (isGroup && !allowGroup)
        {
            return (null, new ValidationError(name, "must be an Agent, not a Group"));
        }
        var key = validator.Actor(agent, requireObjectType: false, related: false);
        if (validator._error is not null)
        {
            return (null, validator._error);
        }
        return key is null
            ? (null, new ValidationError(name, "must be identified by an Inverse Functional Identifier (mbox, mbox_sha1sum, openid or account)"))
            : (key, null);
    }

    /// <summary>Validates a language map on its own (for tests and the activity definitions).</summary>
    public static ValidationError? ValidateLanguageMap(JsonElement map, string name)
    {
        var validator = new StatementValidator();
        validator._path.Add(name);
        validator.LanguageMap(map);
        return validator._error;
    }

    /// <summary>The identifier key of an Agent or identified Group, as the indexes and documents store it.</summary>
    public static string? IdentifierKey(JsonElement agent)
    {
        if (agent.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        if (agent.TryGetProperty("mbox", out var mbox) && mbox.ValueKind == JsonValueKind.String)
        {
            return MboxKey(mbox.GetString()!);
        }
        if (agent.TryGetProperty("mbox_sha1sum", out var sha1) && sha1.ValueKind == JsonValueKind.String)
        {
            return "mbox_sha1sum:" + sha1.GetString()!.ToLowerInvariant();
        }
        if (agent.TryGetProperty("openid", out var openid) && openid.ValueKind == JsonValueKind.String)
        {
            return "openid:" + openid.GetString();
        }
        if (agent.TryGetProperty("account", out var account) && account.ValueKind == JsonValueKind.Object
            && account.TryGetProperty("homePage", out var home) && account.TryGetProperty("name", out var accountName))
        {
            return "account:" + home.GetString() + "|" + accountName.GetString();
        }
        return null;
    }

    /// <summary>The domain of an e-mail address is case-insensitive (Data 2.3.1.b7): keys use it in lower case.</summary>
    private static string MboxKey(string mbox)
    {
        var at = mbox.LastIndexOf('@');
        return at < 0 ? "mbox:" + mbox : "mbox:" + mbox[..at] + mbox[at..].ToLowerInvariant();
    }

    // ---- statement ----------------------------------------------------------------------------

    private const int PId = 1, PActor = 2, PVerb = 4, PObject = 8, PResult = 16, PContext = 32, PTimestamp = 64,
        PStored = 128, PAuthority = 256, PVersion = 512, PAttachments = 1024, PObjectType = 2048;

    private void Statement(JsonElement statement, bool subStatement)
    {
        if (statement.ValueKind != JsonValueKind.Object)
        {
            Fail(subStatement ? "must be a SubStatement object" : "must be a Statement object");
            return;
        }
        var seen = 0;
        JsonElement actor = default, verb = default, @object = default, result = default, context = default;
        foreach (var property in statement.EnumerateObject())
        {
            int flag;
            if (property.NameEquals("id")) { flag = PId; }
            else if (property.NameEquals("actor")) { flag = PActor; actor = property.Value; }
            else if (property.NameEquals("verb")) { flag = PVerb; verb = property.Value; }
            else if (property.NameEquals("object")) { flag = PObject; @object = property.Value; }
            else if (property.NameEquals("result")) { flag = PResult; result = property.Value; }
            else if (property.NameEquals("context")) { flag = PContext; context = property.Value; }
            else if (property.NameEquals("timestamp")) { flag = PTimestamp; }
            else if (property.NameEquals("stored")) { flag = PStored; }
            else if (property.NameEquals("authority")) { flag = PAuthority; }
            else if (property.NameEquals("version")) { flag = PVersion; }
            else if (property.NameEquals("attachments")) { flag = PAttachments; }
            else if (property.NameEquals("objectType")) { flag = PObjectType; }
            else
            {
                FailAt(property.Name, "is not a property of a " + (subStatement ? "SubStatement" : "Statement"));
                return;
            }
            if (!Once(ref seen, flag, property))
            {
                return;
            }
            if (property.Value.ValueKind == JsonValueKind.Null)
            {
                FailAt(property.Name, "must not be null");
                return;
            }
            if (subStatement && flag is PId or PStored or PVersion or PAuthority)
            {
                FailAt(property.Name, "is not allowed in a SubStatement");
                return;
            }
        }
        if (subStatement)
        {
            if ((seen & PObjectType) == 0 || !statement.GetProperty("objectType").ValueEquals("SubStatement"))
            {
                FailAt("objectType", "must be \"SubStatement\"");
                return;
            }
        }
        else if ((seen & PObjectType) != 0)
        {
            FailAt("objectType", "is not a property of a Statement");
            return;
        }
        if ((seen & PActor) == 0) { FailAt("actor", "is required"); return; }
        if ((seen & PVerb) == 0) { FailAt("verb", "is required"); return; }
        if ((seen & PObject) == 0) { FailAt("object", "is required"); return; }

        if (!subStatement && (seen & PId) != 0)
        {
            Push("id");
            var id = statement.GetProperty("id");
            if (String(id) is { } text)
            {
                if (XapiFormats.TryParseUuid(text, out var uuid)) { _facts.Id = uuid; }
                else { Fail("must be a UUID in standard string form"); }
            }
            Pop();
            if (_error is not null) return;
        }

        Push("actor");
        AddAgentKey(Actor(actor, requireObjectType: false, related: false), direct: !subStatement);
        Pop();
        if (_error is not null) return;

        Push("verb");
        var verbId = Verb(verb);
        Pop();
        if (_error is not null) return;

        Push("object");
        var kind = Object(@object, subStatement);
        Pop();
        if (_error is not null) return;

        if (!subStatement)
        {
            _facts.VerbId = verbId!;
            _facts.ObjectKind = kind;
            if (_facts.IsVoiding && kind != ObjectKind.StatementRef)
            {
                FailAt("object", "of a voiding statement (verb " + StatementFacts.VoidedVerb + ") must be a StatementRef");
                return;
            }
        }

        if ((seen & PResult) != 0)
        {
            Push("result");
            Result(result);
            Pop();
            if (_error is not null) return;
        }
        if ((seen & PContext) != 0)
        {
            Push("context");
            Context(context, objectIsActivity: kind == ObjectKind.Activity, topLevel: !subStatement);
            Pop();
            if (_error is not null) return;
        }
        if ((seen & PTimestamp) != 0)
        {
            Push("timestamp");
            if (String(statement.GetProperty("timestamp")) is { } text)
            {
                if (!XapiFormats.TryParseTimestamp(text, out var instant)) { Fail("must be an ISO 8601 timestamp with a valid time zone"); }
                else if (!subStatement) { _facts.Timestamp = instant; }
            }
            Pop();
            if (_error is not null) return;
        }
        if ((seen & PStored) != 0)
        {
            Push("stored");
            if (String(statement.GetProperty("stored")) is { } text && !XapiFormats.TryParseTimestamp(text, out _))
            {
                Fail("must be an ISO 8601 timestamp with a valid time zone");
            }
            Pop();
            if (_error is not null) return;
        }
        if ((seen & PAuthority) != 0)
        {
            Push("authority");
            Authority(statement.GetProperty("authority"));
            Pop();
            if (_error is not null) return;
        }
        if ((seen & PVersion) != 0)
        {
            Push("version");
            if (String(statement.GetProperty("version")) is { } text)
            {
                if (!IsStatementVersion(text)) { Fail("must be 1.0 or a 1.0.x version (such as 1.0.3)"); }
                else { _facts.Version = text; }
            }
            Pop();
            if (_error is not null) return;
        }
        if ((seen & PAttachments) != 0)
        {
            Push("attachments");
            Attachments(statement.GetProperty("attachments"));
            Pop();
        }
    }

    /// <summary>"1.0" or "1.0." followed by digits (Data 2.4.10: any 1.0.x is valid, and 1.0 names the same version).</summary>
    private static bool IsStatementVersion(string text)
    {
        if (text == "1.0")
        {
            return true;
        }
        if (!text.StartsWith("1.0.", StringComparison.Ordinal) || text.Length == 4)
        {
            return false;
        }
        for (var i = 4; i < text.Length; i++)
        {
            if (!char.IsAsciiDigit(text[i]))
            {
                return false;
            }
        }
        return true;
    }

    // ---- actors -------------------------------------------------------------------------------

    private const int AObjectType = 1, AName = 2, AMbox = 4, ASha1 = 8, AOpenId = 16, AAccount = 32, AMember = 64;

    /// <summary>An Agent or Group; answers its identifier key (null for an anonymous Group).</summary>
    private string? Actor(JsonElement actor, bool requireObjectType, bool related, bool memberOnly = false)
    {
        if (actor.ValueKind != JsonValueKind.Object)
        {
            Fail("must be an Agent or Group object");
            return null;
        }
        var isGroup = false;
        var seen = 0;
        foreach (var property in actor.EnumerateObject())
        {
            int flag;
            if (property.NameEquals("objectType")) { flag = AObjectType; }
            else if (property.NameEquals("name")) { flag = AName; }
            else if (property.NameEquals("mbox")) { flag = AMbox; }
            else if (property.NameEquals("mbox_sha1sum")) { flag = ASha1; }
            else if (property.NameEquals("openid")) { flag = AOpenId; }
            else if (property.NameEquals("account")) { flag = AAccount; }
            else if (property.NameEquals("member")) { flag = AMember; }
            else
            {
                FailAt(property.Name, "is not a property of an Agent or Group");
                return null;
            }
            if (!Once(ref seen, flag, property))
            {
                return null;
            }
            if (property.Value.ValueKind == JsonValueKind.Null)
            {
                FailAt(property.Name, "must not be null");
                return null;
            }
        }
        if ((seen & AObjectType) != 0)
        {
            Push("objectType");
            var type = actor.GetProperty("objectType");
            if (String(type) is { } text)
            {
                if (text == "Group") { isGroup = true; }
                else if (text != "Agent") { Fail("must be \"Agent\" or \"Group\""); }
            }
            Pop();
            if (_error is not null) return null;
            if (isGroup && memberOnly)
            {
                FailAt("objectType", "must be \"Agent\": a Group's members are Agents, never Groups");
                return null;
            }
        }
        else if (requireObjectType)
        {
            FailAt("objectType", "is required when an Agent or Group is the object of a statement");
            return null;
        }
        if ((seen & AMember) != 0 && !isGroup)
        {
            FailAt("member", "is only allowed in a Group");
            return null;
        }
        if ((seen & AName) != 0)
        {
            Push("name");
            String(actor.GetProperty("name"));
            Pop();
            if (_error is not null) return null;
        }
        var identifiers = System.Numerics.BitOperations.PopCount((uint)(seen & (AMbox | ASha1 | AOpenId | AAccount)));
        if (identifiers > 1)
        {
            Fail("must have exactly one Inverse Functional Identifier (mbox, mbox_sha1sum, openid or account), not " + identifiers);
            return null;
        }
        if (identifiers == 0 && !isGroup)
        {
            Fail("must have exactly one Inverse Functional Identifier (mbox, mbox_sha1sum, openid or account)");
            return null;
        }
        if ((seen & AMbox) != 0)
        {
            Push("mbox");
            if (String(actor.GetProperty("mbox")) is { } text && !XapiFormats.IsMailtoIri(text))
            {
                Fail("must be a mailto IRI (mailto:name@example.com)");
            }
            Pop();
        }
        else if ((seen & ASha1) != 0)
        {
            Push("mbox_sha1sum");
            if (String(actor.GetProperty("mbox_sha1sum")) is { } text && !XapiFormats.IsSha1Hex(text))
            {
                Fail("must be the hex-encoded SHA-1 of a mailto IRI (40 hex digits)");
            }
            Pop();
        }
        else if ((seen & AOpenId) != 0)
        {
            Push("openid");
            if (String(actor.GetProperty("openid")) is { } text && !XapiFormats.IsIri(text))
            {
                Fail("must be a URI");
            }
            Pop();
        }
        else if ((seen & AAccount) != 0)
        {
            Push("account");
            Account(actor.GetProperty("account"));
            Pop();
        }
        if (_error is not null) return null;
        if (isGroup)
        {
            if ((seen & AMember) != 0)
            {
                Push("member");
                var members = actor.GetProperty("member");
                if (members.ValueKind != JsonValueKind.Array)
                {
                    Fail("must be an array of Agents");
                }
                else
                {
                    var index = 0;
                    foreach (var member in members.EnumerateArray())
                    {
                        Push(index++);
                        var memberKey = Actor(member, requireObjectType: false, related, memberOnly: true);
                        Pop();
                        if (_error is not null) break;
                        _pendingMembers.Add(memberKey!);
                    }
                }
                Pop();
                if (_error is not null) return null;
            }
            else if (identifiers == 0)
            {
                Fail("is an anonymous Group and must list its members in \"member\"");
                return null;
            }
        }
        return identifiers == 0 ? null : IdentifierKey(actor);
    }

    // Members met while walking a Group; the caller files them with the Group's own key.
    private readonly List<string> _pendingMembers = [];

    private void AddAgentKey(string? key, bool direct)
    {
        if (key is not null)
        {
            if (direct) { _facts.Agents.Add(key); }
            _facts.RelatedAgents.Add(key);
        }
        foreach (var member in _pendingMembers)
        {
            if (direct) { _facts.Agents.Add(member); }
            _facts.RelatedAgents.Add(member);
        }
        _pendingMembers.Clear();
    }

    private void Account(JsonElement account)
    {
        if (account.ValueKind != JsonValueKind.Object)
        {
            Fail("must be an object with homePage and name");
            return;
        }
        var hasHome = false;
        var hasName = false;
        foreach (var property in account.EnumerateObject())
        {
            if (property.NameEquals("homePage"))
            {
                if (!Once(ref hasHome, "homePage")) { return; }
                Push("homePage");
                if (String(property.Value) is { } text && !XapiFormats.IsIri(text)) { Fail("must be an IRL"); }
                Pop();
            }
            else if (property.NameEquals("name"))
            {
                if (!Once(ref hasName, "name")) { return; }
                Push("name");
                String(property.Value);
                Pop();
            }
            else
            {
                FailAt(property.Name, "is not a property of an account");
            }
            if (_error is not null) return;
        }
        if (!hasHome) { FailAt("homePage", "is required"); }
        else if (!hasName) { FailAt("name", "is required"); }
    }

    /// <summary>
    /// An Agent, or the pair of 3-legged OAuth (Data 2.4.9): an anonymous Group of exactly two Agents, the
    /// consumer and the user. An identified Group names neither, so it cannot vouch for a statement.
    /// </summary>
    private void Authority(JsonElement authority)
    {
        var key = Actor(authority, requireObjectType: false, related: true);
        _pendingMembers.Clear();
        if (_error is not null || !authority.TryGetProperty("objectType", out var type) || !type.ValueEquals("Group"))
        {
            return;
        }
        if (key is not null)
        {
            Fail("must be an Agent, or an anonymous Group of exactly two Agents (the OAuth consumer and the user), not an identified Group");
        }
        else if (authority.GetProperty("member").GetArrayLength() != 2)
        {
            Fail("must be an Agent, or an anonymous Group of exactly two Agents (the OAuth consumer and the user), not "
                + authority.GetProperty("member").GetArrayLength() + " members");
        }
    }

    // ---- verb ---------------------------------------------------------------------------------

    private string? Verb(JsonElement verb)
    {
        if (verb.ValueKind != JsonValueKind.Object)
        {
            Fail("must be a Verb object");
            return null;
        }
        string? id = null;
        var hasDisplay = false;
        foreach (var property in verb.EnumerateObject())
        {
            if (property.NameEquals("id"))
            {
                if (id is not null) { FailAt("id", "must not appear more than once"); return null; }
                Push("id");
                id = String(property.Value);
                if (id is not null && !XapiFormats.IsIri(id)) { Fail("must be an IRI"); }
                Pop();
            }
            else if (property.NameEquals("display"))
            {
                if (!Once(ref hasDisplay, "display")) { return null; }
                Push("display");
                LanguageMap(property.Value);
                Pop();
            }
            else
            {
                FailAt(property.Name, "is not a property of a Verb");
            }
            if (_error is not null) return null;
        }
        if (id is null)
        {
            FailAt("id", "is required");
        }
        return id;
    }

    // ---- object -------------------------------------------------------------------------------

    private ObjectKind Object(JsonElement @object, bool inSubStatement)
    {
        if (@object.ValueKind != JsonValueKind.Object)
        {
            Fail("must be an Activity, Agent, Group, SubStatement or StatementRef object");
            return default;
        }
        var kind = ObjectKind.Activity;
        if (@object.TryGetProperty("objectType", out var type))
        {
            Push("objectType");
            var text = String(type);
            Pop();
            if (_error is not null) return default;
            switch (text)
            {
                case "Activity": kind = ObjectKind.Activity; break;
                case "Agent": kind = ObjectKind.Agent; break;
                case "Group": kind = ObjectKind.Group; break;
                case "SubStatement": kind = ObjectKind.SubStatement; break;
                case "StatementRef": kind = ObjectKind.StatementRef; break;
                default:
                    FailAt("objectType", "must be one of \"Activity\", \"Agent\", \"Group\", \"SubStatement\" or \"StatementRef\"");
                    return default;
            }
        }
        switch (kind)
        {
            case ObjectKind.Activity:
                var activityId = Activity(@object);
                if (activityId is not null)
                {
                    _facts.RelatedActivities.Add(activityId);
                    if (!inSubStatement)
                    {
                        _facts.ObjectActivityId = activityId;
                    }
                }
                break;
            case ObjectKind.Agent:
            case ObjectKind.Group:
                AddAgentKey(Actor(@object, requireObjectType: true, related: false), direct: !inSubStatement);
                break;
            case ObjectKind.SubStatement:
                if (inSubStatement)
                {
                    FailAt("objectType", "must not be \"SubStatement\": a SubStatement cannot contain another SubStatement");
                    return default;
                }
                Statement(@object, subStatement: true);
                break;
            case ObjectKind.StatementRef:
                var target = StatementRef(@object);
                if (!inSubStatement && target is not null)
                {
                    _facts.ObjectStatementRef = target;
                }
                break;
        }
        return kind;
    }

    private Guid? StatementRef(JsonElement reference)
    {
        Guid? id = null;
        var seenType = false;
        foreach (var property in reference.EnumerateObject())
        {
            if (property.NameEquals("objectType"))
            {
                if (!Once(ref seenType, "objectType")) { return null; }
            }
            else if (property.NameEquals("id"))
            {
                if (id is not null) { FailAt("id", "must not appear more than once"); return null; }
                Push("id");
                if (String(property.Value) is { } text)
                {
                    if (XapiFormats.TryParseUuid(text, out var uuid)) { id = uuid; }
                    else { Fail("must be a UUID in standard string form"); }
                }
                Pop();
                if (_error is not null) return null;
            }
            else
            {
                FailAt(property.Name, "is not a property of a StatementRef");
                return null;
            }
        }
        if (!seenType)
        {
            FailAt("objectType", "must be \"StatementRef\"");
            return null;
        }
        if (id is null)
        {
            FailAt("id", "is required");
        }
        return id;
    }

    /// <summary>An Activity object; answers its id.</summary>
    private string? Activity(JsonElement activity)
    {
        if (activity.ValueKind != JsonValueKind.Object)
        {
            Fail("must be an Activity object");
            return null;
        }
        string? id = null;
        var seenType = false;
        var hasDefinition = false;
        foreach (var property in activity.EnumerateObject())
        {
            if (property.NameEquals("objectType"))
            {
                if (!Once(ref seenType, "objectType")) { return null; }
                Push("objectType");
                if (String(property.Value) is { } text && text != "Activity") { Fail("must be \"Activity\""); }
                Pop();
            }
            else if (property.NameEquals("id"))
            {
                if (id is not null) { FailAt("id", "must not appear more than once"); return null; }
                Push("id");
                id = String(property.Value);
                if (id is not null && !XapiFormats.IsIri(id)) { Fail("must be an IRI"); }
                Pop();
            }
            else if (property.NameEquals("definition"))
            {
                if (!Once(ref hasDefinition, "definition")) { return null; }
                Push("definition");
                Definition(property.Value);
                Pop();
            }
            else
            {
                FailAt(property.Name, "is not a property of an Activity");
            }
            if (_error is not null) return null;
        }
        if (id is null)
        {
            FailAt("id", "is required");
            return null;
        }
        if (hasDefinition)
        {
            _facts.Definitions.Add((id, activity.GetProperty("definition")));
        }
        return id;
    }

    private static readonly string[] InteractionTypes =
        ["true-false", "choice", "fill-in", "long-fill-in", "matching", "performance", "sequencing", "likert", "numeric", "other"];

    private const int DName = 1, DDescription = 2, DType = 4, DMoreInfo = 8, DExtensions = 16, DInteraction = 32,
        DPattern = 64, DChoices = 128, DScale = 256, DSource = 512, DTarget = 1024, DSteps = 2048;

    private void Definition(JsonElement definition)
    {
        if (definition.ValueKind != JsonValueKind.Object)
        {
            Fail("must be an Activity Definition object");
            return;
        }
        var seen = 0;
        foreach (var property in definition.EnumerateObject())
        {
            int flag;
            if (property.NameEquals("name")) { flag = DName; }
            else if (property.NameEquals("description")) { flag = DDescription; }
            else if (property.NameEquals("type")) { flag = DType; }
            else if (property.NameEquals("moreInfo")) { flag = DMoreInfo; }
            else if (property.NameEquals("extensions")) { flag = DExtensions; }
            else if (property.NameEquals("interactionType")) { flag = DInteraction; }
            else if (property.NameEquals("correctResponsesPattern")) { flag = DPattern; }
            else if (property.NameEquals("choices")) { flag = DChoices; }
            else if (property.NameEquals("scale")) { flag = DScale; }
            else if (property.NameEquals("source")) { flag = DSource; }
            else if (property.NameEquals("target")) { flag = DTarget; }
            else if (property.NameEquals("steps")) { flag = DSteps; }
            else
            {
                FailAt(property.Name, "is not a property of an Activity Definition");
                return;
            }
            if (!Once(ref seen, flag, property))
            {
                return;
            }
            if (property.Value.ValueKind == JsonValueKind.Null)
            {
                FailAt(property.Name, "must not be null");
                return;
            }
            Push(property.Name);
            switch (flag)
            {
                case DName:
                case DDescription:
                    LanguageMap(property.Value);
                    break;
                case DType:
                    if (String(property.Value) is { } type && !XapiFormats.IsIri(type)) { Fail("must be an IRI"); }
                    break;
                case DMoreInfo:
                    if (String(property.Value) is { } more && !XapiFormats.IsIri(more)) { Fail("must be an IRL"); }
                    break;
                case DExtensions:
                    Extensions(property.Value);
                    break;
                case DInteraction:
                    if (String(property.Value) is { } interaction && Array.IndexOf(InteractionTypes, interaction) < 0)
                    {
                        Fail("must be one of " + string.Join(", ", InteractionTypes));
                    }
                    break;
                case DPattern:
                    StringArray(property.Value);
                    break;
                default:
                    InteractionComponents(property.Value);
                    break;
            }
            Pop();
            if (_error is not null) return;
        }
        var interactionProperties = seen & (DPattern | DChoices | DScale | DSource | DTarget | DSteps);
        if (interactionProperties != 0 && (seen & DInteraction) == 0)
        {
            FailAt(NameOf(interactionProperties), "is only allowed in an interaction Activity with an interactionType");
            return;
        }
        if ((seen & DInteraction) == 0)
        {
            return;
        }
        var allowed = definition.GetProperty("interactionType").GetString() switch
        {
            "choice" or "sequencing" => DChoices,
            "likert" => DScale,
            "matching" => DSource | DTarget,
            "performance" => DSteps,
            _ => 0,
        };
        var wrong = seen & (DChoices | DScale | DSource | DTarget | DSteps) & ~allowed;
        if (wrong != 0)
        {
            FailAt(NameOf(wrong), "is not an interaction component list of interactionType \"" + definition.GetProperty("interactionType").GetString() + "\"");
        }
    }

    private static string NameOf(int flags) =>
        (flags & DPattern) != 0 ? "correctResponsesPattern" :
        (flags & DChoices) != 0 ? "choices" :
        (flags & DScale) != 0 ? "scale" :
        (flags & DSource) != 0 ? "source" :
        (flags & DTarget) != 0 ? "target" : "steps";

    private void InteractionComponents(JsonElement components)
    {
        if (components.ValueKind != JsonValueKind.Array)
        {
            Fail("must be an array of interaction components");
            return;
        }
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var component in components.EnumerateArray())
        {
            Push(index++);
            if (component.ValueKind != JsonValueKind.Object)
            {
                Fail("must be an interaction component object");
            }
            else
            {
                string? id = null;
                var hasDescription = false;
                foreach (var property in component.EnumerateObject())
                {
                    if (property.NameEquals("id"))
                    {
                        if (id is not null) { FailAt("id", "must not appear more than once"); break; }
                        Push("id");
                        id = String(property.Value);
                        Pop();
                    }
                    else if (property.NameEquals("description"))
                    {
                        if (!Once(ref hasDescription, "description")) { break; }
                        Push("description");
                        LanguageMap(property.Value);
                        Pop();
                    }
                    else
                    {
                        FailAt(property.Name, "is not a property of an interaction component");
                    }
                    if (_error is not null) break;
                }
                if (_error is null && id is null)
                {
                    FailAt("id", "is required");
                }
                else if (_error is null && !ids.Add(id!))
                {
                    FailAt("id", "must be distinct within the list (\"" + id + "\" repeats)");
                }
            }
            Pop();
            if (_error is not null) return;
        }
    }

    // ---- result -------------------------------------------------------------------------------

    private void Result(JsonElement result)
    {
        if (result.ValueKind != JsonValueKind.Object)
        {
            Fail("must be a Result object");
            return;
        }
        var seen = 0;
        foreach (var property in result.EnumerateObject())
        {
            int flag;
            if (property.NameEquals("score")) { flag = 1; }
            else if (property.NameEquals("success")) { flag = 2; }
            else if (property.NameEquals("completion")) { flag = 4; }
            else if (property.NameEquals("response")) { flag = 8; }
            else if (property.NameEquals("duration")) { flag = 16; }
            else if (property.NameEquals("extensions")) { flag = 32; }
            else
            {
                FailAt(property.Name, "is not a property of a Result");
                return;
            }
            if (!Once(ref seen, flag, property)) { return; }
            if (property.Value.ValueKind == JsonValueKind.Null) { FailAt(property.Name, "must not be null"); return; }
            Push(property.Name);
            switch (flag)
            {
                case 1: Score(property.Value); break;
                case 2:
                case 4:
                    if (property.Value.ValueKind is not (JsonValueKind.True or JsonValueKind.False)) { Fail("must be true or false"); }
                    break;
                case 8: String(property.Value); break;
                case 16:
                    if (String(property.Value) is { } duration && !XapiFormats.IsDuration(duration))
                    {
                        Fail("must be an ISO 8601 duration (such as PT1H30M)");
                    }
                    break;
                case 32: Extensions(property.Value); break;
            }
            Pop();
            if (_error is not null) return;
        }
    }

    private void Score(JsonElement score)
    {
        if (score.ValueKind != JsonValueKind.Object)
        {
            Fail("must be a Score object");
            return;
        }
        double? scaled = null, raw = null, min = null, max = null;
        foreach (var property in score.EnumerateObject())
        {
            var name = property.NameEquals("scaled") ? 1 : property.NameEquals("raw") ? 2 : property.NameEquals("min") ? 3 : property.NameEquals("max") ? 4 : 0;
            if (name == 0)
            {
                FailAt(property.Name, "is not a property of a Score");
                return;
            }
            if (property.Value.ValueKind != JsonValueKind.Number)
            {
                FailAt(property.Name, property.Value.ValueKind == JsonValueKind.Null ? "must not be null" : "must be a number");
                return;
            }
            var value = property.Value.GetDouble();
            ref var slot = ref name == 1 ? ref scaled : ref name == 2 ? ref raw : ref name == 3 ? ref min : ref max;
            if (slot is not null)
            {
                FailAt(property.Name, "must not appear more than once");
                return;
            }
            slot = value;
        }
        if (scaled is < -1 or > 1)
        {
            FailAt("scaled", "must be between -1 and 1");
        }
        else if (min is not null && max is not null && min >= max)
        {
            FailAt("min", "must be less than max");
        }
        else if (raw is not null && min is not null && raw < min)
        {
            FailAt("raw", "must not be less than min");
        }
        else if (raw is not null && max is not null && raw > max)
        {
            FailAt("raw", "must not be greater than max");
        }
    }

    // ---- context ------------------------------------------------------------------------------

    private void Context(JsonElement context, bool objectIsActivity, bool topLevel)
    {
        if (context.ValueKind != JsonValueKind.Object)
        {
            Fail("must be a Context object");
            return;
        }
        var seen = 0;
        foreach (var property in context.EnumerateObject())
        {
            int flag;
            if (property.NameEquals("registration")) { flag = 1; }
            else if (property.NameEquals("instructor")) { flag = 2; }
            else if (property.NameEquals("team")) { flag = 4; }
            else if (property.NameEquals("contextActivities")) { flag = 8; }
            else if (property.NameEquals("revision")) { flag = 16; }
            else if (property.NameEquals("platform")) { flag = 32; }
            else if (property.NameEquals("language")) { flag = 64; }
            else if (property.NameEquals("statement")) { flag = 128; }
            else if (property.NameEquals("extensions")) { flag = 256; }
            else
            {
                FailAt(property.Name, "is not a property of a Context");
                return;
            }
            if (!Once(ref seen, flag, property)) { return; }
            if (property.Value.ValueKind == JsonValueKind.Null) { FailAt(property.Name, "must not be null"); return; }
            Push(property.Name);
            switch (flag)
            {
                case 1:
                    if (String(property.Value) is { } registration)
                    {
                        if (!XapiFormats.TryParseUuid(registration, out var uuid)) { Fail("must be a UUID in standard string form"); }
                        else if (topLevel) { _facts.Registration = uuid; }
                    }
                    break;
                case 2:
                    AddAgentKey(Actor(property.Value, requireObjectType: false, related: true), direct: false);
                    break;
                case 4:
                    if (property.Value.ValueKind == JsonValueKind.Object
                        && !(property.Value.TryGetProperty("objectType", out var teamType) && teamType.ValueKind == JsonValueKind.String && teamType.ValueEquals("Group")))
                    {
                        FailAt("objectType", "must be \"Group\": a team is a Group");
                        break;
                    }
                    AddAgentKey(Actor(property.Value, requireObjectType: true, related: true), direct: false);
                    break;
                case 8: ContextActivities(property.Value); break;
                case 16:
                case 32:
                    if (!objectIsActivity)
                    {
                        Fail("must only be used when the statement's object is an Activity");
                    }
                    else
                    {
                        String(property.Value);
                    }
                    break;
                case 64:
                    if (String(property.Value) is { } language && !XapiFormats.IsLanguageTag(language))
                    {
                        Fail("must be an RFC 5646 language tag");
                    }
                    break;
                case 128:
                    if (property.Value.ValueKind != JsonValueKind.Object)
                    {
                        Fail("must be a StatementRef object");
                    }
                    else if (!(property.Value.TryGetProperty("objectType", out var refType) && refType.ValueKind == JsonValueKind.String && refType.ValueEquals("StatementRef")))
                    {
                        FailAt("objectType", "must be \"StatementRef\"");
                    }
                    else
                    {
                        StatementRef(property.Value);
                    }
                    break;
                case 256: Extensions(property.Value); break;
            }
            Pop();
            if (_error is not null) return;
        }
    }

    private void ContextActivities(JsonElement activities)
    {
        if (activities.ValueKind != JsonValueKind.Object)
        {
            Fail("must be an object with parent, grouping, category or other");
            return;
        }
        var seen = 0;
        foreach (var property in activities.EnumerateObject())
        {
            var flag = property.NameEquals("parent") ? 1 : property.NameEquals("grouping") ? 2 : property.NameEquals("category") ? 4 : property.NameEquals("other") ? 8 : 0;
            if (flag == 0)
            {
                FailAt(property.Name, "is not a context type (parent, grouping, category or other)");
                return;
            }
            if (!Once(ref seen, flag, property)) { return; }
            Push(property.Name);
            if (property.Value.ValueKind == JsonValueKind.Array)
            {
                var index = 0;
                foreach (var activity in property.Value.EnumerateArray())
                {
                    Push(index++);
                    if (Activity(activity) is { } id) { _facts.RelatedActivities.Add(id); }
                    Pop();
                    if (_error is not null) break;
                }
            }
            else if (property.Value.ValueKind == JsonValueKind.Object)
            {
                if (Activity(property.Value) is { } id) { _facts.RelatedActivities.Add(id); }
            }
            else
            {
                Fail(property.Value.ValueKind == JsonValueKind.Null ? "must not be null" : "must be an Activity or an array of Activities");
            }
            Pop();
            if (_error is not null) return;
        }
    }

    // ---- attachments --------------------------------------------------------------------------

    private void Attachments(JsonElement attachments)
    {
        if (attachments.ValueKind != JsonValueKind.Array)
        {
            Fail("must be an array of Attachment objects");
            return;
        }
        var index = 0;
        foreach (var attachment in attachments.EnumerateArray())
        {
            Push(index++);
            Attachment(attachment);
            Pop();
            if (_error is not null) return;
        }
    }

    private void Attachment(JsonElement attachment)
    {
        if (attachment.ValueKind != JsonValueKind.Object)
        {
            Fail("must be an Attachment object");
            return;
        }
        string? usageType = null, contentType = null, sha2 = null, fileUrl = null;
        long? length = null;
        var seen = 0;
        foreach (var property in attachment.EnumerateObject())
        {
            int flag;
            if (property.NameEquals("usageType")) { flag = 1; }
            else if (property.NameEquals("display")) { flag = 2; }
            else if (property.NameEquals("description")) { flag = 4; }
            else if (property.NameEquals("contentType")) { flag = 8; }
            else if (property.NameEquals("length")) { flag = 16; }
            else if (property.NameEquals("sha2")) { flag = 32; }
            else if (property.NameEquals("fileUrl")) { flag = 64; }
            else
            {
                FailAt(property.Name, "is not a property of an Attachment");
                return;
            }
            if (!Once(ref seen, flag, property)) { return; }
            if (property.Value.ValueKind == JsonValueKind.Null) { FailAt(property.Name, "must not be null"); return; }
            Push(property.Name);
            switch (flag)
            {
                case 1:
                    usageType = String(property.Value);
                    if (usageType is not null && !XapiFormats.IsIri(usageType)) { Fail("must be an IRI"); }
                    break;
                case 2:
                case 4:
                    LanguageMap(property.Value);
                    break;
                case 8:
                    contentType = String(property.Value);
                    if (contentType is not null && !XapiFormats.IsMediaType(contentType)) { Fail("must be an Internet media type"); }
                    break;
                case 16:
                    if (property.Value.ValueKind != JsonValueKind.Number || !property.Value.TryGetInt64(out var octets) || octets < 0)
                    {
                        Fail("must be a non-negative integer");
                    }
                    else
                    {
                        length = octets;
                    }
                    break;
                case 32:
                    sha2 = String(property.Value);
                    if (sha2 is not null && !XapiFormats.IsSha2Hex(sha2)) { Fail("must be a hex-encoded SHA-2 digest"); }
                    break;
                case 64:
                    fileUrl = String(property.Value);
                    if (fileUrl is not null && !XapiFormats.IsIri(fileUrl)) { Fail("must be an IRL"); }
                    break;
            }
            Pop();
            if (_error is not null) return;
        }
        var missing = (seen & 1) == 0 ? "usageType" : (seen & 2) == 0 ? "display" : (seen & 8) == 0 ? "contentType"
            : (seen & 16) == 0 ? "length" : (seen & 32) == 0 ? "sha2" : null;
        if (missing is not null)
        {
            FailAt(missing, "is required");
            return;
        }
        _facts.Attachments.Add(new AttachmentHeader(usageType!, sha2!.ToLowerInvariant(), length!.Value, contentType!, fileUrl));
    }

    // ---- shared types -------------------------------------------------------------------------

    private void LanguageMap(JsonElement map)
    {
        if (map.ValueKind != JsonValueKind.Object)
        {
            Fail("must be a language map (an object of RFC 5646 language tags to strings)");
            return;
        }
        foreach (var property in map.EnumerateObject())
        {
            if (!XapiFormats.IsLanguageTag(property.Name))
            {
                Fail("has \"" + property.Name + "\", which is not an RFC 5646 language tag");
                return;
            }
            if (property.Value.ValueKind != JsonValueKind.String)
            {
                FailAt(property.Name, property.Value.ValueKind == JsonValueKind.Null ? "must not be null" : "must be a string");
                return;
            }
        }
    }

    private void Extensions(JsonElement extensions)
    {
        if (extensions.ValueKind != JsonValueKind.Object)
        {
            Fail("must be an object whose keys are IRIs");
            return;
        }
        foreach (var property in extensions.EnumerateObject())
        {
            // Values may be anything, null included (Data 2.2.s4.b1.b1, 4.1.s3.b2); keys must be IRIs.
            if (!XapiFormats.IsIri(property.Name))
            {
                Fail("has the key \"" + property.Name + "\", which is not an IRI");
                return;
            }
        }
    }

    private void StringArray(JsonElement array)
    {
        if (array.ValueKind != JsonValueKind.Array)
        {
            Fail("must be an array of strings");
            return;
        }
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            Push(index++);
            String(item);
            Pop();
            if (_error is not null) return;
        }
    }

    /// <summary>Answers the string, or fails (a number or boolean where a string belongs is refused: Data 2.2.s4.b1).</summary>
    private string? String(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            return value.GetString();
        }
        Fail(value.ValueKind == JsonValueKind.Null ? "must not be null" : "must be a string");
        return null;
    }

    // ---- path and errors ----------------------------------------------------------------------

    /// <summary>
    /// Marks a property seen; false (and the error, at the property) when it already was: a property must not
    /// appear twice in one object. The name is read only for the error, so a valid statement allocates nothing here.
    /// </summary>
    private bool Once(ref int seen, int flag, in JsonProperty property)
    {
        if ((seen & flag) != 0)
        {
            FailAt(property.Name, MoreThanOnce);
            return false;
        }
        seen |= flag;
        return true;
    }

    private bool Once(ref bool seen, string name)
    {
        if (seen)
        {
            FailAt(name, MoreThanOnce);
            return false;
        }
        seen = true;
        return true;
    }

    private const string MoreThanOnce = "must not appear more than once";

    private void Push(string name) => _path.Add(name);

    private void Push(int index) => _path.Add(index);

    private void Pop() => _path.RemoveAt(_path.Count - 1);

    private void FailAt(string name, string message)
    {
        Push(name);
        Fail(message);
        Pop();
    }

    private void Fail(string message)
    {
        if (_error is not null)
        {
            return;
        }
        var path = new StringBuilder();
        foreach (var segment in _path)
        {
            if (segment is int index)
            {
                path.Append('[').Append(index).Append(']');
            }
            else
            {
                if (path.Length > 0)
                {
                    path.Append('.');
                }
                path.Append((string)segment);
            }
        }
        _error = new ValidationError(path.ToString(), message);
    }
}
