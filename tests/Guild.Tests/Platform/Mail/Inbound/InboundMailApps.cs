using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Guild.Tests.Infrastructure;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Mail.Inbound;

namespace Guild.Tests.Platform.Mail.Inbound;

/// <summary>What the test handlers were given, in this app (a real service the handlers write to; tests read it).</summary>
public sealed class ReceivedReplies
{
    private readonly ConcurrentQueue<InboundReply> _replies = new();

    public void Add(InboundReply reply) => _replies.Enqueue(reply);

    public IReadOnlyList<InboundReply> About(Guid subjectId) => [.. _replies.Where(r => r.SubjectId == subjectId)];
}

/// <summary>The handler of purpose <c>test</c>: takes every reply and records it.</summary>
public sealed class RecordingReplyHandler(ReceivedReplies replies) : IInboundReplyHandler
{
    public const string Name = "test";

    public string Purpose => Name;

    public Task<InboundReplyOutcome> HandleAsync(InboundReply reply, CancellationToken ct)
    {
        replies.Add(reply);
        return Task.FromResult(InboundReplyOutcome.Accept());
    }
}

/// <summary>The handler of purpose <c>closed</c>: refuses every reply as a closed subject would, in the reply's language.</summary>
public sealed class RefusingReplyHandler : IInboundReplyHandler
{
    public const string Name = "closed";

    public string Purpose => Name;

    public Task<InboundReplyOutcome> HandleAsync(InboundReply reply, CancellationToken ct) =>
        Task.FromResult(InboundReplyOutcome.Refuse(reply.Language == "nl" ? "Deze vraag is gisteren gesloten." : "This question was closed yesterday."));
}

/// <summary>
/// Guild receiving replies over SMTP (Mail:Inbound:Mode=Smtp) on a free port of 127.0.0.1, with the two test handlers and
/// the default 10 MB limit.
/// </summary>
public abstract class InboundMailApp : GuildApp
{
    public const string Domain = "reply.guild.test";
    public const int RepliesPerHour = 5;

    public int SmtpPort { get; } = FreePort();

    protected override void Configure(IDictionary<string, string?> settings)
    {
        settings["Mail:Inbound:Mode"] = "Smtp";
        settings["Mail:Inbound:Domain"] = Domain;
        settings["Mail:Inbound:SmtpListenAddress"] = "127.0.0.1";
        settings["Mail:Inbound:SmtpPort"] = SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Mail:Inbound:RepliesPerSenderPerHour"] = RepliesPerHour.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    protected override void ConfigureTestServices(IServiceCollection services)
    {
        services.AddSingleton<ReceivedReplies>();
        services.AddInboundReplyHandler<RecordingReplyHandler>();
        services.AddInboundReplyHandler<RefusingReplyHandler>();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

public sealed class SqliteInboundMailApp : InboundMailApp
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresInboundMailApp : InboundMailApp
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

[CollectionDefinition(Name)]
public sealed class SqliteInboundMailCollection : ICollectionFixture<SqliteInboundMailApp>
{
    public const string Name = "Guild on SQLite receiving mail";
}

[CollectionDefinition(Name)]
public sealed class PostgresInboundMailCollection : ICollectionFixture<PostgresInboundMailApp>
{
    public const string Name = "Guild on PostgreSQL receiving mail";
}

/// <summary>Guild polling a real IMAP server of its own (Mail:Inbound:Mode=Imap), with the test handlers; stored mail is moved to Processed.</summary>
public abstract class ImapInboundMailApp : GuildApp
{
    public const string Domain = "guild.test";
    public const string Prefix = "replies+";

    public ImapTestServer Imap { get; private set; } = default!;

    public override async Task InitializeAsync()
    {
        Imap = await ImapTestServer.StartAsync();
        await base.InitializeAsync();
    }

    protected override void Configure(IDictionary<string, string?> settings)
    {
        settings["Mail:Inbound:Mode"] = "Imap";
        settings["Mail:Inbound:Domain"] = Domain;
        settings["Mail:Inbound:LocalPrefix"] = Prefix;
        settings["Mail:Inbound:Imap:Host"] = "127.0.0.1";
        settings["Mail:Inbound:Imap:Port"] = Imap.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Mail:Inbound:Imap:Security"] = "None";
        settings["Mail:Inbound:Imap:UserName"] = ImapTestServer.UserName;
        settings["Mail:Inbound:Imap:Password"] = ImapTestServer.Password;
        settings["Mail:Inbound:Imap:ProcessedFolder"] = "Processed";
        // Tests poll themselves (PollOnceAsync); the node's own timer waits an hour after its first round.
        settings["Mail:Inbound:Imap:PollInterval"] = "01:00:00";
    }

    protected override void ConfigureTestServices(IServiceCollection services)
    {
        services.AddSingleton<ReceivedReplies>();
        services.AddInboundReplyHandler<RecordingReplyHandler>();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Imap.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

public sealed class SqliteImapInboundMailApp : ImapInboundMailApp
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresImapInboundMailApp : ImapInboundMailApp
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

[CollectionDefinition(Name)]
public sealed class SqliteImapInboundMailCollection : ICollectionFixture<SqliteImapInboundMailApp>
{
    public const string Name = "Guild on SQLite polling IMAP";
}

[CollectionDefinition(Name)]
public sealed class PostgresImapInboundMailCollection : ICollectionFixture<PostgresImapInboundMailApp>
{
    public const string Name = "Guild on PostgreSQL polling IMAP";
}
