package io.userimport.notification.mail;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MailTextTests {

    @Test
    void greetsByNameOnlyWhatLooksLikeAPersonsName() {
        assertThat(MailText.personName("  José  Álvarez-O'Neil ")).isEqualTo("José Álvarez-O'Neil");
        assertThat(MailText.personName("J. R. R. Tolkien")).isEqualTo("J. R. R. Tolkien");
        assertThat(MailText.personName("Bob\r\nBcc: x@evil.example")).isNull();
        assertThat(MailText.personName("see evil.com")).isNull();
        assertThat(MailText.personName("<b>Bob</b>")).isNull();
        assertThat(MailText.personName("Bob\u202Egnp.exe")).isNull();
        assertThat(MailText.personName("")).isNull();
    }

    @Test
    void keepsTextOnOneLineWithoutLiveLinks() {
        assertThat(MailText.line("a\r\nb\u2028c\u202Ed", 100)).isEqualTo("a b c d");
        assertThat(MailText.line("go to https://evil.example/x or WWW.evil.example", 100))
                .isEqualTo("go to https[:]//evil[.]example/x or WWW[.]evil[.]example");
        assertThat(MailText.line("mailto:a@b.org", 100)).isEqualTo("mailto[:]a@b[.]org");
        assertThat(MailText.line("Unknown group: Sales", 100)).isEqualTo("Unknown group: Sales");
        assertThat(MailText.line("users.csv", 100)).isEqualTo("users.csv");
        assertThat(MailText.line("x".repeat(50), 10)).hasSize(10).endsWith("\u2026");
    }
}
