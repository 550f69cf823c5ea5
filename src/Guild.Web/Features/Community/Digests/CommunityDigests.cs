using System.Security.Cryptography;
using Guild.Web.Platform;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Identity;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Guild.Web.Features.Community.Digests;

/// <summary>A person's digest choice, as the API and the community page show it.</summary>
/// <param name="Frequency">Weekly (everyone's until they choose), Daily or Off.</param>
/// <param name="LastSentAt">When the last digest went to this person; null before the first.</param>
public sealed record DigestSetting(CommunityDigestFrequency Frequency, DateTimeOffset? LastSentAt);

/// <param name="Frequency">Weekly, Daily or Off.</param>
public sealed record DigestSettingRequest(string? Frequency);

/// <summary>Choosing how often the community digest comes, and leaving it from the mail with one click.</summary>
public sealed class CommunityDigests(GuildDb db, CurrentPerson me, TimeProvider clock, DigestUnsubscribeLinks links, IStringLocalizer<DigestText> text)
{
    public async Task<DigestSetting> GetMineAsync(CancellationToken cancellationToken)
    {
        var mine = await db.Set<CommunityDigestSubscription>().AsNoTracking().FirstOrDefaultAsync(s => s.PersonId == me.Id, cancellationToken);
        return new DigestSetting(mine?.Frequency ?? CommunityDigestFrequency.Weekly, mine?.LastSentAt);
    }

    public async Task<Result<DigestSetting>> SetMineAsync(DigestSettingRequest request, CancellationToken cancellationToken)
    {
        if (!Enum.TryParse<CommunityDigestFrequency>(request.Frequency?.Trim(), ignoreCase: true, out var frequency)
            || !Enum.IsDefined(frequency) || int.TryParse(request.Frequency, out _))
        {
            return Result<DigestSetting>.Invalid("frequency", text["FrequencyInvalid"]);
        }
        var saved = await SetAsync(me.Id, frequency, cancellationToken);
        return Result<DigestSetting>.Ok(new DigestSetting(saved.Frequency, saved.LastSentAt));
    }

    /// <summary>
    /// The one-click unsubscribe of RFC 8058: the signed link alone says who; no session, no antiforgery token (a mail client
    /// posts it without cookies). Safe to repeat. An unknown or forged link changes nothing.
    /// </summary>
    public async Task<Result<DigestSetting>> UnsubscribeAsync(string? token, CancellationToken cancellationToken)
    {
        if (links.Read(token) is not { } personId || !await db.Users.AnyAsync(u => u.Id == personId, cancellationToken))
        {
            return Result<DigestSetting>.NotFound();
        }
        var saved = await SetAsync(personId, CommunityDigestFrequency.Off, cancellationToken);
        return Result<DigestSetting>.Ok(new DigestSetting(saved.Frequency, saved.LastSentAt));
    }

    private async Task<CommunityDigestSubscription> SetAsync(Guid personId, CommunityDigestFrequency frequency, CancellationToken cancellationToken)
    {
        var row = await db.Set<CommunityDigestSubscription>().FirstOrDefaultAsync(s => s.PersonId == personId, cancellationToken);
        if (row is null)
        {
            row = new CommunityDigestSubscription { PersonId = personId };
            db.Add(row);
        }
        row.Frequency = frequency;
        row.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return row;
    }
}

/// <summary>
/// The digest's unsubscribe link: the person's id protected by the key ring every node shares, under this purpose alone. It does not
/// expire (a digest read weeks later still unsubscribes) and it can do nothing but turn that person's digest off.
/// </summary>
public sealed class DigestUnsubscribeLinks(IDataProtectionProvider protection)
{
    private readonly IDataProtector _protector = protection.CreateProtector("Guild.Community.DigestUnsubscribe.v1");

    public string Create(Guid personId) => WebEncoders.Base64UrlEncode(_protector.Protect(personId.ToByteArray()));

    public Guid? Read(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 500)
        {
            return null;
        }
        try
        {
            var payload = _protector.Unprotect(WebEncoders.Base64UrlDecode(token));
            return payload.Length == 16 ? new Guid(payload) : null;
        }
        catch (Exception exception) when (exception is CryptographicException or FormatException)
        {
            return null;
        }
    }
}
