using System.Text.Json;

namespace Guild.Web.Features.Lrs.Validation;

public enum ObjectKind { Activity, Agent, Group, SubStatement, StatementRef }

/// <summary>One attachment header of a statement (Data 2.4.11): what the multipart parts are matched against.</summary>
public sealed record AttachmentHeader(string UsageType, string Sha2, long Length, string ContentType, string? FileUrl)
{
    public const string SignatureUsage = "http://adlnet.gov/expapi/attachments/signature";

    public bool IsSignature => UsageType == SignatureUsage;
}

/// <summary>
/// What the store needs to know about a valid statement, gathered by <see cref="StatementValidator"/>
/// in the same pass that checks it: identifiers for the query indexes, voiding, activity definitions
/// for the canonical view, and attachment headers.
/// </summary>
public sealed class StatementFacts
{
    public const string VoidedVerb = "http://adlnet.gov/expapi/verbs/voided";

    public Guid? Id { get; internal set; }
    public string VerbId { get; internal set; } = "";
    public ObjectKind ObjectKind { get; internal set; }
    /// <summary>The object's Activity id when the object is an Activity.</summary>
    public string? ObjectActivityId { get; internal set; }
    /// <summary>The target when the object is a StatementRef (voiding, commenting, ...).</summary>
    public Guid? ObjectStatementRef { get; internal set; }
    public bool IsVoiding => VerbId == VoidedVerb;
    public Guid? Registration { get; internal set; }
    public DateTimeOffset? Timestamp { get; internal set; }
    public string? Version { get; internal set; }

    /// <summary>Agent identifiers (IFI keys) of the actor and object, with the members of either Group: the "agent" filter.</summary>
    public HashSet<string> Agents { get; } = new(StringComparer.Ordinal);
    /// <summary>Every agent identifier the statement names, actor/object included: the "related_agents" filter.</summary>
    public HashSet<string> RelatedAgents { get; } = new(StringComparer.Ordinal);
    /// <summary>Every Activity id the statement names (object, context activities, sub-statement): the "related_activities" filter.</summary>
    public HashSet<string> RelatedActivities { get; } = new(StringComparer.Ordinal);
    /// <summary>Activity definitions carried by the statement, for the LRS's canonical definitions.</summary>
    public List<(string ActivityId, JsonElement Definition)> Definitions { get; } = [];
    public List<AttachmentHeader> Attachments { get; } = [];
}

/// <summary>Why a statement (or parameter) was refused: the property path and what is wrong with it.</summary>
public sealed record ValidationError(string Path, string Message)
{
    public override string ToString() => Path.Length == 0 ? Message : $"{Path} {Message}";
}
