using Guild.Web.Platform;
using Guild.Web.Platform.Mail.Inbound;
using Microsoft.Extensions.Localization;

namespace Guild.Web.Features.Asks;

/// <summary>
/// A champion's reply to the mail that routed an ask to them (its Reply-To is <c>reply+ask.…@</c>, made in
/// <see cref="AskMails"/>) becomes their answer, through the same <see cref="AskAnswers.PostAsync"/> and the same rule as
/// the page and the API. A refusal goes back to them in the bounce, in their language.
/// </summary>
internal sealed class AskReplyHandler(AskAnswers answers, IStringLocalizer<AsksText> text) : IInboundReplyHandler
{
    public const string ReplyPurpose = "ask";

    public string Purpose => ReplyPurpose;

    public async Task<InboundReplyOutcome> HandleAsync(InboundReply reply, CancellationToken ct)
    {
        var posted = await answers.PostAsync(reply.SubjectId, reply.PersonId, new AnswerDraft(reply.Text), AnswerChannel.Mail, ct);
        return posted.Status switch
        {
            ResultStatus.Ok => InboundReplyOutcome.Accept(),
            ResultStatus.NotFound => InboundReplyOutcome.Refuse(text["Mail.Reply.Unknown"]),
            ResultStatus.Invalid => InboundReplyOutcome.Refuse(string.Join(" ", posted.Errors.Values.SelectMany(m => m))),
            _ => InboundReplyOutcome.Refuse(posted.Message ?? text["NotYoursToAnswer"]),
        };
    }
}
