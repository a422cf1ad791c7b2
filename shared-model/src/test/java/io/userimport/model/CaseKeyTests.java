package io.userimport.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CaseKeyTests {

    @Test
    void foldsEveryTurkishIToThePlainLetter() {
        assertThat(CaseKey.of("İsmail")).isEqualTo("ismail");
        assertThat(CaseKey.of("ISMAIL")).isEqualTo("ismail");
        assertThat(CaseKey.of("ısmaıl")).isEqualTo("ismail");
        assertThat(CaseKey.of("İsmail").length()).isEqualTo("İsmail".length());
    }

    @Test
    void foldsFinalAndMedialSigmaAlike() {
        assertThat(CaseKey.of("ΟΔΟΣ")).isEqualTo(CaseKey.of("οδος")).isEqualTo(CaseKey.of("οδοσ"));
    }

    @Test
    void lowerCasesAsciiAndKeepsWhatHasNoCase() {
        assertThat(CaseKey.of("Jane.Doe@Example.COM")).isEqualTo("jane.doe@example.com");
        assertThat(CaseKey.of("jane")).isSameAs("jane");
        assertThat(CaseKey.of("José")).isEqualTo("josé");
        assertThat(CaseKey.of("山田😀")).isEqualTo("山田😀");
        assertThat(CaseKey.of(null)).isNull();
    }

    @Test
    void foldsEachCodePointOnItsOwnWhereverItStandsAndKeepsALoneSurrogate() {
        assertThat(CaseKey.of("ab\uD801\uDC00C")).isEqualTo("ab\uD801\uDC28c"); // Deseret capital long I
        assertThat(CaseKey.of("Straße-ÉCOLE")).isEqualTo("straße-école");
        assertThat(CaseKey.of("x\uD800Y")).isEqualTo("x\uD800y");
        assertThat(CaseKey.of("ǅungla")).isEqualTo("ǆungla");
    }
}
