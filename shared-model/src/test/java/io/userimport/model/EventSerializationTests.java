package io.userimport.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class EventSerializationTests {

    private final JsonMapper mapper = JsonMapper.builder().findAndAddModules().build();

    @Test
    void rowSubmittedRoundTripsWithTypeAndSchemaVersion() {
        RowSubmitted event = new RowSubmitted(RowSubmitted.SCHEMA_VERSION, UUID.randomUUID(), 7, 2, ImportMode.UPSERT,
                false, true, true, new Memberships(List.of("Support"), List.of("Lyon")),
                new UserFields("jdoe", "jdoe@example.com", "John", "Doe", null, "{bcrypt}$2a$10$hash",
                        AuthType.NATIVE, null, List.of("Sales"), List.of("Paris", "Lyon")));

        String json = mapper.writeValueAsString(event);
        JsonNode tree = mapper.readTree(json);

        assertThat(tree.get("type").asString()).isEqualTo("RowSubmitted");
        assertThat(tree.get("schemaVersion").asInt()).isEqualTo(2);
        assertThat(tree.get("attempt").asInt()).isEqualTo(2);
        assertThat(tree.get("mirror").get("groups").get(0).asString()).isEqualTo("Support");
        assertThat(tree.get("user").get("businessUnits")).hasSize(2);
        assertThat(mapper.readValue(json, RowSubmitted.class)).isEqualTo(event);
        assertThat(mapper.readValue(json, ImportEvent.class)).isEqualTo(event);
    }

    @Test
    void rowProcessedRoundTripsWithTypeAndSchemaVersion() {
        RowProcessed event = new RowProcessed(RowProcessed.SCHEMA_VERSION, UUID.randomUUID(), 3, 1, "jdoe",
                "jdoe@example.com", "John", "John Doe", RowOutcome.UPDATED, null, List.of("a warning"),
                List.of(new PropertyChange("lastName", "Doe", "Smith")), AuthType.NATIVE, UserStatus.ACTIVE, false,
                true, Instant.parse("2026-01-02T03:04:05Z"));

        String json = mapper.writeValueAsString(event);

        assertThat(mapper.readTree(json).get("type").asString()).isEqualTo("RowProcessed");
        assertThat(mapper.readTree(json).get("processedAt").asString()).isEqualTo("2026-01-02T03:04:05Z");
        assertThat(mapper.readTree(json).get("changes").get(0).get("to").asString()).isEqualTo("Smith");
        assertThat(mapper.readValue(json, RowProcessed.class)).isEqualTo(event);
        assertThat(mapper.readValue(json, ImportEvent.class)).isEqualTo(event);
    }

    @Test
    void anOutcomeIsNoteworthyWhenItFailedOrObligesAWelcomeEmailOrBelongsToARetryAndNeverInADryRun() {
        UUID id = UUID.randomUUID();
        RowProcessed created = new RowProcessed(RowProcessed.SCHEMA_VERSION, id, 1, 1, "a", "a@example.com", null,
                null, RowOutcome.CREATED, null, List.of(), List.of(), AuthType.NATIVE, UserStatus.ACTIVE, true, false,
                Instant.EPOCH);
        RowProcessed pending = new RowProcessed(RowProcessed.SCHEMA_VERSION, id, 1, 1, "a", "a@example.com", null,
                null, RowOutcome.CREATED, null, List.of(), List.of(), AuthType.NATIVE, UserStatus.PENDING_ACTIVATION,
                true, false, Instant.EPOCH);
        RowProcessed retried = new RowProcessed(RowProcessed.SCHEMA_VERSION, id, 1, 2, "a", "a@example.com", null,
                null, RowOutcome.UPDATED, null, List.of(), List.of(), AuthType.NATIVE, UserStatus.ACTIVE, false, false,
                Instant.EPOCH);

        assertThat(created.noteworthy()).as("created active: nothing to tell").isFalse();
        assertThat(pending.noteworthy()).as("a welcome email is due").isTrue();
        assertThat(retried.noteworthy()).as("a retry's outcome may end a recorded failure").isTrue();
        assertThat(RowProcessed.notApplied(id, 1, 1, "a", null, RowOutcome.FAILED, "x", false, Instant.EPOCH)
                .noteworthy()).isTrue();
        assertThat(RowProcessed.notApplied(id, 1, 1, "a", null, RowOutcome.FAILED, "x", true, Instant.EPOCH)
                .noteworthy()).as("a dry run").isFalse();
        assertThat(Topics.forOutcome(pending)).containsExactly(Topics.RESULTS, Topics.NOTEWORTHY_RESULTS);
        assertThat(Topics.forOutcome(created)).as("every outcome counts towards progress").containsExactly(Topics.RESULTS);
    }

    @Test
    void userActivatedRoundTripsWithTypeAndSchemaVersionAndNeverPrintsItsHash() {
        UserActivated event = UserActivated.of(UUID.randomUUID(), 4, "jdoe", "{bcrypt}$2a$10$secret-hash",
                Instant.parse("2026-01-02T03:04:05Z"));

        String json = mapper.writeValueAsString(event);

        assertThat(mapper.readTree(json).get("type").asString()).isEqualTo("UserActivated");
        assertThat(mapper.readTree(json).get("schemaVersion").asInt()).isEqualTo(1);
        assertThat(mapper.readValue(json, ImportEvent.class)).isEqualTo(event);
        assertThat(event.toString()).doesNotContain("secret-hash");
    }

    @Test
    void importCancelledRoundTripsWithTypeAndSchemaVersion() {
        ImportCancelled event = ImportCancelled.of(UUID.randomUUID(), "admin", Instant.parse("2026-01-02T03:04:05Z"));

        String json = mapper.writeValueAsString(event);

        assertThat(mapper.readTree(json).get("type").asString()).isEqualTo("ImportCancelled");
        assertThat(mapper.readValue(json, ImportEvent.class)).isEqualTo(event);
    }

    @Test
    void welcomeEmailIsDueOnlyForNativeUsersLeftPendingActivationByARealImport() {
        RowProcessed pending = pending(RowOutcome.CREATED, AuthType.NATIVE, true, false);

        assertThat(pending.welcomeEmailDue()).isTrue();
        assertThat(pending(RowOutcome.UPDATED, AuthType.NATIVE, true, false).welcomeEmailDue()).isTrue();
        assertThat(withStatus(pending, UserStatus.ACTIVE).welcomeEmailDue()).isFalse();
        assertThat(pending(RowOutcome.CREATED, AuthType.LDAP, true, false).welcomeEmailDue()).isFalse();
        assertThat(pending(RowOutcome.CREATED, AuthType.NATIVE, false, false).welcomeEmailDue()).isFalse();
        assertThat(pending(RowOutcome.CREATED, AuthType.NATIVE, true, true).welcomeEmailDue()).isFalse();
        assertThat(pending(RowOutcome.UNCHANGED, AuthType.NATIVE, true, false).welcomeEmailDue()).isFalse();
        assertThat(RowProcessed.notApplied(pending.importId(), 1, 1, "a", "a@x.io", RowOutcome.FAILED,
                "User already exists", false, Instant.now()).welcomeEmailDue()).isFalse();
    }

    @Test
    void userFieldsNeverPrintThePasswordHash() {
        UserFields fields = new UserFields("jdoe", "j@x.io", null, null, null, "{bcrypt}secret-hash", AuthType.NATIVE,
                null, null, null);

        assertThat(fields.toString()).doesNotContain("secret-hash").contains("passwordGiven=true");
    }

    private static RowProcessed pending(RowOutcome outcome, AuthType authType, boolean send, boolean dryRun) {
        return new RowProcessed(RowProcessed.SCHEMA_VERSION, UUID.randomUUID(), 1, 1, "a", "a@x.io", null, null,
                outcome, null, null, null, authType, UserStatus.PENDING_ACTIVATION, send, dryRun, Instant.now());
    }

    private static RowProcessed withStatus(RowProcessed event, UserStatus status) {
        return new RowProcessed(event.schemaVersion(), event.importId(), event.rowNumber(), event.attempt(),
                event.loginId(), event.email(), event.firstName(), event.fullName(), event.outcome(), event.reason(),
                event.warnings(), event.changes(), event.authType(), status, event.sendWelcomeEmail(), event.dryRun(),
                event.processedAt());
    }

    @Test
    void anOutcomeCarriesAtMostTheLongestLoginIdAndEmailAnyServiceStores() {
        RowProcessed failed = RowProcessed.notApplied(java.util.UUID.randomUUID(), 1, 1, "x".repeat(1_001),
                "y".repeat(2_000) + "@example.com", RowOutcome.FAILED, "Login id is longer than 100 characters", false,
                java.time.Instant.now());

        org.assertj.core.api.Assertions.assertThat(failed.loginId()).hasSize(RowProcessed.MAX_IDENTITY);
        org.assertj.core.api.Assertions.assertThat(failed.email()).hasSize(RowProcessed.MAX_IDENTITY);
    }
}
