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
