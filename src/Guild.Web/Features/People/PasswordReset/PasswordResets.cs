using Guild.Web.Platform;
using Guild.Web.Platform.Audit;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.Jobs;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Guild.Web.Features.People.PasswordReset;

/// <summary>What the "forgot your password" form queues: the address as typed, and where the request came from.</summary>
public sealed record PasswordResetRequest(string Email, string? RequestedFrom);

public enum PasswordResetLinkState { Open, Expired, Invalid }

/// <summary>What a reset link leads to, for the page that opens it.</summary>
public sealed record PasswordResetLink(PasswordResetLinkState State, string? Email);

/// <summary>
/// A forgotten password: a request by email address, a link by mail, a new password. The request never tells whether
/// the address has an account: it is checked for form only and always queues the same job (one insert, one commit),
/// and the answer is the same; the job decides, out of sight, whether anyone gets a mail (<see cref="PasswordResetMailJob"/>).
/// The new password follows the invitation's rules; setting it renews the security stamp (the link works once, and
/// other sessions end at their next check), clears the lockout, and is audited.
/// </summary>
public sealed class PasswordResets(
    GuildDb db,
    JobQueue jobs,
    UserManager<GuildUser> users,
    PasswordResetTokens tokens,
    SignInThrottle throttle,
    AuditLog audit,
    IOptions<IdentityOptions> identityOptions,
    IStringLocalizer<PasswordResetText> text,
    IStringLocalizer<PeopleText> peopleText)
{
    public const string ResetAction = AuditActions.PersonPasswordReset;
    public const int MaxEmailLength = 256;

    /// <summary>Queues a reset for whatever account the address belongs to, if any. Invalid only when the address is not an address.</summary>
    public async Task<Result<PasswordResetRequest>> RequestAsync(string? email, string? requestedFrom, CancellationToken cancellationToken)
    {
        var address = email?.Trim() ?? "";
        if (address.Length == 0)
        {
            return Result<PasswordResetRequest>.Invalid("email", text["EmailRequired"]);
        }
        if (address.Length > MaxEmailLength || !EmailAddress.IsValid(address))
        {
            return Result<PasswordResetRequest>.Invalid("email", text["EmailInvalid"]);
        }
        var request = new PasswordResetRequest(address, requestedFrom);
        jobs.Enqueue(PasswordResetMailJob.JobKind, request, maxAttempts: 5);
        await db.SaveChangesAsync(cancellationToken);
        return Result<PasswordResetRequest>.Ok(request);
    }

    public async Task<PasswordResetLink> CheckAsync(Guid personId, string? token, CancellationToken cancellationToken)
    {
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == personId, cancellationToken);
        // Deactivated people and invitations nobody accepted yet have no password to reset.
        if (user is null || user.DeactivatedAt is not null || user.PasswordHash is null)
        {
            return new PasswordResetLink(PasswordResetLinkState.Invalid, null);
        }
        return tokens.Check(UserManager<GuildUser>.ResetPasswordTokenPurpose, token, personId, user.SecurityStamp) switch
        {
            AccountLinkStatus.Valid => new PasswordResetLink(PasswordResetLinkState.Open, user.Email),
            AccountLinkStatus.Expired => new PasswordResetLink(PasswordResetLinkState.Expired, null),
            _ => new PasswordResetLink(PasswordResetLinkState.Invalid, null),
        };
    }

    /// <summary>Sets the new password. The caller signs the person in with the account it answers.</summary>
    public async Task<Result<GuildUser>> ResetAsync(Guid personId, string? token, string? password, string? confirmation, CancellationToken cancellationToken)
    {
        var link = await CheckAsync(personId, token, cancellationToken);
        if (link.State != PasswordResetLinkState.Open)
        {
            return Result<GuildUser>.Invalid("token", text[link.State == PasswordResetLinkState.Expired ? "LinkExpiredText" : "LinkInvalidText"]);
        }
        if (string.IsNullOrEmpty(password))
        {
            return Result<GuildUser>.Invalid("password", peopleText["PasswordRequired"]);
        }
        if (!string.Equals(password, confirmation, StringComparison.Ordinal))
        {
            return Result<GuildUser>.Invalid("confirmation", peopleText["PasswordsDiffer"]);
        }
        var user = await users.FindByIdAsync(personId.ToString());
        var name = await db.Set<Person>().Where(p => p.Id == personId).Select(p => p.GivenName + " " + p.FamilyName).FirstOrDefaultAsync(cancellationToken);
        if (user is null)
        {
            return Result<GuildUser>.Invalid("token", text["LinkInvalidText"]);
        }
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Identity checks the token (through PasswordResetTokens) and the password rules, sets the hash and renews the stamp.
        var reset = await users.ResetPasswordAsync(user, token!, password);
        if (!reset.Succeeded)
        {
            db.ChangeTracker.Clear();
            return reset.Errors.Any(error => error.Code == nameof(IdentityErrorDescriber.InvalidToken))
                ? Result<GuildUser>.Invalid("token", text["LinkInvalidText"])
                : Result<GuildUser>.Invalid(new Dictionary<string, string[]>
                {
                    ["password"] = reset.Errors.Select(error => Invitations.DescribePasswordError(error, peopleText, identityOptions.Value.Password)).ToArray(),
                });
        }
        // Whoever holds the mailbox is the owner: a lockout (perhaps someone else's guessing) ends with the new password.
        user.LockoutEnd = null;
        user.AccessFailedCount = 0;
        var entry = audit.Record(ResetAction, AuditObjectTypes.Person, personId.ToString(), name);
        entry.ActorId = personId;
        entry.ActorName = name ?? user.Email ?? "";
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        throttle.Forget(user.NormalizedUserName ?? "");
        return Result<GuildUser>.Ok(user);
    }
}
