package io.userimport.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UserFieldsTests {

    @Test
    void joinsTheFirstAndLastNamesIntoAFullNameOrGivesNoneWhenBothAreBlank() {
        assertThat(UserFields.fullNameOf("Ann", "Lee")).isEqualTo("Ann Lee");
        assertThat(UserFields.fullNameOf("Ann", null)).isEqualTo("Ann");
        assertThat(UserFields.fullNameOf(null, "Lee")).isEqualTo("Lee");
        assertThat(UserFields.fullNameOf("", "Lee")).isEqualTo("Lee");
        assertThat(UserFields.fullNameOf(" Ann ", " ")).isEqualTo("Ann");
        assertThat(UserFields.fullNameOf(" ", "")).isNull();
        assertThat(UserFields.fullNameOf(null, null)).isNull();
    }
}
