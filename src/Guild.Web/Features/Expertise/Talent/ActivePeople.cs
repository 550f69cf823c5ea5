using System.Linq.Expressions;
using Guild.Web.Features.People;

namespace Guild.Web.Features.Expertise.Talent;

/// <summary>
/// Who counts as someone working here now, for the directory and for team proposals: the one place that knows where
/// deactivation is stored, so moving it (to the sign-in account) changes this file only.
/// </summary>
public static class ActivePeople
{
    /// <summary>For LINQ over <see cref="Person"/>.</summary>
    public static readonly Expression<Func<Person, bool>> Expression = p => p.Account.DeactivatedAt == null;

    /// <summary>For hand-written SQL where the people table is aliased <c>p</c>.</summary>
    /// Deactivated accounts are few and have their own partial index, so the anti-join reads only those.
    public const string Sql = "NOT EXISTS (SELECT 1 FROM users a WHERE a.id = p.id AND a.deactivated_at IS NOT NULL)";
}
