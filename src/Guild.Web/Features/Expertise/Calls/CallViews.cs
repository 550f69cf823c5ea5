namespace Guild.Web.Features.Expertise.Calls;

/// <summary>Where a call stands: a draft, open for answers, or closed (by an admin or because its closing date passed).</summary>
public enum CallState { Draft, Open, Closed }

/// <summary>What an L&amp;D admin writes (a new call, or changes to a draft).</summary>
/// <param name="Title">Short title people see in the banner and the mail's subject (required, at most 200 characters).</param>
/// <param name="Message">The message to the organisation: why, what it asks (required, at most 20,000 characters).</param>
/// <param name="CapabilityId">The capability the call is about (from the know-how map).</param>
/// <param name="ComponentIds">Live components of that capability the call asks about (at least one).</param>
/// <param name="WholeOrganisation"><c>true</c>: everyone in the organisation (not partner guests); <c>false</c>: only the chosen departments and locations.</param>
/// <param name="OrgUnitIds">Departments and locations (ids from <c>/api/v1/org-units</c>) when not to the whole organisation.</param>
/// <param name="ClosesOn">The last day answers are taken (in the organisation's time zone); today or later.</param>
public sealed record CallDraft(
    string? Title,
    string? Message,
    Guid? CapabilityId,
    IReadOnlyList<Guid>? ComponentIds,
    bool WholeOrganisation,
    IReadOnlyList<Guid>? OrgUnitIds,
    DateOnly? ClosesOn);

/// <summary>A call in the admin's list.</summary>
/// <param name="Id">The call's id.</param>
/// <param name="Title">Its title.</param>
/// <param name="CapabilityName">The capability it is about.</param>
/// <param name="State">Draft, Open or Closed.</param>
/// <param name="ClosesAt">When it stops taking answers.</param>
/// <param name="SentAt">When it was sent; null for a draft.</param>
/// <param name="Recipients">How many people received it.</param>
/// <param name="Volunteers">How many of them volunteered.</param>
/// <param name="Pending">Volunteered components still waiting for a decision.</param>
public sealed record CallSummary(Guid Id, string Title, string CapabilityName, CallState State, DateTimeOffset ClosesAt,
    DateTimeOffset? SentAt, int Recipients, int Volunteers, int Pending);

/// <summary>A component a call asks about.</summary>
/// <param name="Id">The component's id.</param>
/// <param name="Name">Its name.</param>
/// <param name="Depth">1 under the capability, up to 3.</param>
/// <param name="Archived">Archived since the call was written: no longer offered.</param>
public sealed record CallComponentView(Guid Id, string Name, int Depth, bool Archived);

/// <summary>A department or location.</summary>
/// <param name="Id">The org unit's id.</param>
/// <param name="Name">Its name.</param>
/// <param name="Kind">Department or Location.</param>
public sealed record CallOrgUnitView(Guid Id, string Name, People.OrgUnitKind Kind);

/// <summary>One component someone offered in their answer, and what the admin decided.</summary>
/// <param name="ComponentId">The component.</param>
/// <param name="Level">How well they know it.</param>
/// <param name="Decision">Pending, Approved or Declined.</param>
public sealed record AnsweredComponent(Guid ComponentId, ExpertiseLevel Level, VolunteerDecision Decision);

/// <summary>Someone's answer to a call.</summary>
/// <param name="HoursPerMonth">Hours a month they can give.</param>
/// <param name="Formats">The formats they like.</param>
/// <param name="Note">Anything they added.</param>
/// <param name="Components">The components they offered, with their levels.</param>
/// <param name="AnsweredAt">When they first answered.</param>
/// <param name="UpdatedAt">When they last changed the answer.</param>
public sealed record CallAnswerView(int HoursPerMonth, IReadOnlyList<ContributionFormats> Formats, string? Note,
    IReadOnlyList<AnsweredComponent> Components, DateTimeOffset AnsweredAt, DateTimeOffset UpdatedAt);

/// <summary>A call as the reader may see it.</summary>
/// <param name="Id">The call's id.</param>
/// <param name="Title">Its title.</param>
/// <param name="Message">The message (Markdown).</param>
/// <param name="CapabilityId">The capability it is about.</param>
/// <param name="CapabilityName">The capability's name.</param>
/// <param name="WholeOrganisation">Sent to the whole organisation (else to <paramref name="OrgUnits"/>).</param>
/// <param name="OrgUnits">The departments and locations it goes to.</param>
/// <param name="Components">The components it asks about; archived ones are listed for admins only.</param>
/// <param name="ClosesAt">When it stops taking answers.</param>
/// <param name="SentAt">When it was sent; null for a draft.</param>
/// <param name="ClosedAt">When an admin closed it early.</param>
/// <param name="State">Draft, Open or Closed.</param>
/// <param name="IsRecipient">The reader received it.</param>
/// <param name="Dismissed">The reader dismissed it.</param>
/// <param name="CanAnswer">The reader may volunteer now.</param>
/// <param name="CanManage">The reader may edit, send or close it.</param>
/// <param name="Answer">The reader's own answer, if they gave one.</param>
public sealed record CallDetails(
    Guid Id,
    string Title,
    string Message,
    Guid CapabilityId,
    string CapabilityName,
    bool WholeOrganisation,
    IReadOnlyList<CallOrgUnitView> OrgUnits,
    IReadOnlyList<CallComponentView> Components,
    DateTimeOffset ClosesAt,
    DateTimeOffset? SentAt,
    DateTimeOffset? ClosedAt,
    CallState State,
    bool IsRecipient,
    bool Dismissed,
    bool CanAnswer,
    bool CanManage,
    CallAnswerView? Answer);

/// <summary>One component in an answer.</summary>
/// <param name="ComponentId">A live component of the call.</param>
/// <param name="Level">UsesIt, CanExplainIt or CanTeachIt.</param>
public sealed record ComponentOffer(Guid ComponentId, ExpertiseLevel? Level);

/// <summary>Someone volunteers (or changes their answer): which components at which level, hours and formats.</summary>
/// <param name="Components">The components they offer, each with a level (at least one).</param>
/// <param name="HoursPerMonth">Hours a month they can give (0 to 160).</param>
/// <param name="Formats">Formats they like: Video, ScreenRecording, Article, LiveSession, AnsweringQuestions.</param>
/// <param name="Note">Anything else (at most 2,000 characters).</param>
public sealed record CallAnswer(IReadOnlyList<ComponentOffer>? Components, int? HoursPerMonth, IReadOnlyList<ContributionFormats>? Formats, string? Note);

/// <summary>A call that waits for the reader's answer (the banner).</summary>
/// <param name="Id">The call's id.</param>
/// <param name="Title">Its title.</param>
/// <param name="ClosesAt">When it stops taking answers.</param>
public sealed record OpenCallNotice(Guid Id, string Title, DateTimeOffset ClosesAt);

/// <summary>A capability and its live components, for the call form.</summary>
/// <param name="Id">The capability.</param>
/// <param name="Name">Its name.</param>
/// <param name="Components">Its live components in map order.</param>
public sealed record CallCapabilityChoice(Guid Id, string Name, IReadOnlyList<CallComponentView> Components);

internal static class CallFormats
{
    public static readonly ContributionFormats[] All =
        [ContributionFormats.Video, ContributionFormats.ScreenRecording, ContributionFormats.Article, ContributionFormats.LiveSession, ContributionFormats.AnsweringQuestions];

    public static IReadOnlyList<ContributionFormats> Split(ContributionFormats formats) => All.Where(f => formats.HasFlag(f)).ToList();

    public static ContributionFormats Join(IEnumerable<ContributionFormats>? formats) =>
        (formats ?? []).Aggregate(ContributionFormats.None, (all, f) => all | f);
}
