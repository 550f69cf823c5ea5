using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Guild.Tests.Infrastructure;

namespace Guild.Tests.Platform.Uploads;

/// <summary>A tus 1.0 client as small as the protocol: what tus-js-client sends, request by request.</summary>
public sealed class TusTestClient(GuildClient client)
{
    public const string Endpoint = "/api/v1/uploads";

    public HttpClient Http => client.Http;

    public static string Metadata(string purpose, string fileName, string? fileType = null) =>
        string.Join(",", new[] { ("purpose", purpose), ("filename", fileName), ("filetype", fileType) }
            .Where(pair => pair.Item2 is not null)
            .Select(pair => $"{pair.Item1} {Convert.ToBase64String(Encoding.UTF8.GetBytes(pair.Item2!))}"));

    public async Task<HttpResponseMessage> CreateAsync(long length, string purpose, string fileName, string? fileType = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Endpoint);
        request.Headers.Add("Tus-Resumable", "1.0.0");
        request.Headers.Add("Upload-Length", length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("Upload-Metadata", Metadata(purpose, fileName, fileType));
        return await client.Http.SendAsync(request);
    }

    /// <summary>Creates an upload and answers its URL (the Location), failing the test when creation is refused.</summary>
    public async Task<Uri> StartAsync(long length, string purpose = "video", string fileName = "clip.mp4")
    {
        using var response = await CreateAsync(length, purpose, fileName, "video/mp4");
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"Creation answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return new Uri(client.Http.BaseAddress!, response.Headers.Location!);
    }

    public async Task<HttpResponseMessage> PatchAsync(Uri upload, long offset, byte[] bytes, bool announceLength = true)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, upload);
        request.Headers.Add("Tus-Resumable", "1.0.0");
        request.Headers.Add("Upload-Offset", offset.ToString(System.Globalization.CultureInfo.InvariantCulture));
        HttpContent content = announceLength ? new ByteArrayContent(bytes) : new StreamContent(new UnannouncedStream(bytes));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/offset+octet-stream");
        request.Content = content;
        if (!announceLength)
        {
            request.Headers.TransferEncodingChunked = true;
        }
        return await client.Http.SendAsync(request);
    }

    public async Task<HttpResponseMessage> HeadAsync(Uri upload)
    {
        using var request = new HttpRequestMessage(HttpMethod.Head, upload);
        request.Headers.Add("Tus-Resumable", "1.0.0");
        return await client.Http.SendAsync(request);
    }

    public async Task<HttpResponseMessage> DeleteAsync(Uri upload)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, upload);
        request.Headers.Add("Tus-Resumable", "1.0.0");
        return await client.Http.SendAsync(request);
    }

    /// <summary>The offset a HEAD reports, or null when the upload is not there (404, 410).</summary>
    public async Task<long?> OffsetAsync(Uri upload)
    {
        using var response = await HeadAsync(upload);
        return response.StatusCode == HttpStatusCode.OK ? long.Parse(response.Headers.GetValues("Upload-Offset").Single(), System.Globalization.CultureInfo.InvariantCulture) : null;
    }

    /// <summary>
    /// Starts a PATCH that announces all of <paramref name="announced"/> bytes and sends the first <paramref name="sent"/>
    /// of them, keeping the connection open; <see cref="IAsyncDisposable.DisposeAsync"/> on the answer cuts it, as a
    /// closed tab or a train entering a tunnel does. Raw socket, so exactly those bytes leave.
    /// </summary>
    public async Task<IAsyncDisposable> PatchPartlyAsync(Uri upload, long offset, byte[] announced, int sent)
    {
        var cookies = client.Cookies.GetCookieHeader(upload);
        var token = await client.ApiAntiforgeryTokenAsync();
        var socket = new TcpClient();
        await socket.ConnectAsync(upload.Host, upload.Port);
        var stream = socket.GetStream();
        var head = $"PATCH {upload.AbsolutePath} HTTP/1.1\r\nHost: {upload.Authority}\r\nTus-Resumable: 1.0.0\r\n" +
                   $"Upload-Offset: {offset}\r\nContent-Type: application/offset+octet-stream\r\nContent-Length: {announced.Length}\r\n" +
                   $"Cookie: {cookies}\r\nX-Guild-Antiforgery: {token}\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        await stream.WriteAsync(announced.AsMemory(0, sent));
        await stream.FlushAsync();
        return new Cut(socket);
    }

    private sealed class Cut(TcpClient socket) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            // A reset, not a goodbye: the connection is simply gone.
            socket.Client.LingerState = new LingerOption(true, 0);
            socket.Dispose();
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>A body whose length is not known in advance (sent chunked), so only reading it shows how long it is.</summary>
    private sealed class UnannouncedStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
