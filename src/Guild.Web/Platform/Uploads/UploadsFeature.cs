using Guild.Web.Platform.Identity;
using Guild.Web.Platform.Jobs;

namespace Guild.Web.Platform.Uploads;

/// <summary>Resumable uploads (tus 1.0) into the file store, for every feature that takes files; see docs/architecture.md "Uploads".</summary>
public static class GuildUploads
{
    public static IHostApplicationBuilder AddGuildUploads(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<UploadOptions>(builder.Configuration.GetSection("Uploads"));
        builder.Services.AddScoped<UploadReceiver>();
        builder.Services.AddScoped<CompletedUploads>();
        builder.Services.AddResourceRule<UploadRule>();
        builder.Services.AddScoped<IJobHandler, UploadCleanup>();
        builder.Services.AddJobKind(new JobKind(UploadCleanup.JobKind, typeof(UploadsText)));
        builder.Services.AddRecurringJob(UploadCleanup.Schedule);
        return builder;
    }

    public static WebApplication MapGuildUploads(this WebApplication app)
    {
        app.MapTusUploads();
        return app;
    }
}
