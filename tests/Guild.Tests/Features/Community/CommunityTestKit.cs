using System.Net;
using System.Net.Http.Json;
using Guild.Tests.Features.Asks;
using Guild.Tests.Infrastructure;
using Guild.Web.Features.Community;
using Guild.Web.Features.Community.Spaces;
using Guild.Web.Platform.Notifications;
using Microsoft.EntityFrameworkCore;

namespace Guild.Tests.Features.Community;

internal static class CommunityTestKit
{
    /// <summary>A person's handle: the part of their e-mail address before the @.</summary>
    public static string Handle(this TestPerson person) => person.Email[..person.Email.IndexOf('@', StringComparison.Ordinal)];

    public static async Task<SpaceView> CreateSpaceAsync(this GuildClient moderator, SpaceKind kind, bool anonymous = false, bool innovators = false)
    {
        var name = $"Space {Guid.NewGuid():N}"[..20];
        return await AsksTestKit.ReadAsync<SpaceView>(await moderator.Http.PostAsJsonAsync("/api/v1/community/spaces",
            new { name, kind = kind.ToString(), description = "Secret plans of " + name, allowAnonymousQuestions = anonymous, isInnovatorsNetwork = innovators },
            AsksTestKit.Json), HttpStatusCode.Created);
    }

    public static async Task AddMemberAsync(this GuildClient moderator, Guid spaceId, TestPerson person, bool asModerator = false) =>
        await AsksTestKit.ReadAsync<SpaceView>(await moderator.Http.PostAsJsonAsync($"/api/v1/community/spaces/{spaceId}/members",
            new { handle = person.Handle(), moderator = asModerator }), HttpStatusCode.OK);

    public static async Task<ThreadView> StartThreadAsync(this GuildClient client, Guid spaceId, object request) =>
        await AsksTestKit.ReadAsync<ThreadView>(await client.Http.PostAsJsonAsync($"/api/v1/community/spaces/{spaceId}/threads", request, AsksTestKit.Json),
            HttpStatusCode.Created);

    public static async Task<ThreadView> ReplyAsync(this GuildClient client, Guid postId, string markdown) =>
        await AsksTestKit.ReadAsync<ThreadView>(await client.Http.PostAsJsonAsync($"/api/v1/community/posts/{postId}/replies", new { markdown }),
            HttpStatusCode.OK);

    public static async Task<ThreadView> GetThreadAsync(this GuildClient client, Guid id) =>
        await AsksTestKit.ReadAsync<ThreadView>(await client.GetAsync($"/api/v1/community/threads/{id}"), HttpStatusCode.OK);

    /// <summary>Every notification entry of a person about a thread, of any kind.</summary>
    public static Task<List<Notification>> NotificationsAboutAsync(this GuildApp app, Guid personId, string subjectKey) =>
        app.WithDbAsync(db => db.Set<Notification>().AsNoTracking().Where(n => n.RecipientId == personId && n.SubjectKey == subjectKey).ToListAsync());
}
