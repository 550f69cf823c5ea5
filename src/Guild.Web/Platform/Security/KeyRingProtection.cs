using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Guild.Web.Platform.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using System.Xml.Linq;

namespace Guild.Web.Platform.Security;

/// <summary>How the data-protection key ring in the database is protected on this node.</summary>
public enum KeyProtectionMode
{
    /// <summary>Every new key is encrypted with the configured certificate before it is stored.</summary>
    Certificate,
    /// <summary>Development and Testing: stored unencrypted, no certificate needed to try Guild.</summary>
    UnprotectedOutsideProduction,
    /// <summary>The operator chose to run without a certificate (<c>DataProtection:AllowUnprotectedKeys=true</c>).</summary>
    UnprotectedByChoice,
}

/// <summary>What the system page and the start-up log say about the key ring's protection.</summary>
public sealed record KeyProtectionState(
    KeyProtectionMode Mode,
    string? Thumbprint,
    string? Subject,
    DateTimeOffset? NotAfter,
    IReadOnlyList<string> PreviousThumbprints)
{
    public bool IsProtected => Mode == KeyProtectionMode.Certificate;
}

/// <summary>
/// The data-protection keys (they protect sign-in cookies, invitation links and stored secrets such as the
/// LRS forwarding credentials) live in the database, so that every node reads every cookie. Whoever reads
/// the database must not also get the keys: they are encrypted with an X.509 certificate that comes from
/// configuration, never from the database (a PFX file, or the PFX as base64 for containers and secret
/// stores). Earlier certificates stay configured as long as keys they encrypted are in use, so rotating the
/// certificate signs nobody out. Outside Development and Testing Guild refuses to start without a certificate
/// unless the operator opts out explicitly. See docs/operations.md, "Data-protection keys".
/// </summary>
public static class KeyRingProtection
{
    public const string Section = "DataProtection";
    public const string OptOutSetting = "DataProtection:AllowUnprotectedKeys";

    public static IHostApplicationBuilder AddGuildDataProtection(this IHostApplicationBuilder builder)
    {
        // Keys in the database: a restart or another node can read every cookie.
        var dataProtection = builder.Services.AddDataProtection().SetApplicationName("Guild").PersistKeysToDbContext<GuildDb>();
        var state = Configure(dataProtection, builder.Configuration, builder.Environment);
        builder.Services.AddSingleton(state);
        builder.Services.AddHostedService<KeyProtectionReport>();
        return builder;
    }

    /// <summary>Applies the configured certificates, or says why Guild may run without them; throws when it may not.</summary>
    internal static KeyProtectionState Configure(IDataProtectionBuilder dataProtection, IConfiguration configuration, IHostEnvironment environment)
    {
        var section = configuration.GetSection(Section);
        var current = Load(section.GetSection("Certificate"), "DataProtection:Certificate");
        var previous = section.GetSection("PreviousCertificates").GetChildren()
            .Select(child => Load(child, $"DataProtection:PreviousCertificates:{child.Key}"))
            .OfType<X509Certificate2>()
            .ToList();
        if (current is not null)
        {
            dataProtection.ProtectKeysWithCertificate(current);
            // The current certificate and every earlier one can read the keys they encrypted.
            dataProtection.UnprotectKeysWithAnyCertificate([current, .. previous]);
            return new KeyProtectionState(KeyProtectionMode.Certificate, current.Thumbprint, current.Subject,
                new DateTimeOffset(current.NotAfter.ToUniversalTime()), previous.Select(c => c.Thumbprint).ToList());
        }
        if (previous.Count > 0)
        {
            throw Refuse("DataProtection:PreviousCertificates is set but DataProtection:Certificate is not: " +
                         "keep the newest certificate under DataProtection:Certificate and only older ones under PreviousCertificates.");
        }
        var optedOut = configuration.GetValue(OptOutSetting, false);
        if (!optedOut && !environment.IsDevelopment() && !environment.IsEnvironment("Testing"))
        {
            throw Refuse(
                $"the data-protection keys (they protect sign-in cookies and stored secrets) would be stored unencrypted in the database ({environment.EnvironmentName}). " +
                "Set DataProtection:Certificate:Path to a PFX file with an RSA key and DataProtection:Certificate:Password to its password " +
                "(environment: DataProtection__Certificate__Path, DataProtection__Certificate__Password), " +
                "or DataProtection:Certificate:Base64 to the PFX as base64 (DataProtection__Certificate__Base64). " +
                $"See docs/operations.md. To run without encrypted keys anyway, set {OptOutSetting}=true.");
        }
        // Unencrypted on purpose, and said once at start-up (KeyProtectionReport) rather than warned about with every
        // new key, as the framework does when no encryptor is configured at all.
        dataProtection.Services.Configure<KeyManagementOptions>(options => options.XmlEncryptor = new DeliberatelyPlainXmlEncryptor());
        return new KeyProtectionState(optedOut ? KeyProtectionMode.UnprotectedByChoice : KeyProtectionMode.UnprotectedOutsideProduction,
            null, null, null, []);
    }

    /// <summary>A PFX from a file (<c>Path</c>) or base64 (<c>Base64</c>), with <c>Password</c>; null when the section names none.</summary>
    private static X509Certificate2? Load(IConfigurationSection section, string name)
    {
        var path = section["Path"];
        var base64 = section["Base64"];
        var password = section["Password"];
        if (string.IsNullOrWhiteSpace(path) && string.IsNullOrWhiteSpace(base64))
        {
            return null;
        }
        if (!string.IsNullOrWhiteSpace(path) && !string.IsNullOrWhiteSpace(base64))
        {
            throw Refuse($"{name} has both Path and Base64; set one of them.");
        }
        // Keys stay in this process's memory: nothing is written to a user key store.
        var flags = OperatingSystem.IsMacOS() ? X509KeyStorageFlags.DefaultKeySet : X509KeyStorageFlags.EphemeralKeySet;
        X509Certificate2 certificate;
        try
        {
            certificate = string.IsNullOrWhiteSpace(path)
                ? X509CertificateLoader.LoadPkcs12(Convert.FromBase64String(base64!.Trim()), password, flags)
                : X509CertificateLoader.LoadPkcs12FromFile(path, password, flags);
        }
        catch (Exception exception) when (exception is CryptographicException or IOException or UnauthorizedAccessException or FormatException)
        {
            throw Refuse($"{name} cannot be read ({exception.Message.TrimEnd('.')}). Check the file (or the base64 text) and {name}:Password.");
        }
        using var key = certificate.GetRSAPrivateKey();
        if (key is null)
        {
            throw Refuse($"{name} ({certificate.Subject}) has no RSA private key; data-protection keys are encrypted with RSA, and reading them needs the private key.");
        }
        return certificate;
    }

    private static StartupRefusedException Refuse(string reason) => new(reason);
}

/// <summary>
/// Stores a key as it is, in the same envelope as the framework's NullXmlEncryptor (so NullXmlDecryptor reads it back),
/// for a choice already made and logged once: Development, Testing, or the operator's explicit opt-out.
/// </summary>
internal sealed class DeliberatelyPlainXmlEncryptor : IXmlEncryptor
{
    public EncryptedXmlInfo Encrypt(XElement plaintextElement) =>
        new(new XElement("unencryptedKey", new XComment(" This key is not encrypted (see the start-up log). "), plaintextElement),
            typeof(NullXmlDecryptor));
}

/// <summary>Says once at start-up how the key ring is protected, and warns before the certificate expires.</summary>
internal sealed class KeyProtectionReport(KeyProtectionState state, IHostEnvironment environment, TimeProvider clock, ILogger<KeyProtectionReport> logger)
    : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        switch (state.Mode)
        {
            case KeyProtectionMode.Certificate:
                logger.LogInformation("Data-protection keys are encrypted with certificate {Thumbprint} ({Subject}, valid until {NotAfter:yyyy-MM-dd}); " +
                                      "{Previous} earlier certificate(s) can still read the keys they encrypted",
                    state.Thumbprint, state.Subject, state.NotAfter, state.PreviousThumbprints.Count);
                if (state.NotAfter < clock.GetUtcNow().AddDays(30))
                {
                    // Encryption goes on working after the date; the warning is for the operator's rotation calendar.
                    logger.LogWarning("The data-protection certificate {Thumbprint} expires on {NotAfter:yyyy-MM-dd}: make a new one and keep this one " +
                                      "under DataProtection:PreviousCertificates (docs/operations.md)", state.Thumbprint, state.NotAfter);
                }
                break;
            case KeyProtectionMode.UnprotectedByChoice:
                logger.LogWarning("Data-protection keys are stored unencrypted in the database because {Setting} is true; " +
                                  "anyone who reads the database can forge sign-in cookies", KeyRingProtection.OptOutSetting);
                break;
            default:
                logger.LogInformation("Data-protection keys are stored unencrypted in the {Environment} environment; " +
                                      "production needs DataProtection:Certificate (docs/operations.md)", environment.EnvironmentName);
                break;
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
