using System.Security.Claims;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Identity;
using Microsoft.EntityFrameworkCore;

namespace Guild.Web.Features.People;

/// <summary>Puts the person's display name in their cookie, so the header needs no query.</summary>
internal sealed class PersonClaims(GuildDb db) : IProfileClaimsSource
{
    public async Task AddClaimsAsync(GuildUser user, ClaimsIdentity identity)
    {
        var name = await db.Set<Person>().Where(p => p.Id == user.Id)
            .Select(p => p.GivenName + " " + p.FamilyName).FirstOrDefaultAsync();
        identity.AddClaim(new Claim(GuildClaims.DisplayName, name ?? user.Email ?? user.UserName ?? ""));
    }
}
