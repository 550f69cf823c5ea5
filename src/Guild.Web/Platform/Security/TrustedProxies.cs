using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Guild.Web.Platform.Security;

/// <summary>
/// The proxies whose <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> Guild believes:
/// <c>ForwardedHeaders:KnownProxies</c> (addresses) and <c>ForwardedHeaders:KnownNetworks</c> (CIDR ranges), each a
/// list in configuration or one comma-separated value (<c>ForwardedHeaders__KnownNetworks=10.0.0.0/8,fd00::/8</c>).
/// Naming any replaces the default, which trusts the loopback proxy only. A value that is not an address or a
/// network stops start-up with a message that names it: a typo must not quietly trust nobody — or everybody.
/// </summary>
public sealed class TrustedProxies
{
    private TrustedProxies(IReadOnlyList<IPAddress> addresses, IReadOnlyList<System.Net.IPNetwork> networks)
    {
        Addresses = addresses;
        Networks = networks;
    }

    public IReadOnlyList<IPAddress> Addresses { get; }

    public IReadOnlyList<System.Net.IPNetwork> Networks { get; }

    public bool AreConfigured => Addresses.Count > 0 || Networks.Count > 0;

    public static TrustedProxies From(IConfigurationSection section)
    {
        var addresses = Values(section.GetSection("KnownProxies")).Select(value => IPAddress.TryParse(value, out var address)
            ? address
            : throw new InvalidOperationException($"ForwardedHeaders:KnownProxies holds \"{value}\", which is not an IP address.")).ToList();
        var networks = Values(section.GetSection("KnownNetworks")).Select(value => System.Net.IPNetwork.TryParse(value, out var network)
            ? network
            : throw new InvalidOperationException($"ForwardedHeaders:KnownNetworks holds \"{value}\", which is not a network such as 10.0.0.0/8.")).ToList();
        return new TrustedProxies(addresses, networks);
    }

    /// <summary>Only when the operator named some: otherwise the framework's loopback defaults stay.</summary>
    public void ApplyTo(ForwardedHeadersOptions options)
    {
        if (!AreConfigured)
        {
            return;
        }
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var address in Addresses)
        {
            options.KnownProxies.Add(address);
        }
        foreach (var network in Networks)
        {
            options.KnownIPNetworks.Add(network);
        }
    }

    /// <summary>A list (<c>KnownProxies:0</c>, <c>:1</c> …) or one value with commas, semicolons or spaces between entries.</summary>
    private static IEnumerable<string> Values(IConfigurationSection section)
    {
        var listed = section.GetChildren().Select(child => child.Value).OfType<string>();
        var single = section.Value is { } value ? [value] : Array.Empty<string>();
        return listed.Concat(single)
            .SelectMany(entry => entry.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }
}
