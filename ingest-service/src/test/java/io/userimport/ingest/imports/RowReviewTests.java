package io.userimport.ingest.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.userimport.ingest.imports.RowReview.ReviewedRow;
import io.userimport.model.AuthType;
import io.userimport.model.ImportMode;
import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

class RowReviewTests {

    private final BCryptPasswordEncoder encoder = new BCryptPasswordEncoder(4);
    private final RowReview review = new RowReview(encoder);

    @Test
    void acceptsAValidRowAndKeepsOnlyAHashOfItsPassword() {
        ReviewedRow row = review("login_id,email,first_name,password,groups",
                "jdoe,jdoe@example.com,John,S3cret!,Sales; Support ;;Sales");

        assertThat(row.error()).isNull();
        assertThat(row.user().passwordHash()).doesNotContain("S3cret!");
        assertThat(encoder.matches("S3cret!", row.user().passwordHash())).isTrue();
        assertThat(row.user().groups()).containsExactly("Sales", "Support");
        assertThat(row.original()).as("the cells in the header's order, the password left out")
                .containsExactly("jdoe", "jdoe@example.com", "John", null, "Sales; Support ;;Sales");
    }

    @Test
    void namesEveryProblemOfARow() {
        ReviewedRow row = review("login_id,email,auth_type", "has space,not-an-email,KERBEROS");

        assertThat(row.error()).isEqualTo("Login id 'has space' contains spaces or control characters; "
                + "Invalid email 'not-an-email'; Unknown auth type 'KERBEROS' (expected one of NATIVE, LDAP, OAUTH, SAML)");
        assertThat(row.user().passwordHash()).isNull();
    }

    @Test
    void requiresALoginIdAndAnEmailForNewUsers() {
        assertThat(review("login_id,email", ",a@example.com").error()).isEqualTo("Missing login id");
        assertThat(review("login_id,email", "jdoe,").error()).isEqualTo("Missing email (required for new users)");
    }

    @Test
    void usesTheEmailAsLoginIdInAFileWithoutLoginIds() {
        ReviewedRow row = review("e-mail,First Name", "Ann@Example.com,Ann");

        assertThat(row.error()).isNull();
        assertThat(row.user().loginId()).isEqualTo("Ann@Example.com");
        assertThat(review("e-mail,First Name", ",Ann").error())
                .isEqualTo("Missing email (it identifies the user in a file without a login_id column)");
    }

    @Test
    void requiresADistinguishedNameForLdapUsers() {
        assertThat(review("login_id,email,auth_type", "l,l@example.com,ldap").error())
                .isEqualTo("LDAP users need a distinguished_name");
        ReviewedRow derived = review("login_id,email,dn", "l,l@example.com,\"CN=L,DC=example\"");
        assertThat(derived.error()).isNull();
        assertThat(derived.user().distinguishedName()).isEqualTo("CN=L,DC=example");
        assertThat(derived.user().authType()).isNull();
        assertThat(review("login_id,email,type", "s,s@example.com,saml2").user().authType()).isEqualTo(AuthType.SAML);
    }

    @Test
    void boundsFieldLengthsAndPasswordBytes() {
        String longName = "n".repeat(101);
        String longPassword = "é".repeat(37);

        assertThat(review("login_id,email,first_name,password", "a,a@example.com," + longName + "," + longPassword).error())
                .isEqualTo("first_name is longer than 100 characters; Password is longer than 72 bytes");
        assertThat(review("login_id,email", "l".repeat(101) + ",a@example.com").error())
                .isEqualTo("Login id is longer than 100 characters");
    }

    @Test
    void aRowWithAMissingOrExtraCommaFailsWithoutEchoingOrKeepingAnyOfItsCells() {
        String header = "login_id,email,first_name,password";
        // a missing comma shifts the password into first_name; an extra one shifts it out of its column
        for (String row : List.of("ann,ann@example.com,AnnS3cret-Pass!", "ann,ann@example.com,Ann,,S3cret-Pass!")) {
            ReviewedRow reviewed = review(header, row);

            assertThat(reviewed.error()).startsWith("Row has").contains("cells but the header has 4")
                    .doesNotContain("S3cret");
            assertThat(reviewed.findings()).allSatisfy(finding -> assertThat(finding.value()).isNull());
            assertThat(reviewed.original()).isEmpty();
            assertThat(reviewed.user().loginId()).isNull();
            assertThat(reviewed.user().passwordHash()).isNull();
            assertThat(reviewed.user().toString()).doesNotContain("S3cret");
        }
    }

    @Test
    void headersThatLookLikePasswordsAreThePasswordColumnOrRefused() {
        for (String alias : List.of("pwd", "Passwd", "PASS", "secret", "Pass Phrase")) {
            ReviewedRow reviewed = review("login_id,email," + alias, "ann,ann@example.com,S3cret-Pass!");
            assertThat(reviewed.user().passwordHash()).as(alias).startsWith("$2a$").doesNotContain("S3cret");
            assertThat(reviewed.original()).as(alias).containsExactly("ann", "ann@example.com", null);
        }
        for (String secret : List.of("old_password", "client_secret", "user-pwd", "Credentials")) {
            assertThatThrownBy(() -> HeaderMapping.of(List.of("login_id", "email", secret)))
                    .isInstanceOf(ImportRejectedException.class)
                    .satisfies(e -> assertThat(((ImportRejectedException) e).getBody().getDetail())
                            .contains("Column 3, '" + secret + "', looks like it holds passwords"));
        }
        assertThat(HeaderMapping.of(List.of("login_id", "passport_number")).warnings())
                .containsExactly("Unknown column 'passport_number' ignored");
    }

    @Test
    void aFileWithoutItsHeaderRowIsRefusedWithoutEchoingItsFirstRow() {
        assertThatThrownBy(() -> HeaderMapping.of(List.of("ann", "ann@example.com", "S3cret-Pass!")))
                .isInstanceOf(ImportRejectedException.class)
                .satisfies(e -> assertThat(((ImportRejectedException) e).getBody().getDetail())
                        .contains("is the header row missing?").doesNotContain("S3cret").doesNotContain("ann"));
    }

    @Test
    void warnsWithoutFlaggingARowThatAddsSomeoneToSecurityAdministrators() {
        ReviewedRow reviewed = review("login_id,email,groups", "ann,ann@example.com,Staff;security administrators");

        assertThat(reviewed.error()).isNull();
        assertThat(reviewed.findings()).extracting(Finding::problem, Finding::warning)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(RowReview.SECURITY_ADMINISTRATOR_WARNING, true));
    }

    @Test
    void namesTheFirstGroupOrBusinessUnitNameThatIsTooLongOnce() {
        String longName = "G".repeat(101);
        ReviewedRow reviewed = review("login_id,email,groups,business_units",
                "ann,ann@example.com,Staff; " + longName + " ;" + longName + "x;Staff,Sales");

        assertThat(reviewed.error()).isEqualTo("groups name '" + "G".repeat(100) + "…' is longer than 100 characters");
        assertThat(reviewed.user().groups()).containsExactly("Staff", longName, longName + "x");
        assertThat(reviewed.user().businessUnits()).containsExactly("Sales");
    }

    @Test
    void warnsAboutUnknownColumns() {
        assertThat(HeaderMapping.of(List.of("\uFEFFUser Login Id", "User Email", "Favourite colour")).warnings())
                .containsExactly("Unknown column 'Favourite colour' ignored");
    }

    @Test
    void storesAGivenBcryptOrPrefixedHashAsGivenAndFailsAMalformedOne() {
        String bcrypt = "$2b$10$" + "a".repeat(53);

        assertThat(review("login_id,email,password_hash", "a,a@example.com," + bcrypt).user().passwordHash())
                .isEqualTo("{bcrypt}" + bcrypt);
        assertThat(review("login_id,email,password_hash", "a,a@example.com," + bcrypt).original())
                .as("the hash is not among the cells kept as uploaded").containsExactly("a", "a@example.com", null);
        assertThat(review("login_id,email,password_hash", "a,a@example.com,{bcrypt}" + bcrypt).user().passwordHash())
                .isEqualTo("{bcrypt}" + bcrypt);
        assertThat(review("login_id,email,password_hash", "a,a@example.com,\"{argon2}$argon2id$v=19$m=16,t=2,p=1$c2FsdA$aGFzaA\"")
                .user().passwordHash()).startsWith("{argon2}");
        for (String malformed : List.of("$2a$10$short", "{noop}plaintext", "{bcrypt}not-bcrypt", "{rot13}abc",
                "plain text")) {
            ReviewedRow row = review("login_id,email,password_hash", "a,a@example.com," + malformed);
            assertThat(row.error()).as(malformed).startsWith("Malformed password_hash");
            assertThat(row.findings()).singleElement().satisfies(f -> {
                assertThat(f.column()).isEqualTo("password_hash");
                assertThat(f.value()).isNull();
            });
        }
        assertThat(review("login_id,email,password,password_hash", "a,a@example.com,secret," + bcrypt).error())
                .isEqualTo("Give either a password or a password_hash, not both");
    }

    @Test
    void namesTheColumnAndValueOfEveryFindingButNeverAPassword() {
        ReviewedRow row = review("login_id,email,auth_type,password", "a,bad-email,KERBEROS," + "é".repeat(37));

        assertThat(row.findings()).extracting(Finding::column, Finding::value).containsExactly(
                org.assertj.core.groups.Tuple.tuple("email", "bad-email"),
                org.assertj.core.groups.Tuple.tuple("auth_type", "KERBEROS"),
                org.assertj.core.groups.Tuple.tuple("password", null));
        assertThat(row.original()).containsExactly("a", "bad-email", "KERBEROS", null);
    }

    @Test
    void leavesAnLdapRowWithoutDnToTheWorkerInUpsertWhereTheUserMayHaveOne() {
        assertThat(review("login_id,auth_type", "l,LDAP", ImportMode.UPSERT).error()).isNull();
        assertThat(review("login_id,auth_type", "l,LDAP", ImportMode.CREATE_ONLY).error())
                .isEqualTo("Missing email (required for new users); LDAP users need a distinguished_name");
    }

    @Test
    void neutralisesCellsASpreadsheetWouldRunAsFormulas() {
        assertThat(List.of("=1+1", "+cmd", "-2", "@SUM(A1)", "\tx", "plain", "a=b"))
                .extracting(FailuresCsv::neutralise)
                .containsExactly("'=1+1", "'+cmd", "'-2", "'@SUM(A1)", "'\tx", "plain", "a=b");
    }

    @Test
    void refusesNulAndControlCharactersInAnyCellAndNeverStoresANul() {
        ReviewedRow nul = review("login_id,email,notes", "jd\0e,jdoe@example.com,a\0b");
        ReviewedRow lineBreak = review("login_id,email,first_name", "jdoe,jdoe@example.com,\"Jo\nhn\"");
        ReviewedRow c1 = review("login_id,email,last_name", "jdoe,jdoe@example.com,Doe\u0085");

        assertThat(nul.error()).contains("login_id holds a line break, tab, NUL or other control character",
                "notes holds a NUL character");
        assertThat(nul.findings()).extracting(Finding::value).containsOnly("jd\u2400e", "a\u2400b");
        assertThat(nul.original()).containsExactly("jd\u2400e", "jdoe@example.com", "a\u2400b");
        assertThat(nul.user().loginId()).doesNotContain("\0");
        assertThat(lineBreak.error()).isEqualTo("first_name holds a line break, tab, NUL or other control character");
        assertThat(c1.error()).isEqualTo("last_name holds a line break, tab, NUL or other control character");
        assertThat(review("login_id,email,password", "jdoe,jdoe@example.com,pa\0ss").error())
                .isEqualTo("password holds a NUL character or bytes that are not valid in the file's encoding; "
                        + "save the file as UTF-8");
    }

    @Test
    void refusesBidirectionalOverridesAndIsolatesThatMakeACellReadOtherThanItIs() {
        assertThat(review("login_id,email,first_name", "jdoe,jdoe@example.com,\u202Eeoj").error())
                .isEqualTo("first_name holds a line break, tab, NUL or other control character");
        assertThat(review("login_id,email,last_name", "jdoe,jdoe@example.com,Doe\u2066x\u2069").error())
                .isEqualTo("last_name holds a line break, tab, NUL or other control character");
        assertThat(review("login_id,email,last_name", "jdoe,jdoe@example.com,Do\u00A0e\u2070\u2029").error())
                .as("a no-break space, a superscript and a paragraph separator are no control characters").isNull();
    }

    @Test
    void takesForAControlCharacterEveryCharacterOfCategoryCcAndTheBidirectionalControlsAndNoOther() {
        for (char c = 0; c < Character.MAX_VALUE; c++) {
            boolean control = Character.getType(c) == Character.CONTROL || (c >= '\u202A' && c <= '\u202E')
                    || (c >= '\u2066' && c <= '\u2069');
            assertThat(RowReview.hasControl("ab" + c + "cd")).as("U+%04X", (int) c).isEqualTo(control);
        }
        assertThat(RowReview.hasControl("")).isFalse();
    }

    @Test
    void refusesInALoginIdExactlyTheWhitespaceAndControlCharactersOfJavasPattern() {
        java.util.regex.Pattern spaceOrControl = java.util.regex.Pattern.compile("[\\s\\p{Cc}]");
        for (char c = 0; c < Character.MAX_VALUE; c++) {
            String loginId = "j" + c + "doe";
            assertThat(RowReview.hasSpaceOrControl(loginId)).as("U+%04X", (int) c)
                    .isEqualTo(spaceOrControl.matcher(loginId).find());
        }
        assertThat(review("login_id,email", "\"j\tdoe\",jdoe@example.com").error())
                .contains("Login id 'j\tdoe' contains spaces or control characters");
    }

    @Test
    void namesBytesThatAreNotUtf8InsteadOfStoringAReplacement() {
        ReviewedRow row = review("login_id,email,first_name", "jose,jose@example.com,Jos\uFFFD");

        assertThat(row.error()).startsWith("first_name holds bytes that are not valid UTF-8");
        assertThat(row.user().passwordHash()).isNull();
    }

    @Test
    void boundsTheFullNameItDerivesAsTheDirectoryDoes() {
        String hundred = "n".repeat(100);
        ReviewedRow derived = review("login_id,email,first_name,last_name", "jdoe,jdoe@example.com," + hundred + ","
                + hundred);
        ReviewedRow given = review("login_id,email,first_name,last_name,full_name", "jdoe,jdoe@example.com," + hundred
                + "," + hundred + ",Jo Doe");

        assertThat(derived.error()).isEqualTo("first_name and last_name make a full name of 201 characters, more "
                + "than 200: give a shorter full_name");
        assertThat(given.error()).isNull();
    }

    @Test
    void refusesARowTooLargeForItsEventWithoutKeepingOrQuotingIt() {
        ReviewedRow row = review("login_id,email,auth_type", "jdoe,jdoe@example.com," + "x".repeat(70_000));

        assertThat(row.error()).isEqualTo("Row holds 70,020 characters; a row may hold at most 65,536. Nothing of it "
                + "is shown or kept: shorten its cells in your file and upload it again.");
        assertThat(row.original()).isEmpty();
        assertThat(row.user().loginId()).isNull();
    }

    @Test
    void quotesAtMostAHundredCharactersOfALongCell() {
        ReviewedRow row = review("login_id,email,auth_type", "jdoe,jdoe@example.com," + "K".repeat(5_000));

        assertThat(row.error()).isEqualTo("Unknown auth type '" + "K".repeat(100) + "…' (expected one of NATIVE, "
                + "LDAP, OAUTH, SAML)");
        assertThat(row.findings()).extracting(Finding::value).containsExactly("K".repeat(100) + "…");
    }

    private ReviewedRow review(String header, String line) {
        return review(header, line, ImportMode.CREATE_ONLY);
    }

    private ReviewedRow review(String header, String line, ImportMode mode) {
        try {
            List<CSVRecord> records = CSVFormat.RFC4180.parse(new StringReader(header + "\n" + line + "\n")).getRecords();
            return review.review(1, records.get(1), HeaderMapping.of(records.get(0).toList()), mode);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
