using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.RegularExpressions;

namespace Guild.Tests.Infrastructure;

/// <summary>
/// An HTTP client that behaves like a browser for the server-rendered pages: keeps cookies, reads
/// the antiforgery token from a page and posts forms with it. Redirects are not followed, so tests
/// see them.
/// </summary>
public sealed partial class GuildClient : IDisposable
{
    private readonly HttpClient _http;

    public GuildClient(Uri baseAddress, string language)
    {
        Cookies = new CookieContainer();
        _http = new HttpClient(new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = false })
        {
            BaseAddress = baseAddress,
        };
        _http.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue(language));
    }

    public CookieContainer Cookies { get; }

    public HttpClient Http => _http;

    public Task<HttpResponseMessage> GetAsync(string path) => _http.GetAsync(path);

    public async Task<string> GetPageAsync(string path)
    {
        using var response = await _http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path} answered {(int)response.StatusCode}: {body[..Math.Min(body.Length, 500)]}");
        return body;
    }

    public Task<T?> GetJsonAsync<T>(string path) => _http.GetFromJsonAsync<T>(path);

    /// <summary>Loads <paramref name="pagePath"/>, takes its antiforgery token, and posts the form fields to <paramref name="action"/>.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string pagePath, string action, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var page = await GetPageAsync(pagePath);
        var token = AntiforgeryToken(page);
        var all = fields.Append(new KeyValuePair<string, string>("__RequestVerificationToken", token));
        return await _http.PostAsync(action, new FormUrlEncodedContent(all));
    }

    /// <summary>Posts a multipart form (file uploads) with the page's antiforgery token.</summary>
    public async Task<HttpResponseMessage> PostMultipartAsync(string pagePath, string action, MultipartFormDataContent content)
    {
        var page = await GetPageAsync(pagePath);
        content.Add(new StringContent(AntiforgeryToken(page)), "__RequestVerificationToken");
        return await _http.PostAsync(action, content);
    }

    public async Task SignInAsync(string email, string password)
    {
        using var response = await PostFormAsync("/account/sign-in", "/account/sign-in", new Dictionary<string, string>
        {
            ["_handler"] = "sign-in",
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });
        Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther,
            $"Sign-in as {email} did not redirect: {(int)response.StatusCode}");
    }

    public static string AntiforgeryToken(string page)
    {
        var match = TokenPattern().Match(page);
        Assert.True(match.Success, "The page has no antiforgery token.");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    public void Dispose() => _http.Dispose();
}
