using Guild.BrowserTests.Infrastructure;
using Guild.Web.Features.Library.Media;
using Guild.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Guild.BrowserTests.Features.Library;

/// <summary>
/// A demo video (made with ffmpeg when the demo organisation was seeded) in the player, under Guild's real CSP: media-chrome
/// loads from wwwroot/lib without a console error, its controls are labelled in the page's language, the keyboard plays
/// the video, the captions track is there, and axe finds nothing, in English on a desktop and in Dutch on a phone.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class MediaPlayerInTheBrowserTests(BrowserApp app)
{
    [Theory]
    [InlineData("en-GB", 1280, "play")]
    [InlineData("nl-NL", 360, "afspelen")]
    public async Task The_demo_champion_plays_a_demo_video_with_the_keyboard_under_the_real_CSP(string locale, int width, string play)
    {
        var assetId = await app.WithDbAsync(db => db.Set<MediaAsset>().Where(a => a.State == MediaState.Ready).OrderBy(a => a.Id).Select(a => a.Id).FirstAsync());
        await using var context = await app.NewContextAsync(width, 800, locale);
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => errors.Add(error);
        await BrowserApp.SignInAsDemoAsync(page, "Knowledge Champion");
        await page.GotoAsync($"/media/{assetId}");
        await page.Locator(".media-player--enhanced").WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });

        Assert.Null(await page.Locator(".media-player video").GetAttributeAsync("controls"));
        Assert.Equal(2, await page.Locator(".media-player video track").CountAsync());
        var button = page.Locator("media-play-button");
        Assert.Equal(play, await button.GetAttributeAsync("aria-label"));
        await button.FocusAsync();
        await page.Keyboard.PressAsync("Space");
        await page.WaitForFunctionAsync("() => !document.querySelector('.media-player video').paused", null, new PageWaitForFunctionOptions { Timeout = 15_000 });
        // The control bar is styled (its shadow styles adopted): it lays out as a row, not as bare inline elements.
        Assert.Equal("flex", await page.EvaluateAsync<string>("() => getComputedStyle(document.querySelector('media-control-bar')).display"));

        var problems = (await Axe.ViolationsAsync(page)).ToList();
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        if (overflow > 1)
        {
            problems.Add($"page is {overflow}px wider than the screen");
        }
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));
    }
}
