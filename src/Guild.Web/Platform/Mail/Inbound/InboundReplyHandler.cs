namespace Guild.Web.Platform.Mail.Inbound;

/// <summary>
/// A reply by mail that passed every check: signed address, sender is the person it was made for, text left after
/// quotes and signatures are gone.
/// </summary>
/// <param name="PersonId">Who wrote it (the account whose address is the mail's From and for whom the address was made).</param>
/// <param name="SubjectId">What it answers: the id the reply address was made for (an ask's id).</param>
/// <param name="Text">The new text only, plain, without quoted mail or signature.</param>
/// <param name="OriginalSubject">The mail's subject line as sent.</param>
/// <param name="MessageId">The mail's Message-Id (without angle brackets); empty when it had none.</param>
/// <param name="Language">The person's language (<c>en</c>/<c>nl</c>), else the organisation's: for any words the handler returns.</param>
/// <param name="ReceivedAt">When Guild received the mail.</param>
public sealed record InboundReply(Guid PersonId, Guid SubjectId, string Text, string OriginalSubject, string MessageId, string Language,
    DateTimeOffset ReceivedAt);

/// <summary>What a handler did with a reply.</summary>
public sealed record InboundReplyOutcome
{
    private InboundReplyOutcome(bool accepted, string? reason) => (Accepted, Reason) = (accepted, reason);

    public bool Accepted { get; }

    /// <summary>When refused: a sentence for the sender, in <see cref="InboundReply.Language"/>, put in the bounce.</summary>
    public string? Reason { get; }

    public static InboundReplyOutcome Accept() => new(true, null);

    /// <summary>Refused, with the reason in the reply's language ("This question was closed yesterday.").</summary>
    public static InboundReplyOutcome Refuse(string reason) => new(false, reason);
}

/// <summary>
/// Takes replies of one purpose (the <c>ask</c> in <c>reply+ask.…@</c>). Runs inside the processing job's scope and inside its
/// transaction: what it adds to or saves through the scoped <c>GuildDb</c> commits with the mail's processed mark, so a retry after
/// a crash never posts a reply twice, and a refusal rolls it all back. While it runs, the current UI culture is
/// <see cref="InboundReply.Language"/>.
/// </summary>
public interface IInboundReplyHandler
{
    /// <summary>
    /// Lower-case letters or digits, the same as given to <see cref="ReplyAddresses.CreateAsync"/>; at most 7 with the default
    /// <c>reply+</c> prefix, so the address stays within 64 characters before the @.
    /// </summary>
    string Purpose { get; }

    Task<InboundReplyOutcome> HandleAsync(InboundReply reply, CancellationToken ct);
}

public static class InboundReplyHandlerExtensions
{
    /// <summary>Registers a handler (scoped: it gets the processing job's unit of work).</summary>
    public static IServiceCollection AddInboundReplyHandler<THandler>(this IServiceCollection services)
        where THandler : class, IInboundReplyHandler =>
        services.AddScoped<IInboundReplyHandler, THandler>();
}
