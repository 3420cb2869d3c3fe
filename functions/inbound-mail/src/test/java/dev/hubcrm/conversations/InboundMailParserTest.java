package dev.hubcrm.conversations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubcrm.testkit.lambda.Events;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The events/mail samples through mime4j and jsoup: decoded text, headers, attachments left out, sizes refused unread. */
class InboundMailParserTest {
    static byte[] sample(String name) {
        return Events.fill(Events.read("mail/" + name), Map.of("inboundAddress", "hub_01abc@inbound.example.com"))
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aFrenchMultipartMailGivesItsTextPartWithItsAccentsAndNotItsAttachment() {
        InboundMail mail = InboundMailParser.parse(sample("french-multipart-attachment.eml"));

        assertThat(mail.text()).isEqualTo("Bonjour,\n\nJe voudrais commander deux pots de crème fraîche et un fromage de l'été"
                + " pour samedi.\nÀ bientôt,\nÉlodie\n");
        assertThat(mail.text()).doesNotContain("pièce jointe", "<b>");
        assertThat(mail.origin()).isEqualTo(new MailOrigin("elodie.martin@example.com", "Élodie Martin",
                "Commande de crème fraîche pour l’été", "<commande-creme-2026-12-03@mail.example.com>", false));
        assertThat(mail.recipients()).containsExactly("hub_01abc@inbound.example.com");
    }

    @Test
    void aQuotedPrintableUkrainianMailIsDecoded() {
        InboundMail mail = InboundMailParser.parse(sample("ukrainian-quoted-printable.eml"));

        assertThat(mail.text()).isEqualTo("Добрий день!\nЧи є у вас свіжий сир і ґрунтові яблука цього тижня?\nДякую, Олена\n");
        assertThat(mail.origin().subject()).isEqualTo("Питання про свіжий сир");
        assertThat(mail.origin().fromName()).isEqualTo("Олена Коваленко");
        assertThat(mail.origin().from()).isEqualTo("olena@example.com.ua");
    }

    @Test
    void anHtmlOnlyMailIsRenderedToTextWithoutMarkupScriptOrStyle() {
        InboundMail mail = InboundMailParser.parse(sample("html-only.eml"));

        assertThat(mail.text()).isEqualTo("Bonjour,\nNous sommes un café à Lyon.\nLivrez-vous le mardi ?\nPain\nCrème");
        assertThat(mail.text()).doesNotContain("<", "alert", "color");
    }

    @Test
    void aLongTextIsCutAtTheLongestNoteBody() {
        String raw = "From: a@example.com\r\nSubject: long\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
                + "é".repeat(InboundMailParser.MAX_TEXT_CHARACTERS + 5);

        InboundMail mail = InboundMailParser.parse(raw.getBytes(StandardCharsets.UTF_8));

        assertThat(mail.origin().truncated()).isTrue();
        assertThat(mail.text()).hasSize(InboundMailParser.MAX_TEXT_CHARACTERS).matches("é+");
    }

    @Test
    void aMailWithoutMessageIdIsKnownByItsDigest() {
        byte[] raw = "From: a@example.com\r\n\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII);

        assertThat(InboundMailParser.parse(raw).origin().messageId()).startsWith("sha256:").hasSize(7 + 64)
                .isEqualTo(InboundMailParser.parse(raw.clone()).origin().messageId());
    }

    @Test
    void aMailOverTenMegabytesIsRefusedBeforeParsing() {
        byte[] raw = new byte[InboundMailParser.MAX_RAW_BYTES + 1];

        assertThatThrownBy(() -> InboundMailParser.parse(raw)).isInstanceOf(InboundMailParser.UnreadableMailException.class);
    }
}
