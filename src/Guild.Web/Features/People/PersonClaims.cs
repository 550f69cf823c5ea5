using System.Security.Claims;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Identity;
using Microsoft.EntityFrameworkCore;

namespace Guild.Web.Features.People;

/// <summary>
/// Puts the person's display name and department in their cookie, so the header and the home page
/// need no query for them. The cookie is renewed at every security-stamp check (5 minutes), so a
/// changed name or department shows within that time.
/// </summary>
internal sealed class PersonClaims(GuildDb db) : IProfileClaimsSource
{
    public const string Department = "guild:department";

    public async Task AddClaimsAsync(GuildUser user, ClaimsIdentity identity)
    {
        var person = await db.Set<Person>().Where(p => p.Id == user.Id)
            .Select(p => new { Name = p.GivenName + " " + p.FamilyName, p.DepartmentId }).FirstOrDefaultAsync();
        identity.AddClaim(new Claim(GuildClaims.DisplayName, person?.Name ?? user.Email ?? user.UserName ?? ""));
        if (person?.DepartmentId is { } department)
        {
            identity.AddClaim(new Claim(Department, department.ToString()));
        }
    }
}
