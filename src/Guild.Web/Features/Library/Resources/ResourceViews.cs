namespace Guild.Web.Features.Library.Resources;

/// <summary>A resource as its authors write it (body of <c>POST /api/v1/resources</c> and <c>PUT /api/v1/resources/{id}</c>).</summary>
/// <param name="Kind">Video, ScreenRecording, Article, Link or File. Fixed once created.</param>
/// <param name="Title">Its title (up to 200 characters).</param>
/// <param name="Summary">What it helps with, in a sentence or two (up to 1,000 characters).</param>
/// <param name="Language">"en" or "nl".</param>
/// <param name="Components">Ids of live components of the know-how map it is about (1 to 10).</param>
/// <param name="Authors">Co-authors' person ids, each a champion of one of its components (up to 10). The creator is always an author; on update null keeps the authors.</param>
/// <param name="Markdown">Article: its text in Markdown (up to 100,000 characters). Scripts, event handlers and javascript: links are removed.</param>
/// <param name="Url">Link: the address, http or https.</param>
/// <param name="MediaAssetId">Video and screen recording: a media asset you made (POST /api/v1/media); or send uploadId instead.</param>
/// <param name="UploadId">Video, screen recording and file: your finished upload (tus, /api/v1/uploads; purpose video or recording for
/// media, file for files). It is claimed with the save: the video is made from it (and transcoded), or it becomes the file readers download.</param>
/// <param name="TrimStartSeconds">Video and screen recording with uploadId: where the video should start, in seconds of the upload.</param>
/// <param name="TrimEndSeconds">Video and screen recording with uploadId: where the video should end, in seconds of the upload.</param>
/// <remarks>No [Required]: the service checks every field and names each problem in words (en and nl).</remarks>
public sealed record ResourceRequest(ResourceKind? Kind, string? Title, string? Summary, string? Language, IReadOnlyList<Guid>? Components,
    IReadOnlyList<Guid>? Authors = null, string? Markdown = null, string? Url = null, Guid? MediaAssetId = null, Guid? UploadId = null,
    double? TrimStartSeconds = null, double? TrimEndSeconds = null);

/// <summary>Whom to ask for a review (body of <c>POST /api/v1/resources/{id}/review-request</c>).</summary>
/// <param name="ReviewerId">A champion of one of the resource's components who is not one of its authors.</param>
public sealed record ReviewRequest(Guid? ReviewerId);

/// <summary>What the reviewer wants changed (body of <c>POST /api/v1/resources/{id}/changes-request</c>).</summary>
/// <param name="Message">What to change and why (up to 2,000 characters); the authors read it.</param>
public sealed record ChangesRequest(string? Message);

/// <summary>A component a resource is about.</summary>
/// <param name="Id">The component's id.</param>
/// <param name="Name">Its name.</param>
/// <param name="Capability">The capability it belongs to.</param>
public sealed record ResourceComponentView(Guid Id, string Name, string Capability);

/// <summary>An author of a resource.</summary>
/// <param name="PersonId">The person's id.</param>
/// <param name="Name">Their name.</param>
/// <param name="ChampionOf">Names of the resource's components they are an active champion of (their badges).</param>
public sealed record ResourceAuthorView(Guid PersonId, string Name, IReadOnlyList<string> ChampionOf);

/// <summary>A resource in a list.</summary>
/// <param name="Id">The resource's id.</param>
/// <param name="Kind">Video, ScreenRecording, Article, Link or File.</param>
/// <param name="Status">Draft, InReview, Published or Archived.</param>
/// <param name="Title">Its title.</param>
/// <param name="Summary">What it helps with.</param>
/// <param name="Language">"en" or "nl".</param>
/// <param name="DurationSeconds">Media: its length, once known.</param>
/// <param name="ReadingMinutes">Article: minutes to read.</param>
/// <param name="Authors">Its authors' names.</param>
/// <param name="PublishedAt">When it was first published.</param>
/// <param name="UpdatedAt">When it last changed.</param>
public sealed record ResourceSummary(Guid Id, ResourceKind Kind, ResourceStatus Status, string Title, string Summary, string Language, int? DurationSeconds,
    int? ReadingMinutes, IReadOnlyList<string> Authors, DateTimeOffset? PublishedAt, DateTimeOffset UpdatedAt);

/// <summary>A resource with everything its page shows.</summary>
/// <param name="Id">The resource's id.</param>
/// <param name="Kind">Video, ScreenRecording, Article, Link or File.</param>
/// <param name="Status">Draft, InReview, Published or Archived.</param>
/// <param name="Title">Its title.</param>
/// <param name="Summary">What it helps with.</param>
/// <param name="Language">"en" or "nl".</param>
/// <param name="Components">The components it is about.</param>
/// <param name="Authors">Its authors, with their champion badges.</param>
/// <param name="DurationSeconds">Media: its length, once known.</param>
/// <param name="ReadingMinutes">Article: minutes to read.</param>
/// <param name="Markdown">Article: the source.</param>
/// <param name="Html">Article: the sanitised HTML.</param>
/// <param name="Url">Link: the address.</param>
/// <param name="MediaAssetId">Media: the pipeline's asset.</param>
/// <param name="FileName">File: its name.</param>
/// <param name="FileSize">File: its size in bytes.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="UpdatedAt">When it last changed.</param>
/// <param name="PublishedAt">When it was first published.</param>
/// <param name="ReviewerId">The champion asked to review it, if any.</param>
/// <param name="ReviewerName">Their name.</param>
/// <param name="ReviewRequestedAt">When the review was asked for.</param>
/// <param name="ReviewMessage">The reviewer's last request for changes (authors, reviewer and L&amp;D admins only; null for others).</param>
/// <param name="Revisions">How many published versions its history keeps.</param>
/// <param name="CanEdit">Whether the caller may edit it, ask for a review or publish it.</param>
/// <param name="CanReview">Whether the caller may approve it or ask for changes now.</param>
/// <param name="CanArchive">Whether the caller may archive it.</param>
public sealed record ResourceDetails(Guid Id, ResourceKind Kind, ResourceStatus Status, string Title, string Summary, string Language,
    IReadOnlyList<ResourceComponentView> Components, IReadOnlyList<ResourceAuthorView> Authors, int? DurationSeconds, int? ReadingMinutes,
    string? Markdown, string? Html, string? Url, Guid? MediaAssetId, string? FileName, long? FileSize, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    DateTimeOffset? PublishedAt, Guid? ReviewerId, string? ReviewerName, DateTimeOffset? ReviewRequestedAt, string? ReviewMessage, int Revisions,
    bool CanEdit, bool CanReview, bool CanArchive);

/// <summary>A published version of a resource.</summary>
/// <param name="Number">1 for the first publication, counting up with each edit after it.</param>
/// <param name="Title">The title then.</param>
/// <param name="Summary">The summary then.</param>
/// <param name="Markdown">Article: the text then.</param>
/// <param name="Url">Link: the address then.</param>
/// <param name="ByName">Who made this version.</param>
/// <param name="At">When.</param>
public sealed record RevisionView(int Number, string Title, string Summary, string? Markdown, string? Url, string ByName, DateTimeOffset At);

/// <summary>A resource waiting for its review.</summary>
/// <param name="Id">The resource's id.</param>
/// <param name="Title">Its title.</param>
/// <param name="Kind">Its kind.</param>
/// <param name="Authors">Its authors' names.</param>
/// <param name="ReviewerId">Who is asked to review it.</param>
/// <param name="ReviewerName">Their name.</param>
/// <param name="RequestedAt">Since when it waits.</param>
public sealed record ReviewQueueItem(Guid Id, string Title, ResourceKind Kind, IReadOnlyList<string> Authors, Guid ReviewerId, string ReviewerName, DateTimeOffset RequestedAt);

/// <summary>A component on the browse page, with how many published resources it has.</summary>
public sealed record BrowseComponent(Guid Id, string Name, int Depth, int Resources);

/// <summary>A capability on the browse page.</summary>
public sealed record BrowseCapability(Guid Id, string Name, IReadOnlyList<BrowseComponent> Components);

/// <summary>A champion who could review: someone who champions one of the resource's components.</summary>
public sealed record ReviewerChoice(Guid PersonId, string Name);
