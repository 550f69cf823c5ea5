namespace Guild.Tests.Infrastructure;

/// <summary>
/// Texts of <c>test.thanked</c>, a notification kind every test app registers: a kind whose
/// sentence names the actors ("Anna, Ben and 3 others thanked you for …") and whose default
/// mail delivery is the daily digest. Also the texts of <c>test.work</c>, the test job kind.
/// </summary>
public sealed class TestNotificationText
{
    public const string Thanked = "test.thanked";
}
