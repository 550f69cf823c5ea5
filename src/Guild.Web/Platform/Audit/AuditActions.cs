namespace Guild.Web.Platform.Audit;

/// <summary>
/// Every action the audit log records, in one place. Callers pass these constants to
/// <see cref="AuditLog.Record"/>; the audit log page shows each as words from the resources
/// (<c>Audit.Action.{action}</c> in en and nl), and a test fails when an action has no text or a
/// caller records one that is not listed here. The codes are stored: never rename one.
/// </summary>
public static class AuditActions
{
    public const string ApiTokenCreated = "api-token.created";
    public const string ApiTokenRevoked = "api-token.revoked";
    public const string CapabilityArchived = "capability.archived";
    public const string CapabilityChanged = "capability.changed";
    public const string CapabilityCreated = "capability.created";
    public const string CapabilityMoved = "capability.moved";
    public const string CapabilityUnarchived = "capability.unarchived";
    public const string ComponentArchived = "component.archived";
    public const string ComponentChanged = "component.changed";
    public const string ComponentCreated = "component.created";
    public const string ComponentMerged = "component.merged";
    public const string ComponentMoved = "component.moved";
    public const string JobRetried = "jobs.retried";
    public const string KnowHowMapImported = "know-how-map.imported";
    public const string LrsClientCreated = "lrs-client.created";
    public const string LrsClientRevoked = "lrs-client.revoked";
    public const string LrsForwardingDisabled = "lrs-forwarding.disabled";
    public const string LrsForwardingRetried = "lrs-forwarding.retried";
    public const string LrsForwardingSaved = "lrs-forwarding.saved";
    public const string OrganisationLogoChanged = "organisation.logo-changed";
    public const string OrganisationLogoRemoved = "organisation.logo-removed";
    public const string OrganisationSettingsChanged = "organisation.settings-changed";
    public const string PeopleImported = "people.imported";
    public const string PersonDeactivated = "person.deactivated";
    public const string PersonPasswordReset = "person.password-reset";
    public const string PersonPasswordResetMailed = "person.password-reset-mailed";
    public const string PersonUnlocked = "person.unlocked";
    public const string PersonDetailsChanged = "person.details-changed";
    public const string PersonInvitationAccepted = "person.invitation-accepted";
    public const string PersonInvitationResent = "person.invitation-resent";
    public const string PersonInvited = "person.invited";
    public const string PersonReactivated = "person.reactivated";
    public const string PersonRolesChanged = "person.roles-changed";
    public const string ChampionCallSent = "champion-call.sent";
    public const string ChampionCallClosed = "champion-call.closed";
    public const string VolunteerApproved = "champion-call.volunteer-approved";
    public const string VolunteerDeclined = "champion-call.volunteer-declined";
    public const string AskAuthorRevealed = "ask.author-revealed";
    public const string AskMerged = "ask.merged";
    public const string PublicHolidayAdded = "public-holiday.added";
    public const string PublicHolidayRemoved = "public-holiday.removed";
    public const string InboundReplyRefused = "mail.reply-refused";
    public const string RestockRequested = "restock.requested";
    public const string RestockCancelled = "restock.cancelled";
    public const string FestivalInvitationCreated = "festival.invitation-created";
    public const string FestivalInvitationRevoked = "festival.invitation-revoked";
    public const string FestivalQuotaChanged = "festival.quota-changed";
    public const string FestivalPartnerAdded = "festival.partner-added";
    public const string CommunityAuthorRevealed = "community.author-revealed";
    public const string CommunityThreadPinned = "community.thread-pinned";
    public const string CommunityThreadUnpinned = "community.thread-unpinned";
    public const string CommunityThreadLocked = "community.thread-locked";
    public const string CommunityThreadUnlocked = "community.thread-unlocked";
    public const string CommunityThreadMoved = "community.thread-moved";
    public const string CommunityPostHidden = "community.post-hidden";
    public const string CommunityPostShown = "community.post-shown";
    public const string CommunityReportResolved = "community.report-resolved";
    public const string CommunityConductChanged = "community.conduct-changed";
    public const string CommunityConductAccepted = "community.conduct-accepted";
    public const string CommunityHoldingChanged = "community.holding-changed";
    public const string CommunityPostApproved = "community.post-approved";
    public const string CommunityPostDeclined = "community.post-declined";

    public static readonly IReadOnlyList<string> All =
    [
        ApiTokenCreated, ApiTokenRevoked, CapabilityArchived, CapabilityChanged, CapabilityCreated, CapabilityMoved, CapabilityUnarchived,
        ComponentArchived, ComponentChanged, ComponentCreated, ComponentMerged, ComponentMoved, KnowHowMapImported, JobRetried, LrsClientCreated, LrsClientRevoked, LrsForwardingDisabled,
        LrsForwardingRetried, LrsForwardingSaved, OrganisationLogoChanged, OrganisationLogoRemoved, OrganisationSettingsChanged,
        PeopleImported, PersonDeactivated, PersonDetailsChanged, PersonInvitationAccepted, PersonInvitationResent, PersonInvited,
        PersonReactivated, PersonRolesChanged, PersonPasswordReset, PersonPasswordResetMailed, PersonUnlocked,
        ChampionCallSent, ChampionCallClosed, VolunteerApproved, VolunteerDeclined,
        AskAuthorRevealed, AskMerged, PublicHolidayAdded, PublicHolidayRemoved, InboundReplyRefused, RestockRequested, RestockCancelled,
        FestivalInvitationCreated, FestivalInvitationRevoked, FestivalQuotaChanged, FestivalPartnerAdded, CommunityAuthorRevealed,
        CommunityThreadPinned, CommunityThreadUnpinned, CommunityThreadLocked, CommunityThreadUnlocked, CommunityThreadMoved, CommunityPostHidden,
        CommunityPostShown, CommunityReportResolved, CommunityConductChanged, CommunityConductAccepted, CommunityHoldingChanged, CommunityPostApproved,
        CommunityPostDeclined,
    ];
}

/// <summary>The kinds of object audit entries are about, shown as <c>Audit.ObjectType.{type}</c>; stored, never renamed.</summary>
public static class AuditObjectTypes
{
    public const string ApiToken = "ApiToken";
    public const string BackgroundJob = "BackgroundJob";
    public const string Capability = "Capability";
    public const string Component = "Component";
    public const string KnowHowMap = "KnowHowMap";
    public const string LrsClient = "LrsClient";
    public const string LrsForwarding = "LrsForwarding";
    public const string Organisation = "Organisation";
    public const string PeopleImport = "PeopleImport";
    public const string Person = "Person";
    public const string ChampionCall = "ChampionCall";
    public const string Ask = "Ask";
    public const string CommunityPost = "CommunityPost";
    public const string PublicHoliday = "PublicHoliday";
    public const string InboundMail = "InboundMail";
    public const string RestockRequest = "RestockRequest";
    public const string Festival = "Festival";
    public const string CommunitySpace = "CommunitySpace";

    public static readonly IReadOnlyList<string> All = [ApiToken, BackgroundJob, Capability, ChampionCall, Component, InboundMail, KnowHowMap, LrsClient, LrsForwarding, Organisation, PeopleImport, Person, Ask, PublicHoliday, RestockRequest, Festival, CommunityPost, CommunitySpace];
}
