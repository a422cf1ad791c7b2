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
        RowSubmitted event = RowSubmitted.of(UUID.randomUUID(), 7, ImportMode.CREATE_ONLY, false, true,
                new UserFields("jdoe", "jdoe@example.com", "John", "Doe", null, "{bcrypt}$2a$10$hash",
                        AuthType.NATIVE, null, List.of("Sales"), List.of("Paris", "Lyon")));

        String json = mapper.writeValueAsString(event);
        JsonNode tree = mapper.readTree(json);

        assertThat(tree.get("type").asString()).isEqualTo("RowSubmitted");
        assertThat(tree.get("schemaVersion").asInt()).isEqualTo(1);
        assertThat(tree.get("user").get("businessUnits")).hasSize(2);
        assertThat(mapper.readValue(json, RowSubmitted.class)).isEqualTo(event);
        assertThat(mapper.readValue(json, ImportEvent.class)).isEqualTo(event);
    }

    @Test
    void rowProcessedRoundTripsWithTypeAndSchemaVersion() {
        RowProcessed event = new RowProcessed(RowProcessed.SCHEMA_VERSION, UUID.randomUUID(), 3, "jdoe",
                "jdoe@example.com", "John", "John Doe", RowOutcome.CREATED, null, List.of("a warning"),
                AuthType.NATIVE, UserStatus.PENDING_ACTIVATION, true, Instant.parse("2026-01-02T03:04:05Z"));

        String json = mapper.writeValueAsString(event);

        assertThat(mapper.readTree(json).get("type").asString()).isEqualTo("RowProcessed");
        assertThat(mapper.readTree(json).get("processedAt").asString()).isEqualTo("2026-01-02T03:04:05Z");
        assertThat(mapper.readValue(json, RowProcessed.class)).isEqualTo(event);
        assertThat(mapper.readValue(json, ImportEvent.class)).isEqualTo(event);
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
    void welcomeEmailIsDueOnlyForNativeUsersCreatedPendingActivation() {
        RowProcessed pending = new RowProcessed(1, UUID.randomUUID(), 1, "a", "a@x.io", null, null,
                RowOutcome.CREATED, null, null, AuthType.NATIVE, UserStatus.PENDING_ACTIVATION, true, Instant.now());

        assertThat(pending.welcomeEmailDue()).isTrue();
        assertThat(withStatus(pending, UserStatus.ACTIVE).welcomeEmailDue()).isFalse();
        assertThat(new RowProcessed(1, pending.importId(), 1, "a", "a@x.io", null, null, RowOutcome.CREATED, null,
                null, AuthType.LDAP, UserStatus.PENDING_ACTIVATION, true, Instant.now()).welcomeEmailDue()).isFalse();
        assertThat(new RowProcessed(1, pending.importId(), 1, "a", "a@x.io", null, null, RowOutcome.CREATED, null,
                null, AuthType.NATIVE, UserStatus.PENDING_ACTIVATION, false, Instant.now()).welcomeEmailDue()).isFalse();
        assertThat(RowProcessed.failed(pending.importId(), 1, "a", "a@x.io", "User already exists", Instant.now())
                .welcomeEmailDue()).isFalse();
    }

    @Test
    void userFieldsNeverPrintThePasswordHash() {
        UserFields fields = new UserFields("jdoe", "j@x.io", null, null, null, "{bcrypt}secret-hash", AuthType.NATIVE,
                null, null, null);

        assertThat(fields.toString()).doesNotContain("secret-hash").contains("passwordGiven=true");
    }

    private static RowProcessed withStatus(RowProcessed event, UserStatus status) {
        return new RowProcessed(event.schemaVersion(), event.importId(), event.rowNumber(), event.loginId(),
                event.email(), event.firstName(), event.fullName(), event.outcome(), event.reason(), event.warnings(),
                event.authType(), status, event.sendWelcomeEmail(), event.processedAt());
    }
}
