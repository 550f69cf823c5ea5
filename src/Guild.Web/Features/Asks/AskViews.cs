namespace Guild.Web.Features.Asks;

/// <summary>A question to ask (body of <c>POST /api/v1/asks</c>, and the ask page's form).</summary>
/// <param name="Title">The question in one line (up to 200 characters).</param>
/// <param name="Body">More context in Markdown (up to 20,000 characters).</param>
/// <param name="ComponentId">The know-how component it is about, if known (a live one: archived components are refused).</param>
/// <param name="Blocking">"This blocks me now": champions see it first.</param>
/// <param name="Anonymous">Hide who asked from colleagues (moderators and L&amp;D admins may reveal it, which is audited).</param>
/// <remarks>No [Required]: the service checks every field and names each problem in words (en and nl).</remarks>
public sealed record AskRequest(string? Title, string? Body, Guid? ComponentId, bool Blocking = false, bool Anonymous = false);

/// <summary>A screenshot or file sent with an ask: its bytes, length and name as the sender gave it.</summary>
public sealed record AskAttachmentUpload(Stream Content, long Length, string FileName);

/// <summary>An answer being written (by page, API or mail reply).</summary>
/// <param name="Markdown">The answer in Markdown (up to 20,000 characters); may be empty when a resource is linked.</param>
/// <param name="ResourceId">A published library resource that answers it (an article, a video, a recording made with the recorder).</param>
public sealed record AnswerDraft(string? Markdown, Guid? ResourceId = null);

/// <summary>"Solved" or "not yet" (body of <c>POST /api/v1/asks/{id}/confirmation</c>).</summary>
/// <param name="Solved">True: the answer solved it; false: not yet (the ask goes back to the champion).</param>
public sealed record ConfirmationRequest(bool? Solved);

/// <summary>Me too and follow (body of <c>PUT /api/v1/asks/{id}/support</c>); a null leaves that part as it is.</summary>
/// <param name="MeToo">I have this question too (adds to the demand count; implies following).</param>
/// <param name="Following">Tell me when it is answered.</param>
public sealed record SupportRequest(bool? MeToo, bool? Following);

/// <summary>Which ask to keep (body of <c>POST /api/v1/asks/{id}/merge</c>).</summary>
/// <param name="IntoId">The ask that stays; this one then points to it, and its followers and "me too"s move there.</param>
public sealed record MergeRequest(Guid? IntoId);

/// <summary>A suggestion that solved the question before it was asked (body of <c>POST /api/v1/asks/solved-by-library</c>).</summary>
/// <param name="Question">The question as typed so far (up to 200 characters).</param>
/// <param name="ResourceId">The suggested resource that solved it.</param>
/// <param name="ComponentId">The component chosen on the form, if any.</param>
public sealed record SolvedByLibraryRequest(string? Question, Guid? ResourceId, Guid? ComponentId);

/// <summary>A resource suggested while typing.</summary>
/// <param name="Id">The resource's id.</param>
/// <param name="Title">Its title.</param>
/// <param name="Url">Its page.</param>
public sealed record SuggestedResource(Guid Id, string Title, string Url);

/// <summary>An answered ask suggested while typing.</summary>
/// <param name="Id">The ask's id.</param>
/// <param name="Title">Its question.</param>
/// <param name="Url">Its page.</param>
public sealed record SuggestedAsk(Guid Id, string Title, string Url);

/// <summary>What may already answer a question being typed.</summary>
/// <param name="Resources">Matching library resources (the library's search), best first.</param>
/// <param name="Asks">Answered asks whose question shares words with it.</param>
public sealed record AskSuggestions(IReadOnlyList<SuggestedResource> Resources, IReadOnlyList<SuggestedAsk> Asks);

/// <summary>An answer as shown.</summary>
/// <param name="Id">The answer's id.</param>
/// <param name="ChampionId">Who answered.</param>
/// <param name="ChampionName">Their name.</param>
/// <param name="Html">The answer, rendered and sanitised.</param>
/// <param name="ResourceId">A linked resource.</param>
/// <param name="ResourceTitle">Its title.</param>
/// <param name="Via">Web, Api, Mail or Library (a resource made for the ask, such as a recording).</param>
/// <param name="CreatedAt">When.</param>
/// <param name="LibraryResourceId">The draft article made from this answer, if any.</param>
public sealed record AnswerView(Guid Id, Guid ChampionId, string ChampionName, string Html, Guid? ResourceId, string? ResourceTitle, AnswerChannel Via,
    DateTimeOffset CreatedAt, Guid? LibraryResourceId);

/// <summary>Someone an ask was routed to, and why (L&amp;D admins only).</summary>
/// <param name="PersonId">Who.</param>
/// <param name="Name">Their name.</param>
/// <param name="Round">1 for the first routing, 2 after the first escalation, …</param>
/// <param name="Reason">ComponentChampion, SimilarComponent, PastAnswers or LearningAdmin.</param>
/// <param name="ReasonText">The reason in words, in the reader's language.</param>
/// <param name="WasAvailable">Working (hours, holidays, not away) and not overloaded when routed.</param>
/// <param name="OpenClaims">Asks they had claimed and not answered then.</param>
/// <param name="RoutedAt">When.</param>
public sealed record RoutingView(Guid PersonId, string Name, int Round, RoutingReason Reason, string ReasonText, bool WasAvailable, int OpenClaims, DateTimeOffset RoutedAt);

/// <summary>An ask as the caller may see it.</summary>
/// <param name="Id">The ask's id.</param>
/// <param name="Title">The question.</param>
/// <param name="BodyHtml">Its context, rendered and sanitised.</param>
/// <param name="Body">Its context as written (Markdown).</param>
/// <param name="AuthorId">Who asked; null when anonymous to the caller.</param>
/// <param name="AuthorName">Their name; null when anonymous to the caller.</param>
/// <param name="Anonymous">Asked anonymously.</param>
/// <param name="IsMine">The caller asked it.</param>
/// <param name="Blocking">"This blocks me now."</param>
/// <param name="ComponentId">Its component.</param>
/// <param name="ComponentName">The component's name.</param>
/// <param name="Status">Open, Claimed, Answered, Solved, Closed or Merged.</param>
/// <param name="CreatedAt">When it was asked.</param>
/// <param name="ClaimedByName">The champion who claimed it.</param>
/// <param name="AttachmentName">The attached file's name, if any (download at <c>/asks/{id}/attachment</c>).</param>
/// <param name="MeTooCount">How many colleagues have this question too.</param>
/// <param name="FollowerCount">How many follow it.</param>
/// <param name="CallerMeToo">The caller said "me too".</param>
/// <param name="CallerFollowing">The caller follows it.</param>
/// <param name="CanAnswer">The caller may claim and answer it.</param>
/// <param name="CanConfirm">The caller (the asker) may say "solved" or "not yet".</param>
/// <param name="CanSupport">The caller may say "me too" and follow.</param>
/// <param name="CanMerge">The caller may merge it into another ask.</param>
/// <param name="CanReveal">The caller may reveal who asked (audited).</param>
/// <param name="MergedIntoId">The ask it was merged into.</param>
/// <param name="FirstResponseMinutes">Working minutes of the asker until the first response.</param>
/// <param name="SolutionMinutes">Working minutes of the asker until solved.</param>
/// <param name="SolvedSameDay">Solved on the working day it was asked.</param>
/// <param name="Answers">The answers, oldest first.</param>
/// <param name="Routings">To whom it went and why (L&amp;D admins only; null otherwise).</param>
public sealed record AskView(Guid Id, string Title, string BodyHtml, string Body, Guid? AuthorId, string? AuthorName, bool Anonymous, bool IsMine, bool Blocking,
    Guid? ComponentId, string? ComponentName, AskStatus Status, DateTimeOffset CreatedAt, string? ClaimedByName, string? AttachmentName,
    int MeTooCount, int FollowerCount, bool CallerMeToo, bool CallerFollowing, bool CanAnswer, bool CanConfirm, bool CanSupport, bool CanMerge, bool CanReveal,
    Guid? MergedIntoId, int? FirstResponseMinutes, int? SolutionMinutes, bool? SolvedSameDay, IReadOnlyList<AnswerView> Answers, IReadOnlyList<RoutingView>? Routings);

/// <summary>An ask in a list.</summary>
/// <param name="Id">The ask's id.</param>
/// <param name="Title">The question.</param>
/// <param name="Status">Its status.</param>
/// <param name="Blocking">"This blocks me now."</param>
/// <param name="ComponentName">Its component.</param>
/// <param name="CreatedAt">When it was asked.</param>
/// <param name="MeTooCount">"Me too" count.</param>
public sealed record AskSummary(Guid Id, string Title, AskStatus Status, bool Blocking, string? ComponentName, DateTimeOffset CreatedAt, int MeTooCount);

/// <summary>The caller's asks page: routed to me, asked by me, followed.</summary>
/// <param name="ForMe">Open asks routed to the caller or claimed by them.</param>
/// <param name="Mine">Asks the caller asked.</param>
/// <param name="Following">Asks the caller follows or said "me too" to.</param>
public sealed record MyAsks(IReadOnlyList<AskSummary> ForMe, IReadOnlyList<AskSummary> Mine, IReadOnlyList<AskSummary> Following);

/// <summary>An open ask similar to another (a merge suggestion).</summary>
/// <param name="Id">The similar ask.</param>
/// <param name="Title">Its question.</param>
/// <param name="Similarity">How close in meaning (0-1).</param>
public sealed record SimilarAsk(Guid Id, string Title, float Similarity);

/// <summary>Who asked an anonymous ask (for moderators and L&amp;D admins; each look is audited).</summary>
/// <param name="PersonId">The author.</param>
/// <param name="Name">Their name.</param>
public sealed record RevealedAuthor(Guid PersonId, string Name);
