using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Guild.Tests.Infrastructure;

/// <summary>A self-signed certificate for the data-protection key ring, made in the test: none is ever committed.</summary>
/// <param name="Der">The certificate alone (no key), base64: what an encrypted key names as the certificate to decrypt it with.</param>
public sealed record TestCertificate(byte[] Pfx, string Password, string Thumbprint, string Der)
{
    public static TestCertificate Create(string name)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(1));
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(12));
        return new TestCertificate(certificate.Export(X509ContentType.Pfx, password), password, certificate.Thumbprint,
            Convert.ToBase64String(certificate.RawData));
    }

    /// <summary>Settings that give a Guild node this certificate as base64 (the container way) under <paramref name="prefix"/>.</summary>
    public Dictionary<string, string?> AsBase64(string prefix = "DataProtection:Certificate") => new()
    {
        [$"{prefix}:Base64"] = Convert.ToBase64String(Pfx),
        [$"{prefix}:Password"] = Password,
    };

    /// <summary>Settings that give a Guild node this certificate as a PFX file (written to <paramref name="folder"/>).</summary>
    public Dictionary<string, string?> AsFile(string folder, string prefix = "DataProtection:Certificate")
    {
        var path = Path.Combine(folder, Thumbprint + ".pfx");
        File.WriteAllBytes(path, Pfx);
        return new() { [$"{prefix}:Path"] = path, [$"{prefix}:Password"] = Password };
    }
}
