using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Guild.Tests.Infrastructure;
using static Guild.Tests.Features.Lrs.LrsTesting;

namespace Guild.Tests.Features.Lrs;

/// <summary>
/// The LRS's gate before it knows who is asking: credentials from the header before any body, at most a few
/// kilobytes of an alternate-syntax form unauthenticated, CORS without credentials, and 401s that no browser
/// turns into a password prompt.
/// </summary>
public abstract class LrsGateTests(GuildApp app)
{
    // Far longer than any answer takes; a gate that waits for the body never answers at all.
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Sends a request head and only the first part of the body it announces, over a raw socket, and reads
    /// the answer without ever sending the rest: a server that reads the body first never answers.
    /// </summary>
    private async Task<(int Status, string Body)> SendPartAsync(string requestLine, IEnumerable<string> headers, long contentLength, byte[] part)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(app.BaseAddress.Host, app.BaseAddress.Port);
        var stream = tcp.GetStream();
        var head = new StringBuilder(requestLine).Append("\r\nHost: ").Append(app.BaseAddress.Authority).Append("\r\n");
        foreach (var header in headers)
        {
            head.Append(header).Append("\r\n");
        }
        head.Append("Content-Length: ").Append(contentLength).Append("\r\n\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()));
        await stream.WriteAsync(part);
        await stream.FlushAsync();

        using var deadline = new CancellationTokenSource(Deadline);
        var received = new List<byte>();
        var buffer = new byte[8192];
        int headEnd;
        try
        {
            while ((headEnd = IndexOf(received, "\r\n\r\n"u8.ToArray())) < 0)
            {
                var read = await stream.ReadAsync(buffer, deadline.Token);
                Assert.True(read > 0, "The connection closed without an answer.");
                received.AddRange(buffer.AsSpan(0, read));
            }
            var responseHead = Encoding.ASCII.GetString(received.GetRange(0, headEnd).ToArray());
            var length = int.Parse(responseHead.Split("\r\n").Single(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))[15..].Trim(),
                System.Globalization.CultureInfo.InvariantCulture);
            while (received.Count < headEnd + 4 + length)
            {
                var read = await stream.ReadAsync(buffer, deadline.Token);
                Assert.True(read > 0, "The connection closed in the middle of the answer.");
                received.AddRange(buffer.AsSpan(0, read));
            }
            var status = int.Parse(responseHead.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
            return (status, Encoding.UTF8.GetString(received.GetRange(headEnd + 4, length).ToArray()));
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"No answer within {Deadline.TotalSeconds} s while the rest of the announced body was never sent: Guild waited for the body.");
            throw;
        }
    }

    private static int IndexOf(List<byte> data, byte[] needle)
    {
        for (var i = 0; i + needle.Length <= data.Count; i++)
        {
            var match = true;
            for (var j = 0; j < needle.Length && match; j++)
            {
                match = data[i + j] == needle[j];
            }
            if (match)
            {
                return i;
            }
        }
        return -1;
    }

    [Fact]
    public async Task An_unauthenticated_request_is_answered_before_its_body_arrives()
    {
        using var lrs = await app.CreateLrsClientAsync();
        var part = Encoding.ASCII.GetBytes("[" + new string(' ', 1000));
        foreach (var authorization in new[] { "Authorization: Basic " + LrsTestClient.Basic(lrs.Key, "not the secret"), null })
        {
            var headers = new List<string> { "X-Experience-API-Version: 1.0.3", "Content-Type: application/json" };
            if (authorization is not null)
            {
                headers.Add(authorization);
            }
            var (status, _) = await SendPartAsync("POST /xapi/statements HTTP/1.1", headers, contentLength: 10_000_000, part);
            Assert.Equal(401, status);
        }
    }

    [Fact]
    public async Task An_alternate_syntax_form_longer_than_4_KB_without_its_authorization_field_in_front_is_refused_before_the_rest_arrives()
    {
        var part = Encoding.ASCII.GetBytes("content=" + new string('a', 5000));
        var (status, body) = await SendPartAsync("POST /xapi/statements?method=PUT HTTP/1.1",
            ["Content-Type: application/x-www-form-urlencoded"], contentLength: 1_000_000, part);
        Assert.Equal(401, status);
        Assert.Contains("Authorization header", body, StringComparison.Ordinal);
    }

    private static string LargeStatement() =>
        Statement(extra: "\"result\":{\"extensions\":{\"http://example.com/padding\":\"" + new string('x', 6000) + "\"}}");

    private async Task<HttpStatusCode> PutAlternateAsync(IEnumerable<KeyValuePair<string, string>> fields, string? headerAuthorization = null)
    {
        using var plain = new HttpClient { BaseAddress = app.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/xapi/statements?method=PUT") { Content = new FormUrlEncodedContent(fields) };
        if (headerAuthorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", headerAuthorization);
        }
        using var response = await plain.SendAsync(request);
        return response.StatusCode;
    }

    [Fact]
    public async Task An_alternate_syntax_form_authenticates_with_its_field_when_it_comes_first_or_the_form_is_short()
    {
        using var lrs = await app.CreateLrsClientAsync();
        var authorization = "Basic " + LrsTestClient.Basic(lrs.Key, lrs.Secret);
        KeyValuePair<string, string> Field(string name, string value) => new(name, value);

        // A long form with its Authorization field first: authenticated from the first 4 KB, then read whole.
        Assert.Equal(HttpStatusCode.NoContent, await PutAlternateAsync([Field("Authorization", authorization), Field("X-Experience-API-Version", "1.0.3"),
            Field("statementId", Guid.NewGuid().ToString()), Field("content", LargeStatement())]));
        // The same form with the field last: refused without being read.
        Assert.Equal(HttpStatusCode.Unauthorized, await PutAlternateAsync([Field("statementId", Guid.NewGuid().ToString()),
            Field("content", LargeStatement()), Field("X-Experience-API-Version", "1.0.3"), Field("Authorization", authorization)]));
        // A short form is read whole, so its fields may come in any order (as ADL's conformance suite sends them).
        Assert.Equal(HttpStatusCode.NoContent, await PutAlternateAsync([Field("statementId", Guid.NewGuid().ToString()),
            Field("content", Statement()), Field("X-Experience-API-Version", "1.0.3"), Field("Authorization", authorization)]));
    }

    [Fact]
    public async Task With_an_authorization_header_the_alternate_syntax_needs_no_field_and_refuses_a_different_one()
    {
        using var lrs = await app.CreateLrsClientAsync();
        using var other = await app.CreateLrsClientAsync();
        var authorization = "Basic " + LrsTestClient.Basic(lrs.Key, lrs.Secret);
        KeyValuePair<string, string> Field(string name, string value) => new(name, value);
        Assert.Equal(HttpStatusCode.NoContent, await PutAlternateAsync([Field("statementId", Guid.NewGuid().ToString()),
            Field("content", LargeStatement()), Field("X-Experience-API-Version", "1.0.3")], authorization));
        Assert.Equal(HttpStatusCode.NoContent, await PutAlternateAsync([Field("statementId", Guid.NewGuid().ToString()),
            Field("content", Statement()), Field("X-Experience-API-Version", "1.0.3"), Field("Authorization", authorization)], authorization));
        Assert.Equal(HttpStatusCode.BadRequest, await PutAlternateAsync([Field("statementId", Guid.NewGuid().ToString()),
            Field("content", Statement()), Field("X-Experience-API-Version", "1.0.3"),
            Field("Authorization", "Basic " + LrsTestClient.Basic(other.Key, other.Secret))], authorization));
    }

    [Fact]
    public async Task Large_bodies_and_bodies_without_a_length_arrive_whole()
    {
        using var lrs = await app.CreateLrsClientAsync();
        var agent = Uri.EscapeDataString($"{{\"mbox\":\"mailto:{Unique("big")}@example.com\"}}");
        var random = new Random(7);
        foreach (var (size, chunked) in new[] { (300_000, true), (200_000, false), (40_000, true), (3, false) })
        {
            var bytes = new byte[size];
            random.NextBytes(bytes);
            HttpContent content = chunked ? new StreamContent(new MemoryStream(bytes)) : new ByteArrayContent(bytes);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            var path = $"/xapi/activities/state?activityId={Uri.EscapeDataString("http://example.com/big")}&agent={agent}&stateId=s{size}";
            using var request = new HttpRequestMessage(HttpMethod.Put, path) { Content = content };
            request.Headers.TransferEncodingChunked = chunked;
            using (var put = await lrs.Http.SendAsync(request))
            {
                Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
            }
            using var get = await lrs.Http.GetAsync(path);
            Assert.Equal(bytes, await get.Content.ReadAsByteArrayAsync());
        }

        // Statements too, without a length.
        var batch = "[" + string.Join(",", Enumerable.Range(0, 300).Select(_ => Statement(actor: Unique("batch")))) + "]";
        using var chunkedBatch = new HttpRequestMessage(HttpMethod.Post, "/xapi/statements")
        {
            Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(batch))),
        };
        chunkedBatch.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        chunkedBatch.Headers.TransferEncodingChunked = true;
        using var posted = await lrs.Http.SendAsync(chunkedBatch);
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
    }

    [Fact]
    public async Task Cors_lets_any_origin_call_without_credentials_and_names_authorization()
    {
        using var plain = new HttpClient { BaseAddress = app.BaseAddress };
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/xapi/statements");
        preflight.Headers.Add("Origin", "https://course.example.org");
        preflight.Headers.Add("Access-Control-Request-Method", "PUT");
        preflight.Headers.Add("Access-Control-Request-Headers", "content-type, x-custom-thing");
        using var response = await plain.SendAsync(preflight);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.False(response.Headers.Contains("Access-Control-Allow-Credentials"));
        var allowed = response.Headers.GetValues("Access-Control-Allow-Headers").Single().Split(',', StringSplitOptions.TrimEntries);
        Assert.Contains("Authorization", allowed); // a "*" would not cover it
        Assert.Contains("X-Experience-API-Version", allowed);
        Assert.Contains("x-custom-thing", allowed);

        using var lrs = await app.CreateLrsClientAsync();
        using var get = new HttpRequestMessage(HttpMethod.Get, "/xapi/statements?limit=1");
        get.Headers.Add("Origin", "https://course.example.org");
        using var answer = await lrs.Http.SendAsync(get);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("*", answer.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.False(answer.Headers.Contains("Access-Control-Allow-Credentials"));
        Assert.Contains("ETag", answer.Headers.GetValues("Access-Control-Expose-Headers").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_401_to_a_browser_never_asks_it_to_prompt_for_and_remember_basic_credentials()
    {
        using var lrs = await app.CreateLrsClientAsync();
        using var browser = new HttpClient { BaseAddress = app.BaseAddress };
        foreach (var (mode, origin) in new[] { ("cors", "https://course.example.org"), ("navigate", null), ("cors", (string?)null) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/xapi/statements");
            request.Headers.Add("X-Experience-API-Version", "1.0.3");
            request.Headers.Add("Sec-Fetch-Mode", mode);
            if (origin is not null)
            {
                request.Headers.Add("Origin", origin);
            }
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", LrsTestClient.Basic(lrs.Key, "wrong"));
            using var response = await browser.SendAsync(request);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            var challenge = Assert.Single(response.Headers.WwwAuthenticate); // RFC 9110: a 401 carries a challenge
            Assert.NotEqual("Basic", challenge.Scheme, StringComparer.OrdinalIgnoreCase);
        }
    }
}

[Collection(SqliteCollection.Name)]
public sealed class LrsGateTestsOnSqlite(SqliteApp app) : LrsGateTests(app);

[Collection(PostgresCollection.Name)]
public sealed class LrsGateTestsOnPostgres(PostgresApp app) : LrsGateTests(app);
