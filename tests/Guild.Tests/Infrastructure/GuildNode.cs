using System.Net;
using System.Net.Sockets;
using Guild.Web.Platform.Data;

namespace Guild.Tests.Infrastructure;

/// <summary>
/// One Guild process on a <see cref="SharedDatabase"/>: stop it and start another on the same data (a
/// restart, a second node, an external LRS that goes down and comes back). Start it with
/// <see cref="SharedDatabase.StartNodeAsync"/>.
/// </summary>
public sealed class GuildNode(SharedDatabase database, bool workers, int port, IReadOnlyDictionary<string, string?>? extraSettings, string environment)
    : GuildApp(port)
{
    public override DatabaseProvider Provider => database.Provider;

    protected override string EnvironmentName => environment;

    protected override Task<string> CreateDatabaseAsync() => Task.FromResult(database.ConnectionString);

    protected override void Configure(IDictionary<string, string?> settings)
    {
        if (workers)
        {
            settings["Jobs:Enabled"] = "true";
            settings["Jobs:PollInterval"] = "00:00:00.100";
            settings["Jobs:Workers"] = "3";
        }
        foreach (var (key, value) in extraSettings ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }
    }

    public TestJobLog Log => Services.GetRequiredService<TestJobLog>();

    /// <summary>Stops this node; the database stays.</summary>
    public Task StopAsync() => ((IAsyncLifetime)this).DisposeAsync();

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
