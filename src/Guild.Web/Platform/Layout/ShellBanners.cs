namespace Guild.Web.Platform.Layout;

/// <summary>
/// A feature's banner above the content of every signed-in page ("a call for champions waits for your answer"). The
/// component loads what it shows itself (through a pooled context or a cache: every page pays for it) and renders
/// nothing when there is nothing to say. Registered with <see cref="ShellBannerExtensions.AddShellBanner"/>.
/// </summary>
/// <param name="Component">A Razor component without parameters.</param>
/// <param name="Order">Position; lower first.</param>
public sealed record ShellBanner(Type Component, int Order);

public static class ShellBannerExtensions
{
    public static IServiceCollection AddShellBanner(this IServiceCollection services, ShellBanner banner) =>
        services.AddSingleton(banner);
}
