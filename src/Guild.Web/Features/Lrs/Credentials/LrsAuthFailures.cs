using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Guild.Web.Features.Lrs.Credentials;

/// <summary>
/// Failed Basic authentications per client address and per key, in fixed windows (<c>Lrs:Auth:FailureWindow</c>,
/// a minute): once an address or a key has failed <c>FailuresPerAddress</c> / <c>FailuresPerKey</c> times (10) in
/// its window, the LRS answers 429 with Retry-After until the window ends, before it looks anything up or hashes
/// anything. Successes never count. The address limit stops one machine from guessing; the key limit stops many
/// machines from guessing one client's secret (its key is no secret: browser-based clients carry it in the page).
/// </summary>
/// <remarks>
/// In memory, per node: with N nodes behind round-robin an attacker gets N times the limit, which still makes
/// guessing a 192-bit secret hopeless; what the limit is really for is keeping failed attempts cheap. IPv6
/// addresses count per /64, the block one subscriber usually holds. The table forgets ended windows once it
/// grows past 10,000 entries, so its size follows the distinct addresses and keys failing within one window.
/// A client behind the same address as an attacker, or with the key an attacker is trying, is locked out too
/// unless this node verified its credentials recently (<see cref="LrsAuthenticator"/> lets a remembered
/// success through).
/// </remarks>
public sealed class LrsAuthFailures(TimeProvider clock, IOptions<LrsAuthOptions> options)
{
    private const int SweepAbove = 10_000;

    private sealed class Window
    {
        public DateTimeOffset Start;
        public int Count;
    }

    private readonly ConcurrentDictionary<string, Window> _windows = new(StringComparer.Ordinal);
    private long _lastSweepTicks;

    /// <summary>How long this address or key must wait before it may try again; null when neither is blocked.</summary>
    public TimeSpan? BlockedFor(IPAddress? address, string? key)
    {
        var settings = options.Value;
        var now = clock.GetUtcNow();
        var wait = Remaining(AddressPartition(address), settings.FailuresPerAddress, settings.FailureWindow, now);
        if (key is not null && Remaining(KeyPartition(key), settings.FailuresPerKey, settings.FailureWindow, now) is { } keyWait
            && (wait is null || keyWait > wait))
        {
            wait = keyWait;
        }
        return wait;
    }

    /// <summary>Counts a failed authentication for the address and, when the header named one, the key.</summary>
    public void Fail(IPAddress? address, string? key)
    {
        var settings = options.Value;
        var now = clock.GetUtcNow();
        Count(AddressPartition(address), settings.FailureWindow, now);
        if (key is not null)
        {
            Count(KeyPartition(key), settings.FailureWindow, now);
        }
        if (_windows.Count > SweepAbove && now.UtcTicks - Interlocked.Read(ref _lastSweepTicks) > settings.FailureWindow.Ticks)
        {
            Interlocked.Exchange(ref _lastSweepTicks, now.UtcTicks);
            foreach (var (partition, window) in _windows)
            {
                if (window.Start + settings.FailureWindow <= now)
                {
                    _windows.TryRemove(partition, out _);
                }
            }
        }
    }

    private TimeSpan? Remaining(string partition, int limit, TimeSpan length, DateTimeOffset now)
    {
        if (limit <= 0 || !_windows.TryGetValue(partition, out var window))
        {
            return null;
        }
        lock (window)
        {
            var end = window.Start + length;
            return window.Count >= limit && now < end ? end - now : null;
        }
    }

    private void Count(string partition, TimeSpan length, DateTimeOffset now)
    {
        var window = _windows.GetOrAdd(partition, _ => new Window { Start = now });
        lock (window)
        {
            if (now >= window.Start + length)
            {
                window.Start = now;
                window.Count = 0;
            }
            window.Count++;
        }
    }

    private static string KeyPartition(string key) => "key:" + key;

    /// <summary>An IPv4 address as it is; an IPv6 address by its /64.</summary>
    public static string AddressPartition(IPAddress? address)
    {
        if (address is null)
        {
            return "address:unknown";
        }
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var bytes = address.GetAddressBytes();
            Array.Clear(bytes, 8, 8);
            return "address:" + new IPAddress(bytes) + "/64";
        }
        return "address:" + address;
    }
}
