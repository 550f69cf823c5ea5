using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Guild.Web.Features.Lrs.Validation;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Guild.Web.Features.Lrs;

/// <summary>
/// Signed statements (Data 2.6): the signature attachment must be a JWS (compact serialisation)
/// with RS256, RS384 or RS512, sent as application/octet-stream; its payload must be a JSON
/// statement logically equivalent to the one received; and when the JWS header carries an X.509
/// chain (x5c) or an RSA key (jwk), the signature must verify against it.
/// </summary>
public static class SignatureVerifier
{
    private static readonly string[] Algorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512];

    /// <summary>Null when the signature is well formed and verifies; otherwise why not.</summary>
    public static async Task<string?> VerifyAsync(Statement statement, AttachmentHeader header, byte[] jws)
    {
        if (!header.ContentType.Split(';')[0].Trim().Equals("application/octet-stream", StringComparison.OrdinalIgnoreCase))
        {
            return "has a signature attachment whose contentType is not application/octet-stream";
        }
        var text = Encoding.UTF8.GetString(jws).Trim();
        JsonWebToken token;
        try
        {
            token = new JsonWebToken(text);
        }
        catch (Exception exception) when (exception is ArgumentException or SecurityTokenMalformedException or JsonException)
        {
            return "has a malformed signature: it is not a JWS in compact serialisation with a JSON payload";
        }
        if (Array.IndexOf(Algorithms, token.Alg) < 0)
        {
            return $"has a signature with algorithm \"{token.Alg}\"; only RS256, RS384 and RS512 are allowed";
        }
        JsonDocument payload;
        try
        {
            payload = JsonDocument.Parse(Base64UrlEncoder.DecodeBytes(token.EncodedPayload));
        }
        catch (Exception exception) when (exception is JsonException or FormatException)
        {
            return "has a signature whose payload is not a JSON statement";
        }
        using (payload)
        {
            if (payload.RootElement.ValueKind != JsonValueKind.Object || !StatementComparer.AreSame(payload.RootElement, statement.Json))
            {
                return "does not match the statement its signature signed";
            }
        }
        var key = KeyOf(token);
        if (key is null)
        {
            return null; // no certificate or key to check against (Data 2.6.s5.b3.b3 asks only for the X.509 case)
        }
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(text, new TokenValidationParameters
        {
            IssuerSigningKey = key,
            ValidAlgorithms = Algorithms,
            ValidateIssuer = false,
            ValidateAudience = false,
            ValidateLifetime = false,
            RequireExpirationTime = false,
            RequireSignedTokens = true,
            ValidateIssuerSigningKey = false,
            TryAllIssuerSigningKeys = true,
        });
        return result.IsValid ? null : "has a signature that does not verify against the certificate or key in its header";
    }

    private static SecurityKey? KeyOf(JsonWebToken token)
    {
        try
        {
            using var header = JsonDocument.Parse(Base64UrlEncoder.DecodeBytes(token.EncodedHeader));
            if (header.RootElement.TryGetProperty("x5c", out var chain) && chain.ValueKind == JsonValueKind.Array && chain.GetArrayLength() > 0)
            {
                return new X509SecurityKey(X509CertificateLoader.LoadCertificate(Convert.FromBase64String(chain[0].GetString() ?? "")));
            }
            if (header.RootElement.TryGetProperty("jwk", out var jwk) && jwk.ValueKind == JsonValueKind.Object)
            {
                return new JsonWebKey(jwk.GetRawText());
            }
        }
        catch (Exception exception) when (exception is FormatException or JsonException or InvalidOperationException
                                              or System.Security.Cryptography.CryptographicException or ArgumentException)
        {
            return new SymmetricSecurityKey(new byte[32]); // an unreadable key can verify nothing
        }
        return null;
    }
}
