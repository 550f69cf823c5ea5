using Guild.Web.Platform.Mail.Inbound;
using MimeKit;

namespace Guild.Tests.Platform.Mail.Inbound;

/// <summary>
/// Replies as Outlook (desktop, classic plain text, iOS), Gmail and Apple Mail (iPhone, Mac) send them, in English and Dutch
/// (Samples/*.eml): only the new words are left, without the quoted mail, the attribution line or the signature.
/// </summary>
public sealed class ReplyTextTests
{
    public static TheoryData<string> Samples()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "Platform", "Mail", "Inbound", "Samples");
        var data = new TheoryData<string>();
        foreach (var path in Directory.GetFiles(folder, "*.eml").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileNameWithoutExtension(path));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void A_reply_keeps_only_its_own_words(string sample)
    {
        var message = MimeMessage.Load(InboundMailTestKit.SamplePath(sample));

        var text = ReplyText.Strip(message);

        Assert.Equal(InboundMailTestKit.Expected(sample), text.Replace("\r\n", "\n", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_client_and_language_has_a_sample()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "Platform", "Mail", "Inbound", "Samples");
        var names = Directory.GetFiles(folder, "*.eml").Select(Path.GetFileNameWithoutExtension).OfType<string>().ToList();
        foreach (var client in new[] { "outlook", "gmail", "apple-mail" })
        {
            Assert.Contains(names, n => n.StartsWith(client, StringComparison.Ordinal) && n.Contains("-en", StringComparison.Ordinal));
            Assert.Contains(names, n => n.StartsWith(client, StringComparison.Ordinal) && n.Contains("-nl", StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData("Thanks, fixed it.\n\n> quoted line\n> another", "Thanks, fixed it.")]
    [InlineData("Answer here.\n-- \nJan Jansen\nTeam Data", "Answer here.")]
    [InlineData("Answer.\n\nOn Monday, December 7, 2026, Guild <guild@example.com> wrote:\n> old", "Answer.")]
    [InlineData("Antwoord.\n\nOp ma 7 dec. 2026 om 10:12 schreef Guild <\nguild@example.com>:\n> oud", "Antwoord.")]
    [InlineData("Antwoord.\n\nVerstuurd vanaf mijn Samsung Galaxy", "Antwoord.")]
    [InlineData("Inline answers:\n> Does it sync nightly?\nYes, at 02:00.\n> And on weekends?\nNo.", "Inline answers:\nYes, at 02:00.\nNo.")]
    [InlineData("> only a quote\n> nothing else\n\nSent from my iPhone", "")]
    // A sentence that merely starts like an attribution is kept.
    [InlineData("On Monday the export was fine.\nFrom: the logs it looks like a cache problem.", "On Monday the export was fine.\nFrom: the logs it looks like a cache problem.")]
    public void Plain_text_rules(string text, string expected)
    {
        Assert.Equal(expected, ReplyText.StripText(text));
    }
}
