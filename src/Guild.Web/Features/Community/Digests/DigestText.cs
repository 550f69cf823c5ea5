namespace Guild.Web.Features.Community.Digests;

/// <summary>The community digest's texts (DigestText.resx, DigestText.nl.resx).</summary>
public sealed class DigestText;
