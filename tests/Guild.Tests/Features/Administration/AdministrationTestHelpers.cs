using System.Net.Http.Headers;
using Guild.Tests.Infrastructure;
using Guild.Web.Features.Administration;
using Guild.Web.Platform.Identity;

namespace Guild.Tests.Features.Administration;

internal static class AdministrationTestHelpers
{
    /// <summary>A client that calls the API with a bearer token only (no cookies).</summary>
    public static HttpClient TokenClient(this GuildApp app, string secret)
    {
        var client = new HttpClient { BaseAddress = app.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        client.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue("en"));
        return client;
    }

    public static Task<CreatedApiToken> CreateTokenAsync(this GuildApp app, Guid personId, ApiTokenRequest request) =>
        app.AsPersonAsync(personId, async services =>
        {
            var result = await services.GetRequiredService<ApiTokenService>().CreateAsync(request, CancellationToken.None);
            Assert.True(result.IsOk, $"Creating the token failed: {result.Status} {string.Join("; ", result.Errors.SelectMany(e => e.Value))}");
            return result.Value!;
        });

    /// <summary>
    /// The organisation settings are one row that every test on this app shares: a test that changes
    /// them puts them back afterwards, so other tests see the defaults they expect.
    /// </summary>
    public static async Task<IAsyncDisposable> KeepOrganisationSettingsAsync(this GuildApp app)
    {
        var admin = await app.CreatePersonAsync("Settings", "Keeper", [Roles.Employee, Roles.LearningAdmin]);
        var before = await app.AsPersonAsync(admin.Id, services => services.GetRequiredService<OrganisationSettingsService>().GetAsync(CancellationToken.None));
        return new Restore(app, admin.Id, before);
    }

    private sealed class Restore(GuildApp app, Guid adminId, OrganisationSettingsView before) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() =>
            await app.AsPersonAsync(adminId, async services =>
            {
                var settings = services.GetRequiredService<OrganisationSettingsService>();
                await settings.UpdateAsync(new OrganisationSettingsInput(before.Name, before.DefaultLanguage, before.TimeZone,
                    before.WorkdayStart, before.WorkdayEnd, before.WorkingDays, before.LearningRecordBaseIri, before.ApiTokenMaxDays), CancellationToken.None);
                if (before.LogoUrl is null)
                {
                    await settings.RemoveLogoAsync(CancellationToken.None);
                }
                return true;
            });
    }
}
