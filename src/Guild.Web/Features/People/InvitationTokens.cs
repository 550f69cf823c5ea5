using System.Text;
using Guild.Web.Platform.Identity;
using Microsoft.AspNetCore.DataProtection;

namespace Guild.Web.Features.People;

/// <summary>
/// The secret in an invitation link: an <see cref="AccountLinkTokens"/> bound to the account's security stamp, so
/// choosing a password (or being deactivated) ends it; valid for <see cref="Lifetime"/>.
/// </summary>
public sealed class InvitationTokens(IDataProtectionProvider protection, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(14);

    private readonly AccountLinkTokens _links = new(protection.CreateProtector("Guild.People.Invitation.v1"), clock, Lifetime);

    public string Create(Guid personId, string securityStamp) => _links.Create(personId, Encoding.UTF8.GetBytes(securityStamp));

    public AccountLinkStatus Check(string? token, Guid personId, string? securityStamp) =>
        _links.Check(token, personId, Encoding.UTF8.GetBytes(securityStamp ?? ""));
}
