using Guild.Tests.Infrastructure;
using Guild.Web.Platform.Mail.Inbound;
using Microsoft.Extensions.Hosting;

namespace Guild.Tests.Platform.Mail.Inbound;

/// <summary>By default (Mail:Inbound:Mode=Off) Guild neither listens nor polls, and says no reply address is worth sending.</summary>
public abstract class InboundMailOffTests(GuildApp app)
{
    [Fact]
    public void Without_a_mode_Guild_receives_no_mail_and_sends_no_reply_addresses()
    {
        Assert.False(app.Services.GetRequiredService<ReplyAddresses>().Enabled);
        var hosted = app.Services.GetServices<IHostedService>().Select(s => s.GetType().Name).ToList();
        Assert.DoesNotContain("SmtpInboundListener", hosted);
        Assert.DoesNotContain("ImapInboundPoller", hosted);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class InboundMailOffTestsOnSqlite(SqliteApp app) : InboundMailOffTests(app);

[Collection(PostgresCollection.Name)]
public sealed class InboundMailOffTestsOnPostgres(PostgresApp app) : InboundMailOffTests(app);
