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

    private readonly ApiAntiforgeryHandler _antiforgery;

    public GuildClient(Uri baseAddress, string language)
    {
        Cookies = new CookieContainer();
        _antiforgery = new ApiAntiforgeryHandler(new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = false }, baseAddress);
        _http = new HttpClient(_antiforgery) { BaseAddress = baseAddress };
        _http.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue(language));
    }

    public CookieContainer Cookies { get; }

    /// <summary>
    /// Whether unsafe API calls carry the antiforgery header as Guild's own scripts do (on by default);
    /// off to act as a cross-site page that has the cookie but cannot read Guild's pages.
    /// </summary>
    public bool SendsApiAntiforgery
    {
        get => _antiforgery.Enabled;
        set => _antiforgery.Enabled = value;
    }

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

    /// <summary>The token a signed-in page gives its scripts (the guild-antiforgery meta tag), or null.</summary>
    public async Task<string?> ApiAntiforgeryTokenAsync() => await _antiforgery.TokenAsync(CancellationToken.None);

    public static string AntiforgeryToken(string page)
    {
        var match = TokenPattern().Match(page);
        Assert.True(match.Success, "The page has no antiforgery token.");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    [GeneratedRegex("<meta name=\"guild-antiforgery\" content=\"([^\"]+)\"")]
    private static partial Regex MetaTokenPattern();

    /// <summary>
    /// Adds X-Guild-Antiforgery to unsafe /api calls made with the cookie, taking the token from a page's
    /// meta tag as wwwroot/js/api.js does. The token is bound to who is signed in, so signing in or out forgets it.
    /// </summary>
    private sealed class ApiAntiforgeryHandler(HttpMessageHandler inner, Uri baseAddress) : DelegatingHandler(inner)
    {
        private string? _token;

        public bool Enabled { get; set; } = true;

        public async Task<string?> TokenAsync(CancellationToken cancellationToken)
        {
            if (_token is null)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(baseAddress, "/"));
                using var response = await base.SendAsync(request, cancellationToken);
                var match = MetaTokenPattern().Match(await response.Content.ReadAsStringAsync(cancellationToken));
                _token = match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value) : null;
            }
            return _token;
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var path = request.RequestUri is { IsAbsoluteUri: true } uri ? uri.AbsolutePath : request.RequestUri?.OriginalString ?? "";
            if (path.StartsWith("/account/sign-in", StringComparison.Ordinal) || path.StartsWith("/account/sign-out", StringComparison.Ordinal)
                || path.StartsWith("/account/demo-sign-in", StringComparison.Ordinal))
            {
                _token = null;
            }
            else if (Enabled && path.StartsWith("/api/", StringComparison.Ordinal)
                && request.Method != HttpMethod.Get && request.Method != HttpMethod.Head && request.Method != HttpMethod.Options
                && request.Headers.Authorization is null && !request.Headers.Contains("X-Guild-Antiforgery")
                && await TokenAsync(cancellationToken) is { } token)
            {
                request.Headers.Add("X-Guild-Antiforgery", token);
            }
            return await base.SendAsync(request, cancellationToken);
        }
    }

    public void Dispose() => _http.Dispose();
}
