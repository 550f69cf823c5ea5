using Microsoft.Extensions.Options;

namespace Guild.Web.Platform.Jobs;

/// <summary>How many jobs of one queue this node runs at once.</summary>
public sealed class JobQueueOptions
{
    /// <summary>Workers for the queue on this node; 0 means this node leaves the queue to the others. Unset: see <see cref="JobQueues.Concurrency"/>.</summary>
    public int? Concurrency { get; set; }
}

/// <summary>
/// Named queues, each with its own workers, so long work of one kind never holds up another: a transcode that takes
/// ten minutes occupies the <c>media</c> workers while mail and imports keep flowing. Each job kind declares its queue
/// (<see cref="JobKind.Queue"/>; kinds that declare none, and kinds nobody registers, are <see cref="Default"/>), and
/// each node says how many workers it gives every queue (<c>Jobs:Queues:media:Concurrency</c>, 0 = none).
/// A job's queue follows from its kind when it is claimed, so moving a kind to another queue needs no data migration.
/// </summary>
public sealed class JobQueues
{
    public const string Default = "default";
    public const string Mail = "mail";
    public const string Media = "media";
    public const string Imports = "imports";

    private readonly Dictionary<string, string> _queueOfKind;
    private readonly Dictionary<string, string[]> _kindsOfQueue;
    private readonly JobOptions _options;

    public JobQueues(IEnumerable<JobKind> kinds, IOptions<JobOptions> options)
    {
        _options = options.Value;
        _queueOfKind = kinds.GroupBy(kind => kind.Kind, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.Last().Queue, StringComparer.Ordinal);
        Names = [.. new[] { Default, Mail, Media, Imports }.Concat(_queueOfKind.Values).Concat(_options.Queues.Keys).Distinct(StringComparer.OrdinalIgnoreCase)];
        _kindsOfQueue = Names.ToDictionary(name => name,
            name => _queueOfKind.Where(pair => pair.Value == name).Select(pair => pair.Key).Order(StringComparer.Ordinal).ToArray(), StringComparer.Ordinal);
        KindsOutsideDefault = [.. _queueOfKind.Where(pair => pair.Value != Default).Select(pair => pair.Key).Order(StringComparer.Ordinal)];
    }

    /// <summary>Every queue: the four Guild knows, then any a kind or the configuration names.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Kinds that run outside the default queue; the default queue takes everything else.</summary>
    public IReadOnlyList<string> KindsOutsideDefault { get; }

    public string QueueOf(string kind) => _queueOfKind.GetValueOrDefault(kind, Default);

    /// <summary>The kinds registered for a queue (for the default queue, only those that name it; see <see cref="KindsOutsideDefault"/>).</summary>
    public IReadOnlyList<string> KindsOf(string queue) => _kindsOfQueue.GetValueOrDefault(queue, []);

    /// <summary>
    /// Workers this node gives the queue: its <c>Jobs:Queues:{name}:Concurrency</c>, else <see cref="JobOptions.Workers"/> for the
    /// default queue and one for each other queue (mail and imports are light; one transcode already uses both cores of a small node).
    /// </summary>
    public int Concurrency(string queue) =>
        Math.Max(0, _options.Queues.TryGetValue(queue, out var configured) && configured.Concurrency is { } count
            ? count
            : queue == Default ? _options.Workers : 1);

    /// <summary>Whether this node runs the queue at all: it has workers, and (outside the default queue) kinds to run.</summary>
    public bool RunsHere(string queue) => Concurrency(queue) > 0 && (queue == Default || KindsOf(queue).Count > 0);
}
