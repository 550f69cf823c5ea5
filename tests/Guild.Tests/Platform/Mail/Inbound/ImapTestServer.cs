using System.Diagnostics;

namespace Guild.Tests.Platform.Mail.Inbound;

/// <summary>
/// A real IMAP server (the npm hoodiecrow-imap, pinned by ImapServer/package-lock.json and installed by the build) on a free
/// port, one per test app, with the account <see cref="UserName"/>/<see cref="Password"/> and the folders INBOX and Processed.
/// It stops when its standard input closes, so it never outlives the test process.
/// </summary>
public sealed class ImapTestServer : IAsyncDisposable
{
    public const string UserName = "guild";
    public const string Password = "secret";

    private readonly Process _node;

    private ImapTestServer(Process node, int port) => (_node, Port) = (node, port);

    public int Port { get; }

    public static async Task<ImapTestServer> StartAsync()
    {
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = ScriptFolder(),
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add("start.mjs");
        var node = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var line = await node.StandardOutput.ReadLineAsync(timeout.Token);
        if (line is null || !line.StartsWith("port ", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"hoodiecrow-imap did not start: {line} {await node.StandardError.ReadToEndAsync(timeout.Token)}");
        }
        return new ImapTestServer(node, int.Parse(line["port ".Length..], System.Globalization.CultureInfo.InvariantCulture));
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _node.StandardInput.Close();
            await _node.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(5)).Token);
        }
        catch (Exception exception) when (exception is InvalidOperationException or IOException or OperationCanceledException)
        {
            _node.Kill(entireProcessTree: true);
        }
        _node.Dispose();
    }

    private static string ScriptFolder()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "ImapServer");
            if (File.Exists(Path.Combine(candidate, "start.mjs")))
            {
                return candidate;
            }
        }
        throw new InvalidOperationException("ImapServer/start.mjs is not above the test binaries.");
    }
}
