using System.Collections.Concurrent;
using System.Net;
using Guild.Tests.Infrastructure;
using Guild.Web.Platform.Data;
using Microsoft.Extensions.Logging;

namespace Guild.Tests.Platform.Data;

/// <summary>
/// An operator reading the log of a healthy first start should find nothing to worry about: no error from EF
/// reading its history table before it exists, no warning about unencrypted keys or an unknown HTTPS port.
/// </summary>
public sealed class FirstStartTests
{
    [Theory]
    [InlineData(DatabaseProvider.Postgres, "Production")]
    [InlineData(DatabaseProvider.Sqlite, "Development")]
    public async Task A_first_start_on_an_empty_database_logs_no_warning_and_no_error(DatabaseProvider provider, string environment)
    {
        var settings = environment == "Production" ? TestCertificate.Create("Guild first start").AsBase64() : [];
        if (environment == "Production")
        {
            // TLS ends at the balancer (the loopback proxy), as Production's Secure cookies require.
            settings["ForwardedHeaders:Enabled"] = "true";
        }
        var app = new FirstStartApp(provider, environment, settings);
        try
        {
            await app.InitializeAsync();
            // The first page makes the first data-protection key and meets the HTTPS redirection.
            using var client = app.CreateGuildClient();
            client.Http.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
            using var page = await client.GetAsync("/account/sign-in");
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);

            var worrying = app.Log.Where(entry => entry.Level >= LogLevel.Warning).Select(entry => $"{entry.Level} {entry.Category}: {entry.Message}").ToList();
            Assert.True(worrying.Count == 0, string.Join(Environment.NewLine, worrying));
            Assert.Contains(app.Log, entry => entry.Category == "Guild.Web.Platform.Data.DatabaseMigrator" && entry.Message.StartsWith("Applying", StringComparison.Ordinal));
        }
        finally
        {
            await ((IAsyncLifetime)app).DisposeAsync();
        }
    }

    private sealed record LogEntry(LogLevel Level, string Category, string Message);

    /// <summary>A Guild of its own on a fresh database, with every log entry kept.</summary>
    private sealed class FirstStartApp(DatabaseProvider provider, string environment, Dictionary<string, string?> extra) : GuildApp
    {
        public override DatabaseProvider Provider => provider;

        protected override string EnvironmentName => environment;

        public ConcurrentQueue<LogEntry> Log { get; } = new();

        protected override void Configure(IDictionary<string, string?> settings)
        {
            foreach (var (key, value) in extra)
            {
                settings[key] = value;
            }
        }

        protected override void ConfigureTestServices(IServiceCollection services) =>
            services.AddSingleton<ILoggerProvider>(new CapturingLoggerProvider(Log));
    }

    private sealed class CapturingLoggerProvider(ConcurrentQueue<LogEntry> log) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, log);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<LogEntry> log) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                log.Enqueue(new LogEntry(logLevel, category, formatter(state, exception)));
        }
    }
}
