package io.userimport.worker.rows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.userimport.infra.RealInfrastructureInitializer;
import io.userimport.model.AuthType;
import io.userimport.model.ImportCancelled;
import io.userimport.model.ImportMode;
import io.userimport.model.Memberships;
import io.userimport.model.PropertyChange;
import io.userimport.model.RowOutcome;
import io.userimport.model.RowProcessed;
import io.userimport.model.RowSubmitted;
import io.userimport.model.Topics;
import io.userimport.model.UserFields;
import io.userimport.model.UserStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.ContextConfiguration;

/** Every rule of applying a row, on a real PostgreSQL directory, through the worker's own batch applier. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = RealInfrastructureInitializer.class)
class ImportRulesIntegrationTests {

    @Autowired
    RowApplier applier;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    KafkaTemplate<String, Object> kafka;

    String s;
    UUID importId;

    @BeforeEach
    void setUp() {
        s = UUID.randomUUID().toString().substring(0, 8);
        importId = UUID.randomUUID();
        for (String group : List.of("Sales", "Support", "Audit")) {
            jdbc.sql("insert into user_group (name, name_key) values (:n, lower(:n))").param("n", group + s).update();
        }
        for (String unit : List.of("Paris", "Lyon")) {
            jdbc.sql("insert into business_unit (name, name_key) values (:n, lower(:n))").param("n", unit + s).update();
        }
    }

    @Test
    void upsertUpdatesOnlyTheNonEmptyCellsOfAUserMatchedByLoginIdIgnoringCase() {
        create("ann", "ann@example.com", "Ann", "Lee", List.of("Sales" + s), List.of("Paris" + s));
        create("bystander", "bystander@example.com", "By", "Stander", List.of("Sales" + s), List.of());

        RowProcessed outcome = upsert(1, fields("ANN" + s, null, null, "Smith", null, null, null, List.of(), List.of()));

        assertThat(outcome.outcome()).isEqualTo(RowOutcome.UPDATED);
        assertThat(outcome.changes()).containsExactly(new PropertyChange("lastName", "Lee", "Smith"));
        assertThat(user("ann")).containsEntry("email", "ann" + s + "@example.com").containsEntry("first_name", "Ann")
                .containsEntry("last_name", "Smith").containsEntry("groups", "Sales" + s)
                .containsEntry("units", "Paris" + s);
        assertThat(user("bystander")).containsEntry("last_name", "Stander").containsEntry("groups", "Sales" + s);
    }

    @Test
    void matchesLoginIdsEmailsAndGroupsByOneCaseRuleWhateverTheLetters() {
        create("İsmail", "İsmail@example.com", "İsmail", "Öz", List.of("SALES" + s), List.of());

        RowProcessed again = applier.apply(List.of(row(1, ImportMode.CREATE_ONLY, fields("ismail" + s,
                "other" + s + "@example.com", null, null, null, null, null, List.of(), List.of())))).get(0);
        RowProcessed dotless = upsert(2, fields("ıSMAİL" + s, "ISMAIL" + s + "@EXAMPLE.COM", null, "Oz", null, null,
                null, List.of("sales" + s), List.of()));
        RowProcessed emailTaken = applier.apply(List.of(row(3, ImportMode.CREATE_ONLY, fields("someone" + s,
                "ismaİl" + s + "@example.com", null, null, null, null, null, List.of(), List.of())))).get(0);

        assertThat(again.outcome()).isEqualTo(RowOutcome.FAILED);
        assertThat(again.reason()).isEqualTo("User already exists");
        assertThat(dotless.outcome()).as(dotless.reason()).isEqualTo(RowOutcome.UPDATED);
        assertThat(dotless.changes()).extracting(PropertyChange::property).containsExactly("email", "lastName");
        assertThat(emailTaken.outcome()).isEqualTo(RowOutcome.FAILED);
        assertThat(emailTaken.reason()).contains("mail");
        assertThat(jdbc.sql("select count(*) from directory_user where login_key = :k")
                .param("k", "ismail" + s).query(Integer.class).single()).isEqualTo(1);
    }

    @Test
    void upsertReportsUnchangedWhenARowChangesNothing() {
        create("same", "same@example.com", "Sam", "E", List.of("Sales" + s), List.of());

        RowProcessed outcome = upsert(1, fields("same" + s, "same" + s + "@example.com", "Sam", "E", null, null, null,
                List.of("sales" + s), List.of()));

        assertThat(outcome.outcome()).isEqualTo(RowOutcome.UNCHANGED);
        assertThat(outcome.changes()).isEmpty();
    }

    @Test
    void upsertReplacesTheGroupsAndBusinessUnitsNamedInNonEmptyCells() {
        create("gus", "gus@example.com", "Gus", "G", List.of("Sales" + s, "Audit" + s), List.of("Paris" + s));

        RowProcessed outcome = upsert(1, fields("gus" + s, null, null, null, null, null, null,
                List.of("Support" + s), List.of("Lyon" + s, "Paris" + s)));

        assertThat(outcome.outcome()).isEqualTo(RowOutcome.UPDATED);
        assertThat(outcome.changes()).containsExactly(
                new PropertyChange("groups", "Audit" + s + "; Sales" + s, "Support" + s),
                new PropertyChange("businessUnits", "Paris" + s, "Lyon" + s + "; Paris" + s));
        assertThat(user("gus")).containsEntry("groups", "Support" + s).containsEntry("units", "Lyon" + s + ";Paris" + s);
    }

    @Test
    void failsARowNamingTheUnknownGroupOrBusinessUnitAndChangesNothingOfIt() {
        create("una", "una@example.com", "Una", "U", List.of("Sales" + s), List.of());

        List<RowProcessed> outcomes = applier.apply(List.of(
                row(1, ImportMode.UPSERT, fields("una" + s, null, "Changed", null, null, null, null,
                        List.of("Support" + s, "Ghosts" + s), List.of())),
                row(2, ImportMode.UPSERT, fields("una" + s, null, "Changed", null, null, null, null, List.of(),
                        List.of("Atlantis" + s)))));

        assertThat(outcomes).extracting(RowProcessed::outcome, RowProcessed::reason).containsExactly(
                tuple(RowOutcome.FAILED, "Unknown group: Ghosts" + s),
                tuple(RowOutcome.FAILED, "Unknown business unit: Atlantis" + s));
        assertThat(user("una")).containsEntry("first_name", "Una").containsEntry("groups", "Sales" + s);
    }

    @Test
    void neverChangesTheAdministratorsGroupsButAppliesTheRestOfTheRowWithAWarning() {
        String fullName = jdbc.sql("select full_name from directory_user where login_id = 'admin'").query(String.class)
                .single();
        try {
            RowProcessed outcome = upsert(1, new UserFields("Admin", null, null, null, "Chief " + s, null, null, null,
                    List.of("Sales" + s), List.of()));

            assertThat(outcome.outcome()).isEqualTo(RowOutcome.UPDATED);
            assertThat(outcome.warnings()).containsExactly(DirectoryBatch.ADMINISTRATOR_GROUPS);
            assertThat(outcome.changes()).extracting(PropertyChange::property).containsExactly("fullName");
            assertThat(jdbc.sql("""
                    select string_agg(g.name, ';') from user_group_member m join user_group g on g.id = m.group_id
                    join directory_user u on u.id = m.user_id where u.login_id = 'admin'
                    """).query(String.class).single()).isEqualTo("Security Administrators");
        } finally {
            jdbc.sql("update directory_user set full_name = :n where login_id = 'admin'").param("n", fullName).update();
        }
    }

    @Test
    void neverChangesTheAdministratorsPasswordAuthTypeOrStatus() {
        String hash = jdbc.sql("select password_hash from directory_user where login_id = 'admin'").query(String.class)
                .single();

        RowProcessed outcome = upsert(1, new UserFields("admin", null, null, null, null, "{bcrypt}$2a$10$takeover",
                AuthType.LDAP, "cn=admin", List.of(), List.of()));

        assertThat(outcome.outcome()).isEqualTo(RowOutcome.UNCHANGED);
        assertThat(outcome.warnings()).containsExactly(DirectoryBatch.ADMINISTRATOR_SIGN_IN);
        assertThat(userWithLoginId("admin")).containsEntry("password_hash", hash).containsEntry("status", "ACTIVE");
    }

    @Test
    void warnsWhenARowOrItsMirrorUserAddsSomeoneToSecurityAdministrators() {
        create("sam", "sam@example.com", "Sam", "A", List.of("Sales" + s), List.of());

        RowProcessed promoted = upsert(1, fields("sam" + s, null, null, null, null, null, null,
                List.of("Security Administrators"), List.of()));
        RowProcessed again = upsert(2, fields("sam" + s, null, "Samuel", null, null, null, null,
                List.of("Security Administrators"), List.of()));
        RowProcessed mirrored = applier.apply(List.of(mirrored(3, new Memberships(
                List.of("Security Administrators"), List.of()), fields("mia" + s, "mia" + s + "@example.com", null,
                null, null, null, null, List.of(), List.of())))).get(0);

        assertThat(promoted.warnings()).containsExactly(DirectoryBatch.ADDED_TO_SECURITY_ADMINISTRATORS);
        assertThat(again.warnings()).as("already a member").isEmpty();
        assertThat(mirrored.outcome()).isEqualTo(RowOutcome.CREATED);
        assertThat(mirrored.warnings()).containsExactly(DirectoryBatch.ADDED_TO_SECURITY_ADMINISTRATORS);
    }

    @Test
    void ignoresThePasswordOfAnExistingExternalUserWithAWarning() {
        create("ext", "ext@example.com", "Ex", "T", List.of(), List.of());
        jdbc.sql("update directory_user set auth_type = 'SAML', status = 'ACTIVE' where login_id = :l")
                .param("l", "ext" + s).update();

        RowProcessed outcome = upsert(1, fields("ext" + s, null, null, null, "{bcrypt}$2a$04$new", null, null,
                List.of(), List.of()));

        assertThat(outcome.outcome()).isEqualTo(RowOutcome.UNCHANGED);
        assertThat(outcome.warnings()).containsExactly("Password ignored: SAML users sign in through SAML");
        assertThat(user("ext")).containsEntry("password_hash", null);
    }

    @Test
    void setsANativeUsersPasswordAndActivatesItWithoutShowingTheHash() {
        create("pw", "pw@example.com", "P", "W", List.of(), List.of());

        RowProcessed outcome = upsert(1, fields("pw" + s, null, null, null, "{bcrypt}$2a$04$given", null, null,
                List.of(), List.of()));

        assertThat(outcome.changes()).containsExactly(new PropertyChange("password", null, PropertyChange.HIDDEN),
                new PropertyChange("status", "PENDING_ACTIVATION", "ACTIVE"));
        assertThat(outcome.toString()).doesNotContain("given");
        assertThat(user("pw")).containsEntry("password_hash", "{bcrypt}$2a$04$given").containsEntry("status", "ACTIVE");
    }

    @Test
    void upsertMatchesByEmailIgnoringCaseInAFileWithoutALoginIdColumn() {
        create("byemail", "mail@example.com", "Old", "Name", List.of(), List.of());

        RowProcessed outcome = applier.apply(List.of(new RowSubmitted(RowSubmitted.SCHEMA_VERSION, importId, 1, 1,
                ImportMode.UPSERT, true, true, false, null, new UserFields("MAIL" + s + "@EXAMPLE.com",
                "MAIL" + s + "@EXAMPLE.com", "New", null, null, null, null, null, List.of(), List.of())))).get(0);

        assertThat(outcome.outcome()).isEqualTo(RowOutcome.UPDATED);
        assertThat(outcome.loginId()).isEqualTo("byemail" + s);
        assertThat(user("byemail")).containsEntry("first_name", "New");
    }

    @Test
    void upsertCreatesAMissingUserAndFailsAnEmailThatBelongsToAnotherUser() {
        create("owner", "taken@example.com", "O", "W", List.of(), List.of());
        create("mover", "mover@example.com", "M", "V", List.of(), List.of());

        List<RowProcessed> outcomes = applier.apply(List.of(
                row(1, ImportMode.UPSERT, fields("fresh" + s, "fresh" + s + "@example.com", "F", "R", null, null, null,
                        List.of(), List.of())),
                row(2, ImportMode.UPSERT, fields("mover" + s, "TAKEN" + s + "@example.com", null, null, null, null,
                        null, List.of(), List.of())),
                row(3, ImportMode.UPSERT, fields("nomail" + s, null, "N", null, null, null, null, List.of(),
                        List.of()))));

        assertThat(outcomes).extracting(RowProcessed::outcome, RowProcessed::reason).containsExactly(
                tuple(RowOutcome.CREATED, null), tuple(RowOutcome.FAILED, DirectoryBatch.EMAIL_IN_USE),
                tuple(RowOutcome.FAILED, DirectoryBatch.MISSING_EMAIL));
        assertThat(user("fresh")).containsEntry("status", "PENDING_ACTIVATION");
    }

    @Test
    void choosesTheAuthTypeFromTheCellElseLdapWhenADnIsGivenElseNative() {
        List<RowProcessed> outcomes = applier.apply(List.of(
                row(1, ImportMode.CREATE_ONLY, fields("oauth" + s, "oauth" + s + "@example.com", null, null,
                        "{bcrypt}$2a$04$x", AuthType.OAUTH, null, List.of(), List.of())),
                row(2, ImportMode.CREATE_ONLY, fields("dn" + s, "dn" + s + "@example.com", null, null, null, null,
                        "CN=Dn,DC=example", List.of(), List.of())),
                row(3, ImportMode.CREATE_ONLY, fields("active" + s, "active" + s + "@example.com", null, null,
                        "{bcrypt}$2a$04$x", null, null, List.of(), List.of())),
                row(4, ImportMode.UPSERT, fields("ldapnodn" + s, "ldapnodn" + s + "@example.com", null, null, null,
                        AuthType.LDAP, null, List.of(), List.of()))));

        assertThat(outcomes).extracting(RowProcessed::outcome, RowProcessed::authType, RowProcessed::userStatus)
                .containsExactly(tuple(RowOutcome.CREATED, AuthType.OAUTH, UserStatus.ACTIVE),
                        tuple(RowOutcome.CREATED, AuthType.LDAP, UserStatus.ACTIVE),
                        tuple(RowOutcome.CREATED, AuthType.NATIVE, UserStatus.ACTIVE),
                        tuple(RowOutcome.FAILED, null, null));
        assertThat(outcomes.get(0).warnings()).containsExactly("Password ignored: OAUTH users sign in through OAUTH");
        assertThat(outcomes.get(3).reason()).isEqualTo(DirectoryBatch.LDAP_WITHOUT_DN);
        assertThat(outcomes).extracting(RowProcessed::welcomeEmailDue).containsOnly(false);
    }

    @Test
    void turningAnExternalUserNativeWithoutAPasswordLeavesItPendingWithAWelcomeEmail() {
        create("tonative", "tonative@example.com", "T", "N", List.of(), List.of());
        jdbc.sql("update directory_user set auth_type = 'LDAP', distinguished_name = 'CN=T', status = 'ACTIVE' "
                + "where login_id = :l").param("l", "tonative" + s).update();

        RowProcessed outcome = upsert(1, fields("tonative" + s, null, null, null, null, AuthType.NATIVE, null,
                List.of(), List.of()));

        assertThat(outcome.outcome()).isEqualTo(RowOutcome.UPDATED);
        assertThat(outcome.userStatus()).isEqualTo(UserStatus.PENDING_ACTIVATION);
        assertThat(outcome.welcomeEmailDue()).isTrue();
    }

    @Test
    void createdUsersInheritTheMirrorUsersMembershipsUnlessTheRowNamesItsOwn() {
        Memberships mirror = new Memberships(List.of("Support" + s, "Audit" + s), List.of("Lyon" + s));
        create("existing", "existing@example.com", "E", "X", List.of("Sales" + s), List.of());

        applier.apply(List.of(
                mirrored(1, mirror, fields("plain" + s, "plain" + s + "@example.com", null, null, null, null, null,
                        List.of(), List.of())),
                mirrored(2, mirror, fields("own" + s, "own" + s + "@example.com", null, null, null, null, null,
                        List.of("Sales" + s), List.of())),
                mirrored(3, mirror, fields("existing" + s, null, "Changed", null, null, null, null, List.of(),
                        List.of()))));

        assertThat(user("plain")).containsEntry("groups", "Audit" + s + ";Support" + s).containsEntry("units", "Lyon" + s);
        assertThat(user("own")).containsEntry("groups", "Sales" + s).containsEntry("units", "Lyon" + s);
        assertThat(user("existing")).containsEntry("groups", "Sales" + s).containsEntry("units", null);
    }

    @Test
    void mirrorsIntoUsersCreatedFromAFileWithoutLoginIds() {
        Memberships mirror = new Memberships(List.of("Support" + s), List.of("Lyon" + s));

        List<RowProcessed> outcomes = applier.apply(List.of(
                new RowSubmitted(RowSubmitted.SCHEMA_VERSION, importId, 1, 1, ImportMode.CREATE_ONLY, true, true, false,
                        mirror, fields("e1" + s + "@example.com", "e1" + s + "@example.com", "E", null, null, null,
                                null, List.of(), List.of())),
                new RowSubmitted(RowSubmitted.SCHEMA_VERSION, importId, 2, 1, ImportMode.CREATE_ONLY, true, true, false,
                        mirror, fields("e2" + s + "@example.com", "e2" + s + "@example.com", "E", null, null, null,
                                null, List.of("Sales" + s), List.of()))));

        assertThat(outcomes).extracting(RowProcessed::outcome).containsOnly(RowOutcome.CREATED);
        assertThat(userWithLoginId("e1" + s + "@example.com")).containsEntry("groups", "Support" + s)
                .containsEntry("units", "Lyon" + s);
        assertThat(userWithLoginId("e2" + s + "@example.com")).containsEntry("groups", "Sales" + s);
    }

    @Test
    void aDryRunReportsWhatEachRowWouldDoAndChangesNothing() {
        create("dry", "dry@example.com", "Dry", "Run", List.of(), List.of());
        int users = jdbc.sql("select count(*) from directory_user").query(Integer.class).single();

        List<RowProcessed> outcomes = applier.preview(List.of(
                dry(1, fields("dry" + s, null, "Wet", null, null, null, null, List.of(), List.of())),
                dry(2, fields("new" + s, "new" + s + "@example.com", null, null, null, null, null, List.of(), List.of()))));

        assertThat(outcomes).extracting(RowProcessed::outcome).containsExactly(RowOutcome.UPDATED, RowOutcome.CREATED);
        assertThat(outcomes.get(0).changes()).containsExactly(new PropertyChange("firstName", "Dry", "Wet"));
        assertThat(outcomes).extracting(RowProcessed::dryRun).containsOnly(true);
        assertThat(outcomes).extracting(RowProcessed::welcomeEmailDue).containsOnly(false);
        assertThat(user("dry")).containsEntry("first_name", "Dry");
        assertThat(jdbc.sql("select count(*) from directory_user").query(Integer.class).single()).isEqualTo(users);
        assertThat(jdbc.sql("select count(*) from applied_row where import_id = :i").param("i", importId)
                .query(Integer.class).single()).isZero();
    }

    @Test
    void aNewAttemptOfAFailedRowIsAppliedAfreshWhileARedeliveredAttemptKeepsItsOutcome() {
        RowSubmitted first = row(1, ImportMode.CREATE_ONLY, fields("later" + s, "later" + s + "@example.com", null,
                null, null, null, null, List.of("Newgroup" + s), List.of()));
        assertThat(applier.apply(List.of(first)).get(0).reason()).isEqualTo("Unknown group: Newgroup" + s);
        jdbc.sql("insert into user_group (name, name_key) values (:n, lower(:n))").param("n", "Newgroup" + s).update();
        RowSubmitted retry = new RowSubmitted(first.schemaVersion(), importId, 1, 2, first.mode(), false, true, false,
                null, first.user());

        assertThat(applier.apply(List.of(first, retry))).extracting(RowProcessed::attempt, RowProcessed::outcome)
                .containsExactly(tuple(1, RowOutcome.FAILED), tuple(2, RowOutcome.CREATED));
        assertThat(applier.apply(List.of(retry)).get(0).outcome()).isEqualTo(RowOutcome.CREATED);
        assertThat(user("later")).containsEntry("groups", "Newgroup" + s);
    }

    @Test
    void rowsOfACancelledImportEndCancelledAndAreNotApplied() {
        kafka.send(Topics.IMPORTS, importId.toString(), ImportCancelled.of(importId, "admin", Instant.now())).join();
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.sql(
                "select count(*) from cancelled_import where import_id = :i").param("i", importId)
                .query(Integer.class).single() == 1);

        RowProcessed outcome = applier.apply(List.of(row(1, ImportMode.CREATE_ONLY, fields("cancel" + s,
                "cancel" + s + "@example.com", null, null, null, null, null, List.of(), List.of())))).get(0);

        assertThat(outcome.outcome()).isEqualTo(RowOutcome.CANCELLED);
        assertThat(jdbc.sql("select count(*) from directory_user where login_id = :l").param("l", "cancel" + s)
                .query(Integer.class).single()).isZero();
    }

    private void create(String login, String email, String first, String last, List<String> groups,
                        List<String> units) {
        String at = email.indexOf('@') > 0 ? email.replace("@", s + "@") : email;
        RowProcessed created = applier.apply(List.of(new RowSubmitted(RowSubmitted.SCHEMA_VERSION, UUID.randomUUID(), 1,
                1, ImportMode.CREATE_ONLY, false, false, false, null,
                fields(login + s, at, first, last, null, null, null, groups, units)))).get(0);
        assertThat(created.outcome()).as(created.reason()).isEqualTo(RowOutcome.CREATED);
    }

    private RowProcessed upsert(int rowNumber, UserFields fields) {
        return applier.apply(List.of(row(rowNumber, ImportMode.UPSERT, fields))).get(0);
    }

    private RowSubmitted row(int rowNumber, ImportMode mode, UserFields fields) {
        return new RowSubmitted(RowSubmitted.SCHEMA_VERSION, importId, rowNumber, 1, mode, false, true, false, null,
                fields);
    }

    private RowSubmitted mirrored(int rowNumber, Memberships mirror, UserFields fields) {
        return new RowSubmitted(RowSubmitted.SCHEMA_VERSION, importId, rowNumber, 1, ImportMode.UPSERT, false, true,
                false, mirror, fields);
    }

    private RowSubmitted dry(int rowNumber, UserFields fields) {
        return new RowSubmitted(RowSubmitted.SCHEMA_VERSION, importId, rowNumber, 1, ImportMode.UPSERT, false, true,
                true, null, fields);
    }

    private static UserFields fields(String login, String email, String first, String last, String hash,
                                     AuthType authType, String dn, List<String> groups, List<String> units) {
        return new UserFields(login, email, first, last, null, hash, authType, dn, groups, units);
    }

    private Map<String, Object> user(String login) {
        return userWithLoginId(login + s);
    }

    private Map<String, Object> userWithLoginId(String loginId) {
        return jdbc.sql("""
                select u.email, u.first_name, u.last_name, u.password_hash, u.status,
                       (select string_agg(g.name, ';' order by g.name) from user_group_member m
                        join user_group g on g.id = m.group_id where m.user_id = u.id) as groups,
                       (select string_agg(b.name, ';' order by b.name) from user_business_unit m
                        join business_unit b on b.id = m.business_unit_id where m.user_id = u.id) as units
                from directory_user u where lower(u.login_id) = lower(:l)
                """).param("l", loginId).query().singleRow();
    }
}
