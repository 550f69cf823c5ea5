using Microsoft.AspNetCore.Identity;

namespace Guild.Web.Platform.Identity;

/// <summary>
/// A sign-in account. The person behind it (name, department, profile) is the People feature's
/// <c>Person</c>, which shares this id.
/// </summary>
public sealed class GuildUser : IdentityUser<Guid>
{
    /// <summary>Set when the person left the organisation; the account can no longer sign in.</summary>
    public DateTimeOffset? DeactivatedAt { get; set; }

    /// <summary>"en" or "nl"; null follows the browser, then the organisation's default.</summary>
    public string? PreferredLanguage { get; set; }
}

public sealed class GuildRole : IdentityRole<Guid>
{
    public GuildRole() { }
    public GuildRole(string name) : base(name) { }
}

/// <summary>The five roles of Guild. A person may hold several; everyone inside the organisation is an Employee.</summary>
public static class Roles
{
    public const string Employee = nameof(Employee);
    public const string Champion = nameof(Champion);
    public const string Moderator = nameof(Moderator);
    public const string LearningAdmin = nameof(LearningAdmin);
    public const string PartnerGuest = nameof(PartnerGuest);

    public static readonly IReadOnlyList<string> All = [Employee, Champion, Moderator, LearningAdmin, PartnerGuest];

    public static bool IsKnown(string role) => All.Contains(role, StringComparer.Ordinal);
}

/// <summary>Named authorisation policies; pages and endpoints use these names, never role strings.</summary>
public static class Policies
{
    public const string LearningAdmin = nameof(LearningAdmin);
    public const string Moderator = nameof(Moderator);
    public const string Champion = nameof(Champion);
    /// <summary>People of the organisation itself, not partner guests.</summary>
    public const string Member = nameof(Member);
}
