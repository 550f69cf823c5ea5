namespace Guild.Web.Platform.Layout;

/// <summary>
/// One entry of the main navigation. Features add theirs with <see cref="NavigationExtensions.AddNavigation"/>;
/// the menu shows an entry only to people the policy admits, so it never offers a page that would refuse them.
/// </summary>
/// <param name="Href">Where it goes, such as <c>/people</c>.</param>
/// <param name="TextKey">Key of the label in <paramref name="TextResource"/> (default <see cref="SharedText"/>).</param>
/// <param name="Order">Position; lower first. People is 10, the admin area 900.</param>
/// <param name="Policy">Authorisation policy name, or null for everyone signed in.</param>
/// <param name="Area">Main navigation or the administration menu.</param>
/// <param name="TextResource">The feature's resource marker type that holds the label.</param>
public sealed record NavigationItem(string Href, string TextKey, int Order, string? Policy = null,
    NavigationArea Area = NavigationArea.Main, Type? TextResource = null);

public enum NavigationArea { Main, Administration }

public static class NavigationExtensions
{
    public static IServiceCollection AddNavigation(this IServiceCollection services, NavigationItem item) =>
        services.AddSingleton(item);
}
