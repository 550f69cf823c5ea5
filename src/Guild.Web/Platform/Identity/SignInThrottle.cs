using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Guild.Web.Platform.Identity;

public sealed class SignInThrottleOptions
{
    /// <summary>Failed attempts one account (a normalised email address) may have in a row before it must wait.</summary>
    public int PerAccountBurst { get; set; } = 10;

    /// <summary>How many further attempts an account earns back per hour: the most guesses an attacker gets in the long run.</summary>
    public double PerAccountPerHour { get; set; } = 6;
}

/// <summary>
/// The per-account sign-in limit: a token bucket per normalised email address, consulted before the account is looked
/// up or any password hashed, whatever address the attempt comes from. It counts addresses that have no account exactly
/// like those that have one (answers and timing tell nothing about which exist), and it bounds the guesses against one
/// account in the long run (6 an hour by default, where Identity's lockout alone allows 20). Failed attempts use a token;
/// a successful sign-in, a password reset and an admin's unlock (on this node) give the bucket back in full.
/// Kept in memory on each node: with several nodes behind round-robin an account gets each node's budget
/// (documented in docs/operations.md); Identity's lockout, in the database, holds across nodes.
/// Time is the application's <see cref="TimeProvider"/>, so tests move the clock instead of waiting.
/// </summary>
public sealed class SignInThrottle(IMemoryCache cache, TimeProvider clock, IOptions<SignInThrottleOptions> options)
{
    private sealed class Bucket(double tokens, DateTimeOffset at)
    {
        public double Tokens = tokens;
        public DateTimeOffset At = at;
    }

    private SignInThrottleOptions Options => options.Value;

    /// <summary>Takes a token for one attempt; false when the account must wait (then nothing is checked at all).</summary>
    public bool TryBegin(string normalisedEmail)
    {
        var bucket = BucketOf(normalisedEmail);
        lock (bucket)
        {
            Refill(bucket);
            if (bucket.Tokens < 1)
            {
                return false;
            }
            bucket.Tokens -= 1;
            return true;
        }
    }

    /// <summary>The account proved itself (signed in, chose a new password, was unlocked): its next attempts start afresh.</summary>
    public void Forget(string normalisedEmail) => cache.Remove(Key(normalisedEmail));

    private Bucket BucketOf(string normalisedEmail) =>
        cache.GetOrCreate(Key(normalisedEmail), entry =>
        {
            // Unused for as long as it takes to fill up again, a bucket is full: forgetting it then changes nothing.
            entry.SlidingExpiration = TimeSpan.FromHours(Math.Max(Options.PerAccountBurst, 1) / Math.Max(Options.PerAccountPerHour, 0.01));
            return new Bucket(Options.PerAccountBurst, clock.GetUtcNow());
        })!;

    private void Refill(Bucket bucket)
    {
        var now = clock.GetUtcNow();
        var elapsed = now - bucket.At;
        if (elapsed > TimeSpan.Zero)
        {
            bucket.Tokens = Math.Min(Options.PerAccountBurst, bucket.Tokens + elapsed.TotalHours * Options.PerAccountPerHour);
            bucket.At = now;
        }
    }

    private static string Key(string normalisedEmail) => "sign-in-account:" + normalisedEmail;
}
