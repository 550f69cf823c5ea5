namespace Guild.Web.Features.Expertise.Map;

/// <summary>A person named on the map (an owner).</summary>
/// <param name="Id">The person's id (<c>/api/v1/people/{id}</c>).</param>
/// <param name="DisplayName">Their name.</param>
/// <param name="Email">Their work e-mail address.</param>
public sealed record MapPerson(Guid Id, string DisplayName, string? Email);

/// <summary>A skill a component covers.</summary>
/// <param name="Id">The skill's id.</param>
/// <param name="Name">The skill's name.</param>
public sealed record MapSkill(Guid Id, string Name);

/// <summary>A component in its capability's tree.</summary>
/// <param name="Id">The component's id.</param>
/// <param name="ParentId">The component it hangs under; null directly under the capability.</param>
/// <param name="Depth">1 directly under the capability, at most 3.</param>
/// <param name="Name">Its name, unique among its siblings.</param>
/// <param name="Description">What it covers (plain text), or null.</param>
/// <param name="Owner">Who looks after it, or null.</param>
/// <param name="Position">Order among its siblings (0 first).</param>
/// <param name="Skills">The skills it covers, by name.</param>
/// <param name="ArchivedAt">When it was archived (merged or retired); null while live. Only L&amp;D admins see archived components.</param>
/// <param name="MergedIntoId">The component it was merged into, if that is why it was archived.</param>
/// <param name="Children">The components under it, in order.</param>
public sealed record ComponentNode(
    Guid Id, Guid? ParentId, int Depth, string Name, string? Description, MapPerson? Owner, int Position,
    IReadOnlyList<MapSkill> Skills, DateTimeOffset? ArchivedAt, Guid? MergedIntoId, IReadOnlyList<ComponentNode> Children)
{
    /// <summary>This component and everything under it, depth first.</summary>
    public IEnumerable<ComponentNode> SelfAndDescendants() => Children.SelectMany(c => c.SelfAndDescendants()).Prepend(this);
}

/// <summary>A capability with its components.</summary>
/// <param name="Id">The capability's id.</param>
/// <param name="Name">Its name, unique among live capabilities.</param>
/// <param name="Description">Why the business needs it (plain text), or null.</param>
/// <param name="Owner">Who looks after it, or null.</param>
/// <param name="Position">Order on the map (0 first).</param>
/// <param name="ArchivedAt">When it was archived; null while live.</param>
/// <param name="Components">Its components directly under it, each with its own children, in order.</param>
public sealed record CapabilityView(
    Guid Id, string Name, string? Description, MapPerson? Owner, int Position, DateTimeOffset? ArchivedAt, IReadOnlyList<ComponentNode> Components)
{
    /// <summary>Every component of the capability, depth first.</summary>
    public IEnumerable<ComponentNode> AllComponents() => Components.SelectMany(c => c.SelfAndDescendants());
}

/// <summary>A capability in the list of the map.</summary>
/// <param name="Id">The capability's id.</param>
/// <param name="Name">Its name.</param>
/// <param name="Description">Why the business needs it, or null.</param>
/// <param name="Owner">Who looks after it, or null.</param>
/// <param name="Position">Order on the map (0 first).</param>
/// <param name="ArchivedAt">When it was archived; null while live.</param>
/// <param name="ComponentCount">How many live components it has, at every level.</param>
public sealed record CapabilitySummary(Guid Id, string Name, string? Description, MapPerson? Owner, int Position, DateTimeOffset? ArchivedAt, int ComponentCount);

/// <summary>One component with where it sits.</summary>
/// <param name="Id">The component's id.</param>
/// <param name="CapabilityId">Its capability.</param>
/// <param name="CapabilityName">Its capability's name.</param>
/// <param name="ParentId">The component it hangs under; null directly under the capability.</param>
/// <param name="Depth">1 directly under the capability, at most 3.</param>
/// <param name="Name">Its name.</param>
/// <param name="Description">What it covers, or null.</param>
/// <param name="Owner">Who looks after it, or null.</param>
/// <param name="Position">Order among its siblings (0 first).</param>
/// <param name="Skills">The skills it covers.</param>
/// <param name="ArchivedAt">When it was archived; null while live.</param>
/// <param name="MergedIntoId">The component it was merged into, if any.</param>
/// <param name="Path">The names from the top of the capability down to this component.</param>
public sealed record ComponentView(
    Guid Id, Guid CapabilityId, string CapabilityName, Guid? ParentId, int Depth, string Name, string? Description, MapPerson? Owner,
    int Position, IReadOnlyList<MapSkill> Skills, DateTimeOffset? ArchivedAt, Guid? MergedIntoId, IReadOnlyList<string> Path);

/// <summary>
/// A live component for pickers (calls, teams, profiles): archived components and those of archived capabilities
/// never appear.
/// </summary>
/// <param name="Id">The component's id.</param>
/// <param name="CapabilityId">Its capability.</param>
/// <param name="ParentId">The component it hangs under; null directly under the capability.</param>
/// <param name="Depth">1 directly under the capability, at most 3.</param>
/// <param name="Name">Its name.</param>
/// <param name="Path">Its place from the top: "Video &gt; Editing &gt; Colour grading".</param>
public sealed record LiveComponent(Guid Id, Guid CapabilityId, Guid? ParentId, int Depth, string Name, string Path);

/// <summary>Body of creating or changing a capability. Every field is set as sent: an empty optional field clears it.</summary>
/// <param name="Name">Its name (required, at most 150 characters, unique among live capabilities).</param>
/// <param name="Description">Why the business needs it (at most 4,000 characters).</param>
/// <param name="OwnerEmail">E-mail address of the person who looks after it; empty for nobody.</param>
public sealed record CapabilityRequest(string? Name, string? Description, string? OwnerEmail);

/// <summary>Body of creating a component.</summary>
/// <param name="ParentId">The component to put it under (of the same capability); null or absent for directly under the capability. At most three levels.</param>
/// <param name="Name">Its name (required, at most 150 characters, unique among its live siblings).</param>
/// <param name="Description">What it covers (at most 4,000 characters).</param>
/// <param name="OwnerEmail">E-mail address of the person who looks after it; empty for nobody.</param>
/// <param name="Skills">Names of the skills it covers (each at most 100 characters, at most 30); a skill Guild does not know yet is created.</param>
public sealed record NewComponentRequest(Guid? ParentId, string? Name, string? Description, string? OwnerEmail, IReadOnlyList<string>? Skills);

/// <summary>Body of changing a component. Every field is set as sent: an empty optional field clears it.</summary>
/// <param name="Name">Its name (required, at most 150 characters, unique among its live siblings).</param>
/// <param name="Description">What it covers (at most 4,000 characters).</param>
/// <param name="OwnerEmail">E-mail address of the person who looks after it; empty for nobody.</param>
/// <param name="Skills">Names of the skills it covers (the complete list); a skill Guild does not know yet is created.</param>
public sealed record ComponentRequest(string? Name, string? Description, string? OwnerEmail, IReadOnlyList<string>? Skills);

/// <summary>Body of moving a capability on the map.</summary>
/// <param name="Position">Its new place among the live capabilities, 0 first; beyond the end means last.</param>
public sealed record CapabilityMoveRequest(int Position);

/// <summary>Body of moving a component.</summary>
/// <param name="ParentId">The component to put it under (same capability); null for directly under the capability. The moved component keeps its children; all must stay within three levels.</param>
/// <param name="Position">Its place among its new siblings, 0 first; absent or beyond the end means last.</param>
public sealed record ComponentMoveRequest(Guid? ParentId, int? Position);

/// <summary>Body of merging a component into another.</summary>
/// <param name="TargetId">The component that stays (a live component of the same capability, not under the merged one).</param>
public sealed record ComponentMergeRequest(Guid TargetId);

/// <summary>What a merge moved to the component that stayed.</summary>
/// <param name="Component">The component that stayed, as it is now.</param>
/// <param name="Champions">Champions moved (a person who championed both counts once).</param>
/// <param name="Volunteers">Volunteers' offers moved.</param>
/// <param name="Calls">Calls that now ask about the component that stayed.</param>
/// <param name="Teams">Teams that now need the component that stayed.</param>
/// <param name="Skills">Skills added to it.</param>
/// <param name="Children">Components moved under it.</param>
public sealed record ComponentMergeOutcome(ComponentView Component, int Champions, int Volunteers, int Calls, int Teams, int Skills, int Children);
