package io.userimport.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CsvColumnTests {

    @ParameterizedTest
    @CsvSource({
            "login_id, LOGIN_ID", "User Login Id, LOGIN_ID", "USERNAME, LOGIN_ID", "Login-Id, LOGIN_ID",
            "\uFEFFlogin_id, LOGIN_ID", "e-mail, EMAIL", "User Email, EMAIL", "given name, FIRST_NAME",
            "Surname, LAST_NAME", "User Full Name, FULL_NAME", "User Password, PASSWORD", "type, AUTH_TYPE",
            "DN, DISTINGUISHED_NAME", "User Group Name, GROUPS", "Profiles, GROUPS", "access_units, BUSINESS_UNITS",
            "Branches, BUSINESS_UNITS", "Password Hash, PASSWORD_HASH"})
    void matchesHeadersIgnoringCaseSpacesUnderscoresAndDashes(String header, CsvColumn expected) {
        assertThat(CsvColumn.forHeader(header)).contains(expected);
    }

    @Test
    void doesNotMatchUnknownHeaders() {
        assertThat(CsvColumn.forHeader("favourite colour")).isEmpty();
    }

    @Test
    void templateHasExactlyTheCanonicalColumns() {
        assertThat(CsvColumn.templateHeader()).containsExactly("login_id", "email", "first_name", "last_name",
                "full_name", "password", "password_hash", "auth_type", "distinguished_name", "groups", "business_units");
    }
}
