using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using Microsoft.Extensions.Options;
using SmtpServer;
using SmtpServer.Mail;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Guild.Web.Platform.Mail.Inbound;

/// <summary>
/// Mode=Smtp: an SMTP server (NuGet SmtpServer) on <c>Mail:Inbound:SmtpPort</c>, behind the organisation's relay, which sends it
/// the reply domain (docs/operations.md). It takes only recipients in that domain (anything else is 550: it is no relay), and
/// enforces <c>MaxMessageBytes</c> strictly: a larger SIZE is refused at MAIL FROM, and a message that goes over during DATA
/// ends the transaction with 552 as soon as it passes the limit, so a 50 MB reply is never held whole. A message is
/// acknowledged only once it is stored and its job committed (<see cref="InboundMailReceiver"/>); if that fails, 451 asks
/// the relay to try again later.
/// </summary>
internal sealed class SmtpInboundListener(IOptions<InboundMailOptions> options, IServiceScopeFactory scopes, ReplyAddresses addresses,
    ILogger<SmtpInboundListener> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var endpoint = new IPEndPoint(IPAddress.Parse(settings.SmtpListenAddress), settings.SmtpPort);
        var serverOptions = new SmtpServerOptionsBuilder()
            .ServerName(settings.Domain ?? "guild")
            .Endpoint(builder => builder.Endpoint(endpoint).SessionTimeout(TimeSpan.FromMinutes(2)))
            .MaxMessageSize(settings.MaxMessageBytes, MaxMessageSizeHandling.Strict)
            .CommandWaitTimeout(TimeSpan.FromMinutes(1))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new ReplyDomainFilter(addresses, settings.MaxMessageBytes));
        services.Add(new DurableStore(scopes, logger));
        var server = new SmtpServer.SmtpServer(serverOptions, services);
        server.SessionFaulted += (_, args) => logger.LogInformation(args.Exception, "An SMTP session ended with an error");
        logger.LogInformation("Receiving replies by SMTP on {Endpoint} for the domain {Domain}", endpoint, settings.Domain);
        try
        {
            await server.StartAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <summary>Senders are anyone (replies come from everywhere); recipients only the reply domain; sizes only up to the limit.</summary>
    private sealed class ReplyDomainFilter(ReplyAddresses addresses, int maxBytes) : IMailboxFilter
    {
        public Task<bool> CanAcceptFromAsync(ISessionContext context, IMailbox from, int size, CancellationToken cancellationToken) =>
            Task.FromResult(size <= maxBytes);

        public Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken cancellationToken) =>
            Task.FromResult(addresses.IsInReplyDomain(to.AsAddress()));
    }

    private sealed class DurableStore(IServiceScopeFactory scopes, ILogger logger) : IMessageStore
    {
        public async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer,
            CancellationToken cancellationToken)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var receiver = scope.ServiceProvider.GetRequiredService<InboundMailReceiver>();
                await using var content = PipeReader.Create(buffer).AsStream();
                var from = transaction.From is null || string.IsNullOrEmpty(transaction.From.User) ? "" : transaction.From.AsAddress();
                await receiver.ReceiveAsync(content, "smtp", from, [.. transaction.To.Select(to => to.AsAddress())], null, cancellationToken);
                return SmtpResponse.Ok;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogError(exception, "An inbound mail could not be stored; the relay is asked to try again later");
                return new SmtpResponse(SmtpReplyCode.ServiceUnavailable, "Cannot store the message now, try again later");
            }
        }
    }
}
