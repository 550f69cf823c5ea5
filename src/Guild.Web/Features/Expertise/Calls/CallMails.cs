using Guild.Web.Platform.Mail;
using Guild.Web.Platform.Organisation;
using Microsoft.Extensions.Localization;

namespace Guild.Web.Features.Expertise.Calls;

/// <summary>
/// Renders a call's mails in each recipient's language (their own choice, else the organisation's). The body of the
/// call and its reminder is the same for everyone who reads one language, so a large audience costs one rendering per
/// language, not one per person.
/// </summary>
public sealed class CallMails(MailTemplates templates, OrganisationProfile organisation, IStringLocalizer<CallsText> text)
{
    public const string Call = nameof(Call);
    public const string Reminder = nameof(Reminder);
    public const string Declined = nameof(Declined);

    private readonly Dictionary<(string Kind, Guid CallId, string Language), OutgoingMail> _rendered = [];

    /// <summary>The call or its reminder for one recipient; rendered once per kind, call and language.</summary>
    public async Task<OutgoingMail> ForAsync(string kind, ChampionCall call, string? language, string toAddress, string toName, CancellationToken cancellationToken)
    {
        var settings = await organisation.GetAsync(cancellationToken);
        var lang = language ?? settings.DefaultLanguage;
        if (!_rendered.TryGetValue((kind, call.Id, lang), out var mail))
        {
            mail = await RenderAsync(kind, call, lang, "", "", components: "", quoted: kind == Call ? call.Message : null, cancellationToken);
            _rendered[(kind, call.Id, lang)] = mail;
        }
        return mail with { ToAddress = toAddress, ToName = toName };
    }

    /// <summary>A decline of some components, with the admin's message.</summary>
    public Task<OutgoingMail> DeclinedAsync(ChampionCall call, string? language, string toAddress, string toName, string components, string? message,
        CancellationToken cancellationToken) =>
        RenderAsync(Declined, call, language, toAddress, toName, components, message, cancellationToken);

    private async Task<OutgoingMail> RenderAsync(string kind, ChampionCall call, string? language, string toAddress, string toName, string components,
        string? quoted, CancellationToken cancellationToken)
    {
        var settings = await organisation.GetAsync(cancellationToken);
        return await templates.RenderAsync<CallMail>(toAddress, toName, language ?? settings.DefaultLanguage,
            () => text[$"Mail.{kind}.Subject", call.Title], new Dictionary<string, object?>
            {
                [nameof(CallMail.Kind)] = kind,
                [nameof(CallMail.OrganisationName)] = settings.Name,
                [nameof(CallMail.CallTitle)] = call.Title,
                [nameof(CallMail.ClosesOn)] = ChampionCalls.ClosingDay(settings, call.ClosesAt),
                [nameof(CallMail.Components)] = components,
                [nameof(CallMail.Quoted)] = quoted,
                [nameof(CallMail.Link)] = templates.AbsoluteUrl($"/calls/{call.Id}"),
            });
    }
}
