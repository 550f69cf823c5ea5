namespace Guild.Web.Features.Expertise.Talent;

/// <summary>The talent directory: find people by skill, component, level, department, location, language or name.</summary>
internal static class TalentDirectoryFeature
{
    public static IServiceCollection AddTalentDirectory(this IServiceCollection services) => services;

    public static IEndpointRouteBuilder MapTalentDirectory(this IEndpointRouteBuilder endpoints) => endpoints;
}
