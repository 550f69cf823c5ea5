using System.Text.Json.Serialization.Metadata;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.Security;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace Guild.Web.Platform.Api;

/// <summary>The REST API's shared conventions: problem details, OpenAPI, Scalar, and the /api/v1 root.</summary>
public static class GuildApi
{
    public const string Prefix = "/api/v1";
    public const string RateLimitPolicy = "api";

    public static IHostApplicationBuilder AddGuildApi(this IHostApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            context.ProblemDetails.Instance ??= context.HttpContext.Request.Path;
            context.ProblemDetails.Extensions.TryAdd("traceId", context.HttpContext.TraceIdentifier);
        });
        builder.Services.AddValidation();
        // A parameter that cannot be bound raises BadHttpRequestException in every environment (the default throws only
        // in Development), so the caller learns which one in problem details (UseGuildProblemDetails) wherever Guild runs.
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.Services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter());
            options.SerializerOptions.TypeInfoResolver = (options.SerializerOptions.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver())
                .WithAddedModifier(TextWithoutNul.Refuse);
        });
        builder.Services.AddOpenApi("v1", options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "Guild API",
                    Version = "v1",
                    Description = "Guild's REST API. Authenticate with a personal or service API token: `Authorization: Bearer guild_...`. " +
                                  "Errors are RFC 9457 problem details; lists are paged with `page` and `pageSize`.",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes["bearer"] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    Description = "A Guild API token (create one under Account → API tokens).",
                };
                document.Security ??= [];
                document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("bearer", document)] = [] });
                return Task.CompletedTask;
            });
            // The paging parameters come from PageRequest ([AsParameters]), whose comments the generator does not carry over.
            options.AddOperationTransformer((operation, _, _) =>
            {
                foreach (var parameter in (operation.Parameters ?? []).OfType<OpenApiParameter>().Where(p => p.Description is null))
                {
                    parameter.Description = parameter.Name switch
                    {
                        "page" => "Which page, from 1.",
                        "pageSize" => $"How many items a page holds, 1 to {PageRequest.MaxPageSize} (default {PageRequest.DefaultPageSize}).",
                        _ => null,
                    };
                }
                return Task.CompletedTask;
            });
            // Only the REST API belongs in the document, not pages or the LRS.
            options.ShouldInclude = description => description.RelativePath?.StartsWith("api/v1", StringComparison.Ordinal) == true;
        });
        return builder;
    }

    /// <summary>The root group every feature's API hangs from: authenticated, rate limited, problem details.</summary>
    public static RouteGroupBuilder MapApiGroup(this IEndpointRouteBuilder endpoints, string path, string tag) =>
        endpoints.MapGroup(Prefix + path)
            .WithTags(tag)
            .RequireAuthorization()
            .RequireRateLimiting(RateLimitPolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

    public static WebApplication MapGuildApiDocuments(this WebApplication app)
    {
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous().CacheOutput();
        app.MapScalarApiReference("/scalar", options => options
                .WithTitle("Guild API")
                // No fonts from Scalar's CDN: nothing leaves the organisation's network, and the CSP allows only our origin.
                .DisableDefaultFonts()
                // Nothing that calls out of the building either: no telemetry, no AI agent, no hosted tools.
                .DisableTelemetry()
                .DisableAgent()
                .DisableMcp()
                .HideDeveloperTools()
                .WithOpenApiRoutePattern("/openapi/{documentName}.json"))
            .AllowAnonymous();
        return app;
    }

    /// <summary>Errors on the API and the LRS are problem details; pages get the error page.</summary>
    public static IApplicationBuilder UseGuildProblemDetails(this WebApplication app)
    {
        // Unhandled errors: problem details on machine paths, the friendly error page elsewhere. A request that
        // cannot be read (a broken body, a missing or unparsable parameter) is the caller's error: its own 4xx, not
        // an error in the log.
        app.UseWhen(context => GuildIdentity.IsMachinePath(context.Request.Path), branch => branch.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = StatusOf,
            SuppressDiagnosticsCallback = context => context.Exception is BadHttpRequestException,
            ExceptionHandler = async context =>
            {
                var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
                var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
                var status = context.Response.StatusCode;
                await problems.WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context,
                    Exception = error,
                    ProblemDetails =
                    {
                        Status = status,
                        Title = status >= 500 ? "Something went wrong on our side." : "The request could not be read.",
                        Detail = status >= 500 ? null : error?.Message,
                    },
                });
            },
        }));
        app.UseWhen(context => !GuildIdentity.IsMachinePath(context.Request.Path), branch => branch.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandlingPath = "/status/500",
            CreateScopeForErrors = true,
            StatusCodeSelector = StatusOf,
            SuppressDiagnosticsCallback = context => context.Exception is BadHttpRequestException,
        }));
        // Pages get a friendly page for 4xx/5xx; machine paths get problem details.
        app.UseWhen(context => GuildIdentity.IsMachinePath(context.Request.Path),
            branch => branch.UseStatusCodePages());
        app.UseWhen(context => !GuildIdentity.IsMachinePath(context.Request.Path),
            branch => branch.UseStatusCodePagesWithReExecute("/status/{0}", createScopeForStatusCodePages: true));
        // The status page shown in place of a refused form post is a page to read, not the form posted again: re-executed
        // as a POST it would check the antiforgery token a second time (and throw when the first check failed) and look
        // for a form named by the post.
        app.Use(async (context, next) =>
        {
            var method = context.Request.Method;
            if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method)
                || (context.Features.Get<IStatusCodeReExecuteFeature>() is null && context.Features.Get<IExceptionHandlerPathFeature>() is null))
            {
                await next(context);
                return;
            }
            context.Request.Method = HttpMethods.Get;
            try
            {
                await next(context);
            }
            finally
            {
                context.Request.Method = method;
            }
        });
        return app;
    }

    private static int StatusOf(Exception exception) =>
        exception is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError;
}
