namespace Guild.Web.Features.Library.Resources;

/// <summary>The demo library's texts: short, real articles about the demo map's components, in English and Dutch.</summary>
internal static class ResourcesDemoTexts
{
    /// <summary>An article of the demo: the component it is about (by name), its language, title, summary and Markdown.</summary>
    internal sealed record DemoArticle(string Component, string Language, string Title, string Summary, string Markdown);

    /// <summary>A link of the demo.</summary>
    internal sealed record DemoLink(string Component, string Language, string Title, string Summary, string Url);

    internal static readonly DemoArticle[] Articles =
    [
        new("Shooting on a phone", "en", "Five habits for steady, well-lit phone video",
            "Hold, frame and light a phone clip so that nobody needs to fix it in the edit.",
            """
            Most phone video fails on three things: shaky hands, a dark face and bad sound. These five habits fix all three.

            1. **Turn the phone sideways or decide on vertical before you start.** Switching halfway leaves you with clips that do not fit together.
            2. **Hold it with both hands, elbows against your body.** Walk slowly and bend your knees; a gimbal is nice, but your body is already one.
            3. **Face the light.** Put your subject facing a window, never with the window behind them. Tap the face on the screen to lock focus and exposure.
            4. **Get close for sound.** The built-in microphone is fine within an arm's length. Further away, use a clip-on microphone.
            5. **Shoot five seconds before and after.** Editors need room to cut; those seconds cost nothing.

            > Test it: record ten seconds, play it back with headphones, then record the real take.
            """),
        new("Subtitles and captions", "en", "Captions that people actually read",
            "Most social video is watched without sound. Good captions are short, timed and readable on a phone.",
            """
            Captions are not a transcript pasted on the screen. They are written for reading at speed.

            - **Two lines at most**, about 40 characters per line.
            - **Split at natural pauses**: after a comma, before "and" or "but", never between an article and its noun.
            - **Keep each caption on screen for at least one second**, longer for longer lines.
            - **Name the speaker** when it is not obvious who talks, and describe sounds that matter: *[phone rings]*.
            - **Check the automatic captions.** Speech recognition gets names and jargon wrong; those are exactly the words people need.

            Save captions as a WebVTT file (`.vtt`) so every player, including Guild's, can show them and people can turn them off.
            """),
        new("Vertical video for social", "nl", "Verticale video: zo vul je het scherm",
            "Reels, Shorts en TikTok vragen om 9:16. Zo plan en film je voor een staand scherm.",
            """
            Een staande video is geen liggende video met balken. Plan hem vanaf het begin voor 9:16.

            ## Kadreren
            - Houd het belangrijkste in **het middelste derde deel**: boven en onder komen knoppen en tekst van de app.
            - Film mensen **van borst tot iets boven het hoofd**. Een heel lichaam wordt op een telefoon te klein.

            ## Tempo
            - **Begin met het antwoord**, niet met de aanloop. Je hebt twee seconden voordat iemand doorscrolt.
            - Wissel elke **drie tot vijf seconden** van beeld: een ander shot, een close-up of tekst in beeld.

            ## Tekst in beeld
            Zet ondertiteling aan; de meeste mensen kijken zonder geluid. Gebruik grote letters en laat ze lang genoeg staan om te lezen.
            """),
        new("Recording with voice-over", "en", "Write the script before you hit record",
            "A screencast with a plan takes half the time to record and half the time to watch.",
            """
            A good screencast sounds improvised but is not.

            1. **Write one sentence that says what the viewer can do afterwards.** Everything that does not serve that sentence goes.
            2. **List the clicks**, in order. This is your shot list.
            3. **Write what you will say per click**, in spoken language: short sentences, "you" instead of "the user".
            4. **Read it aloud once.** Where you stumble, rewrite.
            5. **Record in short parts.** A mistake costs you one part, not the whole take.

            Close mail and chat before recording, and make the text on screen bigger than feels natural: viewers often watch on a laptop.
            """),
        new("Audio editing", "nl", "Schoon geluid in drie stappen",
            "Ruis weg, gelijk volume, geen pieken: de drie bewerkingen die elke opname beter maken.",
            """
            Slecht beeld vergeven mensen, slecht geluid niet. Met deze drie stappen in Audacity (of een ander programma) klinkt bijna elke opname professioneel.

            1. **Ruisonderdrukking.** Selecteer twee seconden stilte, laat het programma daar het ruisprofiel van leren en pas het toe op de hele opname. Niet te sterk: dan klinkt een stem metalig.
            2. **Normaliseren.** Breng het volume naar ongeveer -1 dB piek, zodat alle fragmenten even hard zijn.
            3. **Compressie.** Maakt zachte woorden hoorbaar en voorkomt dat een lach de luisteraar laat schrikken.

            Neem voortaan **tien seconden stilte** op aan het begin van elke opname: dat is je ruisprofiel.
            """),
        new("Interview technique", "nl", "Open vragen die verhalen opleveren",
            "Met de juiste vraag vertelt iemand een verhaal in plaats van ja of nee te zeggen.",
            """
            Een interview staat of valt met je vragen. Gesloten vragen ("Was het moeilijk?") geven korte antwoorden; open vragen geven verhalen.

            - Begin met **"Vertel eens over..."** of **"Hoe ging dat toen..."**.
            - Vraag naar **een moment**, niet naar een mening: "Wanneer merkte je dat het werkte?"
            - **Wees stil na een antwoord.** Wie de stilte laat vallen, krijgt vaak het beste deel erachteraan.
            - Vraag door met **"Wat bedoel je met..."** in plaats van je eigen samenvatting te geven.

            Laat de geïnterviewde in hele zinnen antwoorden, zodat je je eigen vraag eruit kunt knippen.
            """),
        new("Search engine optimisation", "en", "Headlines that search engines and people understand",
            "Write the headline people would type into a search box, then make it worth clicking.",
            """
            Search engines read headlines the way people scan them: the first words count most.

            - **Start with the words people search for.** "Parking in Utrecht: prices and places" beats "Where to leave your car".
            - **Keep it under 60 characters**, or the end is cut off in search results.
            - **Promise one thing and deliver it** in the first paragraph. People who leave at once tell search engines the page did not help.
            - **One page, one question.** Two topics on a page compete with each other.

            Check your idea first: type the headline into a search engine and look at what already ranks. Can you answer better or more recently?
            """),
        new("Community management", "nl", "Reageren op boze reacties",
            "Een boze reactie onder een post is een kans om te laten zien dat er mensen achter het merk zitten.",
            """
            Niet elke boze reactie hoeft weg. Zo ga je ermee om:

            1. **Reageer binnen een werkdag.** Wie lang wacht, krijgt meer reacties van anderen die het ermee eens zijn.
            2. **Erken eerst, leg daarna uit.** "Vervelend dat je abonnement twee keer is afgeschreven" werkt beter dan een uitleg over het systeem.
            3. **Haal het gesprek naar een privébericht** als er persoonsgegevens nodig zijn.
            4. **Verwijder alleen** wat onze huisregels breekt: schelden, persoonlijke aanvallen, spam. Kritiek blijft staan.

            Noteer terugkerende klachten en stuur ze wekelijks naar het team dat ze kan oplossen.
            """),
        new("Formulas and lookups", "en", "XLOOKUP instead of VLOOKUP",
            "XLOOKUP finds a value in any column, in any direction, and says clearly when it finds nothing.",
            """
            VLOOKUP breaks when someone inserts a column and only looks to the right. XLOOKUP has neither problem.

            ```
            =XLOOKUP(A2; Customers[Number]; Customers[Region]; "not found")
            ```

            - The **first argument** is what you look for, the **second** where to look, the **third** what to return.
            - The **fourth** is what to show when nothing matches, instead of `#N/A`.
            - It looks left as easily as right, and **exact match is the default**.

            Tip: format your data as a table (Ctrl+T). Then formulas use names like `Customers[Region]` that still work when the table grows.
            """),
        new("Pivot tables", "nl", "Draaitabellen in vijf klikken",
            "Van duizend rijen naar een overzicht per maand en regio, zonder één formule.",
            """
            Een draaitabel vat een lijst samen. Zo maak je er een:

            1. Klik ergens in je gegevens en kies **Invoegen > Draaitabel**.
            2. Sleep **Regio** naar Rijen.
            3. Sleep **Datum** naar Kolommen en groepeer per maand (rechtermuisknop > Groeperen).
            4. Sleep **Omzet** naar Waarden.
            5. Klik op **Vernieuwen** als de gegevens veranderen.

            Zorg dat je lijst **één kopregel** heeft en **geen lege rijen**: dan herkent de draaitabel alles zelf.
            """),
        new("Choosing the right chart", "en", "Which chart for which question",
            "The question you want to answer decides the chart, not the data you happen to have.",
            """
            Ask yourself what the reader should see, then choose:

            | Question | Chart |
            | --- | --- |
            | How does it change over time? | Line chart |
            | Which is biggest? | Bar chart, sorted |
            | What is it made of? | Stacked bar (a pie only for two or three parts) |
            | Are two things related? | Scatter plot |

            Start the value axis at zero for bars, write the conclusion in the title ("Returns halved since May"), and label lines directly instead of using a legend.
            """),
        new("Privacy and the GDPR", "nl", "Wat mag je bewaren? De AVG in de praktijk",
            "Vier vragen die je stelt voordat je gegevens over mensen verzamelt of bewaart.",
            """
            De AVG is minder ingewikkeld dan hij lijkt. Stel vier vragen voordat je gegevens over mensen verzamelt:

            1. **Waarvoor heb ik het nodig?** Schrijf het doel op. Gegevens zonder doel mag je niet verzamelen.
            2. **Heb ik echt al deze velden nodig?** Een geboortedatum is zelden nodig; een leeftijdsgroep vaak genoeg.
            3. **Hoe lang bewaar ik het?** Spreek een termijn af en verwijder daarna.
            4. **Wie kan erbij?** Een gedeelde map met klantgegevens is een datalek dat wacht om te gebeuren.

            Twijfel je? Vraag het de privacy officer vóórdat je begint, niet erna.
            """),
    ];

    internal static readonly DemoLink[] Links =
    [
        new("Subtitles and captions", "en", "W3C: captions and subtitles", "The W3C's guidance on making captions for video, with examples.",
            "https://www.w3.org/WAI/media/av/captions/"),
        new("Power BI", "en", "Power BI documentation", "Microsoft's own guides for building Power BI reports, from first steps to sharing.",
            "https://learn.microsoft.com/power-bi/"),
        new("Privacy and the GDPR", "nl", "Autoriteit Persoonsgegevens: de AVG uitgelegd", "De toezichthouder legt uit wat de AVG van organisaties vraagt.",
            "https://www.autoriteitpersoonsgegevens.nl/"),
    ];

    /// <summary>
    /// The demo videos' descriptions, in the order in which <see cref="Media.MediaDemoContent"/> generates its clips (whose
    /// titles these follow): each becomes a published video resource of its component.
    /// </summary>
    internal static readonly DemoVideo[] Videos =
    [
        new("Vertical video for social", "Cutting vertical video",
            "Frame for the upper third, cut on movement and export at 1080 by 1920: a vertical clip in under a minute."),
        new("Recording with voice-over", "Writing a headline in five minutes",
            "Start from the reader's question, use their own words and cut what does not earn its place."),
        new("Colour grading", "Colour grading basics",
            "Exposure first, then matching skin tones, and only then a look: the order that saves the most time."),
    ];

    internal sealed record DemoVideo(string Component, string Title, string Summary);

    /// <summary>Waits for its review in the demo.</summary>
    internal static readonly DemoArticle InReview = new("Colour grading", "en", "A consistent look in three adjustments",
        "White balance, exposure and one shared look make clips from different cameras fit together.",
        """
        Clips from different phones and cameras never match out of the box. Fix them in this order:

        1. **White balance** first: pick something that should be white or grey and let the editor neutralise it.
        2. **Exposure** next: faces at about the same brightness in every clip.
        3. **One look** last, applied to all clips at once, so a change is one change.

        Grade on a screen at normal brightness, not at full: most viewers will not have theirs at full either.
        """);

    /// <summary>Still a draft in the demo.</summary>
    internal static readonly DemoArticle Draft = new("A/B testing", "nl", "A/B-testen: wanneer is het verschil echt?",
        "Een hoger percentage bij versie B is pas een winnaar als het verschil groter is dan het toeval.",
        """
        Versie B scoort 5,2% en versie A 4,8%. Is B beter? Dat hangt af van hoeveel mensen je hebt gemeten.

        - Bepaal **vooraf** hoeveel bezoekers je nodig hebt, en stop niet eerder omdat B voorloopt.
        - Test **één verandering** tegelijk.
        - Laat een test **minstens een hele week** lopen: maandag en zaterdag gedragen mensen zich anders.
        """);
}
