using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Guild.Tests.Infrastructure;
using static Guild.Tests.Features.Lrs.LrsTesting;

namespace Guild.Tests.Features.Lrs;

/// <summary>Attachments in multipart/mixed (Communication 1.5.2, Data 2.4.11) and signed statements (Data 2.6).</summary>
public abstract class AttachmentTests(GuildApp app)
{
    private const string Boundary = "abcABC0123'()+_,-./:=?";
    private static readonly byte[] Text = Encoding.ASCII.GetBytes("here is a simple attachment");
    private static readonly string TextSha = Convert.ToHexStringLower(SHA256.HashData(Text));

    private static string AttachmentHeader(string sha2, int length, string usage = "http://example.com/attachment-usage/test",
        string contentType = "text/plain; charset=ascii", string? fileUrl = null) =>
        $"{{\"usageType\":\"{usage}\",\"display\":{{\"en-US\":\"A test attachment\"}},\"contentType\":\"{contentType}\",\"length\":{length},\"sha2\":\"{sha2}\"" +
        (fileUrl is null ? "" : $",\"fileUrl\":\"{fileUrl}\"") + "}";

    private static ByteArrayContent Multipart(string statements, params (byte[] Data, string? Hash, string? Encoding, string ContentType)[] parts)
    {
        using var body = new MemoryStream();
        void Write(string text) => body.Write(System.Text.Encoding.UTF8.GetBytes(text));
        Write($"--{Boundary}\r\nContent-Type:application/json\r\n\r\n{statements}");
        foreach (var (data, hash, encoding, contentType) in parts)
        {
            Write($"\r\n--{Boundary}\r\nContent-Type:{contentType}\r\n");
            if (encoding is not null) { Write($"Content-Transfer-Encoding:{encoding}\r\n"); }
            if (hash is not null) { Write($"X-Experience-API-Hash:{hash}\r\n"); }
            Write("\r\n");
            body.Write(data);
        }
        Write($"\r\n--{Boundary}--");
        var content = new ByteArrayContent(body.ToArray());
        content.Headers.TryAddWithoutValidation("Content-Type", $"multipart/mixed; boundary=\"{Boundary}\"");
        return content;
    }

    private static string WithAttachments(string? id, params string[] headers) =>
        Statement(id: id, extra: "\"attachments\":[" + string.Join(",", headers) + "]");

    [Fact]
    public async Task A_statement_with_an_attachment_part_is_stored_and_returned_as_multipart()
    {
        using var lrs = await app.CreateLrsClientAsync();
        var id = Guid.NewGuid();
        using var response = await lrs.Http.PostAsync("/xapi/statements",
            Multipart(WithAttachments(id.ToString(), AttachmentHeader(TextSha, Text.Length)), (Text, TextSha, "binary", "text/plain")));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        using var get = await lrs.Http.GetAsync($"/xapi/statements?statementId={id}&attachments=true");
        Assert.Equal("multipart/mixed", get.Content.Headers.ContentType!.MediaType);
        var body = await get.Content.ReadAsByteArrayAsync();
        var boundary = get.Content.Headers.ContentType.Parameters.Single(p => p.Name == "boundary").Value!.Trim('"');
        var parts = Guild.Web.Features.Lrs.Http.Multipart.Parse(body, boundary)!;
        Assert.Equal(2, parts.Count);
        Assert.Equal(id.ToString(), JsonNode.Parse(parts[0].Content.Span)!["id"]!.GetValue<string>());
        Assert.Equal(TextSha, parts[1].Header("X-Experience-API-Hash"));
        Assert.Equal("binary", parts[1].Header("Content-Transfer-Encoding"));
        Assert.Equal(Text, parts[1].Content.ToArray());

        using var json = await lrs.Http.GetAsync($"/xapi/statements?statementId={id}&attachments=false");
        Assert.Equal("application/json", json.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Json_statements_need_a_file_url_for_every_attachment()
    {
        using var lrs = await app.CreateLrsClientAsync();
        using var withUrl = await lrs.PostStatementsAsync(WithAttachments(null, AttachmentHeader(TextSha, Text.Length, fileUrl: "http://over.there.com/file.txt")));
        Assert.Equal(HttpStatusCode.OK, withUrl.StatusCode);
        using var without = await lrs.PostStatementsAsync(WithAttachments(null, AttachmentHeader(TextSha, Text.Length)));
        Assert.Equal(HttpStatusCode.BadRequest, without.StatusCode);
    }

    [Fact]
    public async Task Attachment_parts_with_a_wrong_hash_missing_headers_or_missing_parts_are_rejected()
    {
        using var lrs = await app.CreateLrsClientAsync();
        var statement = WithAttachments(null, AttachmentHeader(TextSha, Text.Length));
        var wrongData = Encoding.ASCII.GetBytes("here is another attachment!");
        var cases = new (string Name, HttpContent Content)[]
        {
            ("data does not match its hash", Multipart(statement, (wrongData, TextSha, "binary", "text/plain"))),
            ("hash names no attachment", Multipart(statement, (Text, new string('a', 64), "binary", "text/plain"))),
            ("no hash header", Multipart(statement, (Text, null, "binary", "text/plain"))),
            ("no binary transfer encoding", Multipart(statement, (Text, TextSha, null, "text/plain"))),
            ("missing part", Multipart(statement)),
            ("form-data instead of mixed", new StringContent(statement, Encoding.UTF8, "multipart/form-data")),
        };
        foreach (var (name, content) in cases)
        {
            using var response = await lrs.Http.PostAsync("/xapi/statements", content);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{name}: {response.StatusCode}");
        }
        var firstPartNotJson = new ByteArrayContent(Encoding.ASCII.GetBytes($"--{Boundary}\r\nContent-Type:text/plain\r\n\r\n{statement}\r\n--{Boundary}--"));
        firstPartNotJson.Headers.TryAddWithoutValidation("Content-Type", $"multipart/mixed; boundary=\"{Boundary}\"");
        using var notJson = await lrs.Http.PostAsync("/xapi/statements", firstPartNotJson);
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>A compact JWS over the statement, signed with <paramref name="signer"/>, naming <paramref name="certificate"/> in x5c.</summary>
    private static byte[] Sign(string statement, RSA signer, X509Certificate2? certificate, string algorithm = "RS256")
    {
        var header = certificate is null
            ? $"{{\"alg\":\"{algorithm}\"}}"
            : $"{{\"alg\":\"{algorithm}\",\"x5c\":[\"{Convert.ToBase64String(certificate.RawData)}\"]}}";
        var input = Base64Url(Encoding.UTF8.GetBytes(header)) + "." + Base64Url(Encoding.UTF8.GetBytes(statement));
        var signature = signer.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return Encoding.ASCII.GetBytes(input + "." + Base64Url(signature));
    }

    private static X509Certificate2 Certificate(RSA key) =>
        new CertificateRequest("CN=Signer", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));

    private static async Task<HttpStatusCode> PostSignedAsync(LrsTestClient lrs, string signedStatement, byte[] jws, string sentStatement,
        string contentType = "application/octet-stream")
    {
        var sha = Convert.ToHexStringLower(SHA256.HashData(jws));
        var header = AttachmentHeader(sha, jws.Length, "http://adlnet.gov/expapi/attachments/signature", contentType);
        var withAttachment = sentStatement[..^1] + ",\"attachments\":[" + header + "]}";
        using var response = await lrs.Http.PostAsync("/xapi/statements", Multipart(withAttachment, (jws, sha, "binary", contentType)));
        _ = signedStatement;
        return response.StatusCode;
    }

    [Fact]
    public async Task A_signed_statement_that_verifies_against_its_certificate_is_stored()
    {
        using var lrs = await app.CreateLrsClientAsync();
        using var key = RSA.Create(2048);
        using var certificate = Certificate(key);
        var statement = Statement(id: Guid.NewGuid().ToString());
        Assert.Equal(HttpStatusCode.OK, await PostSignedAsync(lrs, statement, Sign(statement, key, certificate), statement));
    }

    [Fact]
    public async Task Signatures_that_do_not_verify_or_do_not_match_or_use_other_algorithms_are_rejected()
    {
        using var lrs = await app.CreateLrsClientAsync();
        using var key = RSA.Create(2048);
        using var other = RSA.Create(2048);
        using var certificate = Certificate(key);
        var statement = Statement(id: Guid.NewGuid().ToString());
        // Signed by another key than the certificate's.
        Assert.Equal(HttpStatusCode.BadRequest, await PostSignedAsync(lrs, statement, Sign(statement, other, certificate), statement));
        // The payload is a different statement.
        var different = Statement(id: Guid.NewGuid().ToString(), verb: "http://adlnet.gov/expapi/verbs/completed");
        Assert.Equal(HttpStatusCode.BadRequest, await PostSignedAsync(lrs, different, Sign(different, key, certificate), Statement(id: Guid.NewGuid().ToString())));
        // HS256 is not allowed.
        Assert.Equal(HttpStatusCode.BadRequest, await PostSignedAsync(lrs, statement, Sign(statement, key, certificate, "HS256"), statement));
        // The payload is not JSON.
        var broken = statement.Replace("\"", "'", StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, await PostSignedAsync(lrs, broken, Sign(broken, key, certificate), statement));
        // The signature attachment must be application/octet-stream.
        Assert.Equal(HttpStatusCode.BadRequest, await PostSignedAsync(lrs, statement, Sign(statement, key, certificate), statement, "text/plain"));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class AttachmentTestsOnSqlite(SqliteApp app) : AttachmentTests(app);

[Collection(PostgresCollection.Name)]
public sealed class AttachmentTestsOnPostgres(PostgresApp app) : AttachmentTests(app);
