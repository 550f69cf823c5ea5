using System.Globalization;
using Guild.Web.Platform;
using Guild.Web.Platform.Audit;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Localization;
using Guild.Web.Platform.Organisation;
using Guild.Web.Platform.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Guild.Web.Features.Administration;

/// <summary>
/// What an L&amp;D admin (or the API) sends to change the organisation's settings. Times are "HH:mm"
/// text, so a form and a JSON client are validated the same way. <c>ApiTokenMaxDays</c> left out keeps the current
/// maximum (clients written before it existed go on working).
/// </summary>
/// <param name="Name">The organisation's name, shown in the header and in mail (1 to 200 characters).</param>
/// <param name="DefaultLanguage">The language for people who chose none: <c>en</c> or <c>nl</c>.</param>
/// <param name="TimeZone">An IANA time zone, such as <c>Europe/Amsterdam</c>; days, digests and times are shown in it.</param>
/// <param name="WorkdayStart">When the working day starts, "HH:mm".</param>
/// <param name="WorkdayEnd">When it ends, "HH:mm", after the start.</param>
/// <param name="WorkingDays">The days people work, such as <c>["Monday", "Tuesday"]</c> (at least one).</param>
/// <param name="LearningRecordBaseIri">The absolute http(s) IRI, ending in "/", under which Guild names people and activities in learning records.</param>
/// <param name="ApiTokenMaxDays">The longest validity of an API token in days (1 to 3,650); left out keeps the current maximum.</param>
public sealed record OrganisationSettingsInput(
    string? Name,
    string? DefaultLanguage,
    string? TimeZone,
    string? WorkdayStart,
    string? WorkdayEnd,
    IReadOnlyList<DayOfWeek>? WorkingDays,
    string? LearningRecordBaseIri,
    int? ApiTokenMaxDays = null);

/// <summary>The organisation's settings as the API shows them.</summary>
/// <param name="Name">The organisation's name.</param>
/// <param name="LogoUrl">Where its logo is (versioned, so it may be cached); null without a logo.</param>
/// <param name="DefaultLanguage">The language for people who chose none: <c>en</c> or <c>nl</c>.</param>
/// <param name="TimeZone">Its IANA time zone, such as <c>Europe/Amsterdam</c>.</param>
/// <param name="WorkdayStart">When the working day starts, "HH:mm".</param>
/// <param name="WorkdayEnd">When it ends, "HH:mm".</param>
/// <param name="WorkingDays">The days people work, Monday first.</param>
/// <param name="LearningRecordBaseIri">The IRI under which Guild names people and activities in learning records.</param>
/// <param name="UpdatedAt">When the settings last changed.</param>
/// <param name="ApiTokenMaxDays">The longest validity of an API token in days; a token created without an expiry gets it.</param>
public sealed record OrganisationSettingsView(
    string Name,
    string? LogoUrl,
    string DefaultLanguage,
    string TimeZone,
    string WorkdayStart,
    string WorkdayEnd,
    IReadOnlyList<DayOfWeek> WorkingDays,
    string LearningRecordBaseIri,
    DateTimeOffset UpdatedAt,
    int ApiTokenMaxDays)
{
    public static OrganisationSettingsView From(OrganisationSettings settings) => new(
        settings.Name,
        settings.LogoKey is null ? null : OrganisationSettingsService.LogoUrl(settings.UpdatedAt),
        settings.DefaultLanguage,
        settings.TimeZoneId,
        settings.WorkdayStart.ToString("HH:mm", CultureInfo.InvariantCulture),
        settings.WorkdayEnd.ToString("HH:mm", CultureInfo.InvariantCulture),
        OrganisationSettingsService.WeekOrder.Where(settings.WorkingDays.Contains).ToList(),
        settings.LearningRecordBaseIri,
        settings.UpdatedAt,
        settings.ApiTokenMaxDays);
}

/// <summary>A saved change: the settings after it, and which fields it changed (none when nothing differed).</summary>
public sealed record OrganisationSettingsSaved(OrganisationSettingsView Settings, IReadOnlyList<string> ChangedFields);

/// <summary>
/// Changes the organisation's settings and logo. Every change is validated here (pages and the API
/// share it), written to the audit log with what changed, and makes every node's cached
/// <see cref="OrganisationProfile"/> forget the old values (this node at once, others within its cache time).
/// </summary>
public sealed class OrganisationSettingsService(
    GuildDb db,
    AuditLog audit,
    OrganisationProfile profile,
    IFileStore files,
    TimeProvider clock,
    IStringLocalizer<AdministrationText> text,
    ILogger<OrganisationSettingsService> logger)
{
    public const int MaxNameLength = 200;
    public const int MaxIriLength = 300;
    /// <summary>A logo is shown at 32 px in the header; a megabyte is generous.</summary>
    public const long MaxLogoBytes = 1024 * 1024;
    private const string LogoFolder = "organisation";

    public static readonly IReadOnlyList<DayOfWeek> WeekOrder =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];

    public static string LogoUrl(DateTimeOffset updatedAt) =>
        "/organisation/logo?v=" + updatedAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    public async Task<OrganisationSettingsView> GetAsync(CancellationToken cancellationToken) =>
        OrganisationSettingsView.From(await db.Set<OrganisationSettings>().AsNoTracking().SingleAsync(cancellationToken));

    public async Task<Result<OrganisationSettingsSaved>> UpdateAsync(OrganisationSettingsInput input, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var name = input.Name?.Trim() ?? "";
        if (name.Length == 0 || name.Length > MaxNameLength)
        {
            errors["name"] = [text["Organisation.NameInvalid", MaxNameLength]];
        }
        var language = input.DefaultLanguage?.Trim() ?? "";
        if (!GuildLocalization.IsSupported(language))
        {
            errors["defaultLanguage"] = [text["Organisation.LanguageInvalid"]];
        }
        var timeZone = input.TimeZone?.Trim() ?? "";
        if (!IsIanaTimeZone(timeZone))
        {
            errors["timeZone"] = [text["Organisation.TimeZoneInvalid"]];
        }
        var start = ParseTime(input.WorkdayStart);
        var end = ParseTime(input.WorkdayEnd);
        if (start is null)
        {
            errors["workdayStart"] = [text["Organisation.TimeInvalid"]];
        }
        if (end is null)
        {
            errors["workdayEnd"] = [text["Organisation.TimeInvalid"]];
        }
        else if (start is not null && end <= start)
        {
            errors["workdayEnd"] = [text["Organisation.EndBeforeStart"]];
        }
        var days = (input.WorkingDays ?? []).Distinct().ToList();
        if (days.Count == 0 || days.Any(day => !Enum.IsDefined(day)))
        {
            errors["workingDays"] = [text["Organisation.WorkingDaysInvalid"]];
        }
        var iri = input.LearningRecordBaseIri?.Trim() ?? "";
        if (!IsLearningRecordBaseIri(iri))
        {
            errors["learningRecordBaseIri"] = [text["Organisation.IriInvalid"]];
        }
        if (input.ApiTokenMaxDays is < 1 or > OrganisationSettings.HighestApiTokenMaxDays)
        {
            errors["apiTokenMaxDays"] = [text["Organisation.ApiTokenMaxDaysInvalid",
                OrganisationSettings.HighestApiTokenMaxDays.ToString("N0", CultureInfo.CurrentCulture)]];
        }
        if (errors.Count > 0)
        {
            return Result<OrganisationSettingsSaved>.Invalid(errors);
        }

        var settings = await db.Set<OrganisationSettings>().SingleAsync(cancellationToken);
        var changes = new Dictionary<string, object>();
        void Compare<T>(string field, T before, T after, Action apply)
        {
            if (!EqualityComparer<T>.Default.Equals(before, after))
            {
                changes[field] = new { from = before, to = after };
                apply();
            }
        }
        var orderedDays = WeekOrder.Where(days.Contains).ToList();
        Compare("name", settings.Name, name, () => settings.Name = name);
        Compare("defaultLanguage", settings.DefaultLanguage, language, () => settings.DefaultLanguage = language);
        Compare("timeZone", settings.TimeZoneId, timeZone, () => settings.TimeZoneId = timeZone);
        Compare("workdayStart", Format(settings.WorkdayStart), Format(start!.Value), () => settings.WorkdayStart = start.Value);
        Compare("workdayEnd", Format(settings.WorkdayEnd), Format(end!.Value), () => settings.WorkdayEnd = end.Value);
        Compare("workingDays", DaysText(settings.WorkingDays), DaysText(orderedDays), () => settings.WorkingDays = orderedDays);
        Compare("learningRecordBaseIri", settings.LearningRecordBaseIri, iri, () => settings.LearningRecordBaseIri = iri);
        // Existing tokens keep the expiry they were given: a lower maximum applies to tokens created from now on.
        var maxDays = input.ApiTokenMaxDays ?? settings.ApiTokenMaxDays;
        Compare("apiTokenMaxDays", settings.ApiTokenMaxDays, maxDays, () => settings.ApiTokenMaxDays = maxDays);
        if (changes.Count == 0)
        {
            return Result<OrganisationSettingsSaved>.Ok(new OrganisationSettingsSaved(OrganisationSettingsView.From(settings), []));
        }
        settings.UpdatedAt = clock.GetUtcNow();
        audit.Record(AuditActions.OrganisationSettingsChanged, AuditObjectTypes.Organisation, settings.Id.ToString(CultureInfo.InvariantCulture), settings.Name,
            new { changes });
        await db.SaveChangesAsync(cancellationToken);
        profile.Forget();
        return Result<OrganisationSettingsSaved>.Ok(new OrganisationSettingsSaved(OrganisationSettingsView.From(settings), [.. changes.Keys]));
    }

    /// <summary>
    /// Replaces the logo with a PNG or JPEG. The kind is read from the file's first bytes, never from
    /// its name or the browser's claim, so a renamed text file (or an SVG, which can carry script) is refused.
    /// The stream must be seekable (a buffered form file, or a bounded copy of a request body).
    /// </summary>
    public async Task<Result<OrganisationSettingsView>> ReplaceLogoAsync(Stream content, long length, CancellationToken cancellationToken)
    {
        if (length <= 0)
        {
            return Result<OrganisationSettingsView>.Invalid("logo", text["Logo.Missing"]);
        }
        if (length > MaxLogoBytes)
        {
            return Result<OrganisationSettingsView>.Invalid("logo", text["Logo.TooLarge", MaxLogoBytes / 1024]);
        }
        var header = new byte[16];
        var read = await content.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false, cancellationToken);
        var kind = ImageKinds.Sniff(header.AsSpan(0, read));
        if (kind is null)
        {
            return Result<OrganisationSettingsView>.Invalid("logo", text["Logo.NotAnImage"]);
        }
        content.Seek(0, SeekOrigin.Begin);

        var key = await files.SaveAsync(content, LogoFolder, kind.Extension, cancellationToken);
        var settings = await db.Set<OrganisationSettings>().SingleAsync(cancellationToken);
        var oldKey = settings.LogoKey;
        settings.LogoKey = key;
        settings.LogoContentType = kind.ContentType;
        settings.UpdatedAt = clock.GetUtcNow();
        audit.Record(AuditActions.OrganisationLogoChanged, AuditObjectTypes.Organisation, settings.Id.ToString(CultureInfo.InvariantCulture), settings.Name,
            new { contentType = kind.ContentType, bytes = length, replaced = oldKey is not null });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch
        {
            await DeleteQuietlyAsync(key);
            throw;
        }
        profile.Forget();
        if (oldKey is not null)
        {
            await DeleteQuietlyAsync(oldKey);
        }
        return Result<OrganisationSettingsView>.Ok(OrganisationSettingsView.From(settings));
    }

    public async Task<Result<OrganisationSettingsView>> RemoveLogoAsync(CancellationToken cancellationToken)
    {
        var settings = await db.Set<OrganisationSettings>().SingleAsync(cancellationToken);
        if (settings.LogoKey is not { } oldKey)
        {
            return Result<OrganisationSettingsView>.Ok(OrganisationSettingsView.From(settings));
        }
        settings.LogoKey = null;
        settings.LogoContentType = null;
        settings.UpdatedAt = clock.GetUtcNow();
        audit.Record(AuditActions.OrganisationLogoRemoved, AuditObjectTypes.Organisation, settings.Id.ToString(CultureInfo.InvariantCulture), settings.Name);
        await db.SaveChangesAsync(cancellationToken);
        profile.Forget();
        await DeleteQuietlyAsync(oldKey);
        return Result<OrganisationSettingsView>.Ok(OrganisationSettingsView.From(settings));
    }

    /// <summary>An old logo that cannot be deleted is only wasted space; the change itself has committed.</summary>
    private async Task DeleteQuietlyAsync(string key)
    {
        try
        {
            await files.DeleteAsync(key, CancellationToken.None);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning(exception, "Could not delete the replaced logo {Key}", key);
        }
    }

    public static bool IsIanaTimeZone(string id) =>
        id.Length is > 0 and <= 64 && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) && zone.HasIanaId;

    /// <summary>
    /// Learning records (xAPI statements) name activities and accounts with IRIs under this base, so it
    /// must be an absolute http(s) address that ends in "/" (ids are appended to it) and carries no query or fragment.
    /// </summary>
    public static bool IsLearningRecordBaseIri(string iri) =>
        iri.Length is > 0 and <= MaxIriLength
        && iri.EndsWith('/')
        && Uri.TryCreate(iri, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
        && uri.Host.Length > 0
        && uri.UserInfo.Length == 0
        && uri.Query.Length == 0
        && uri.Fragment.Length == 0
        && !iri.Contains(' ', StringComparison.Ordinal);

    private static TimeOnly? ParseTime(string? value) =>
        TimeOnly.TryParseExact(value?.Trim(), ["HH:mm", "HH:mm:ss", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? new TimeOnly(time.Hour, time.Minute)
            : null;

    private static string Format(TimeOnly time) => time.ToString("HH:mm", CultureInfo.InvariantCulture);

    private static string DaysText(IEnumerable<DayOfWeek> days) => string.Join(",", WeekOrder.Where(days.Contains));
}

/// <summary>The image kinds Guild accepts for logos, told apart by their first bytes.</summary>
public sealed record ImageKinds(string ContentType, string Extension)
{
    public static readonly ImageKinds Png = new("image/png", ".png");
    public static readonly ImageKinds Jpeg = new("image/jpeg", ".jpg");

    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static ReadOnlySpan<byte> PngHeaderChunk => "IHDR"u8;

    /// <summary>PNG: the 8-byte signature followed by the IHDR chunk. JPEG: a start-of-image marker and another marker.</summary>
    public static ImageKinds? Sniff(ReadOnlySpan<byte> header)
    {
        if (header.Length >= 16 && header[..8].SequenceEqual(PngSignature) && header[12..16].SequenceEqual(PngHeaderChunk))
        {
            return Png;
        }
        if (header.Length >= 4 && header[0] == 0xFF && header[1] == 0xD8 && header[2] == 0xFF && header[3] >= 0xC0)
        {
            return Jpeg;
        }
        return null;
    }

    public static string ContentTypeOfKey(string key) =>
        key.EndsWith(Png.Extension, StringComparison.Ordinal) ? Png.ContentType : Jpeg.ContentType;
}
