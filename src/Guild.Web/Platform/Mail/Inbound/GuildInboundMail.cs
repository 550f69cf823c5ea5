using Guild.Web.Platform.Jobs;
using Microsoft.Extensions.Options;

namespace Guild.Web.Platform.Mail.Inbound;

public static class GuildInboundMail
{
    /// <summary>
    /// Replies by mail: signed reply addresses (always, so features can put them in mail), the durable processing job, and the
    /// receiving channel of <c>Mail:Inbound:Mode</c>. Features register handlers with
    /// <see cref="InboundReplyHandlerExtensions.AddInboundReplyHandler{THandler}"/>.
    /// </summary>
    public static IHostApplicationBuilder AddGuildInboundMail(this IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(InboundMailOptions.Section);
        builder.Services.Configure<InboundMailOptions>(section);
        builder.Services.AddSingleton<IValidateOptions<InboundMailOptions>, InboundMailOptionsValidation>();
        builder.Services.AddOptions<InboundMailOptions>().ValidateOnStart();
        builder.Services.AddSingleton<ReplyAddresses>();
        builder.Services.AddScoped<InboundMailReceiver>();
        builder.Services.AddScoped<IJobHandler, InboundMailJob>();
        builder.Services.AddJobKind(new JobKind(InboundMailJob.JobKind, typeof(InboundMailText), Queue: JobQueues.Mail));
        var mode = section.GetValue(nameof(InboundMailOptions.Mode), InboundMailMode.Off);
        if (mode == InboundMailMode.Smtp)
        {
            builder.Services.AddHostedService<SmtpInboundListener>();
        }
        else if (mode == InboundMailMode.Imap)
        {
            builder.Services.AddSingleton<ImapInboundPoller>();
            builder.Services.AddHostedService(services => services.GetRequiredService<ImapInboundPoller>());
        }
        return builder;
    }
}

/// <summary>Refuses to start with a receiving mode that cannot work, naming the setting to fix.</summary>
internal sealed class InboundMailOptionsValidation : IValidateOptions<InboundMailOptions>
{
    public ValidateOptionsResult Validate(string? name, InboundMailOptions options)
    {
        if (options.Mode == InboundMailMode.Off)
        {
            return ValidateOptionsResult.Success;
        }
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Domain))
        {
            problems.Add("Mail:Inbound:Domain must be set to receive replies.");
        }
        if (options.MaxMessageBytes <= 0)
        {
            problems.Add("Mail:Inbound:MaxMessageBytes must be positive.");
        }
        if (options.Mode == InboundMailMode.Imap && string.IsNullOrWhiteSpace(options.Imap.Host))
        {
            problems.Add("Mail:Inbound:Imap:Host must be set when Mail:Inbound:Mode is Imap.");
        }
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
