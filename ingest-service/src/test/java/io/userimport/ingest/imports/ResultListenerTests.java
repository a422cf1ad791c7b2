package io.userimport.ingest.imports;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.userimport.infra.RealDatabaseJdbcTest;
import io.userimport.model.AuthType;
import io.userimport.model.PropertyChange;
import io.userimport.model.RowOutcome;
import io.userimport.model.RowProcessed;
import io.userimport.model.UserStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/** How a job's counts and the outcome metrics follow the outcomes that arrive, on the real database. */
@RealDatabaseJdbcTest
@ImportAutoConfiguration(JacksonAutoConfiguration.class)
@Import({ResultListener.class, ImportRows.class, ImportJobs.class, ResultListenerTests.Beans.class})
class ResultListenerTests {

    @Autowired
    ResultListener listener;
    @Autowired
    MeterRegistry meterRegistry;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    JsonMapper json;

    @Test
    void countsEachRowsFirstOutcomeOnceInTheJobAndInTheMetricsWhenItsEventComesTwice() {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                insert into import_job (id, status, mode, skip_invalid_rows, send_welcome_emails, submitted_by,
                                        submitted_at, total_rows, published_rows, staged_rows)
                values (:id, 'RUNNING', 'CREATE_ONLY', true, true, 'test', now(), 3, 3, 3)""").param("id", id).update();
        List<CountedOutcome> events = asRead(created(id, 1), created(id, 2),
                RowProcessed.notApplied(id, 3, 1, "c", "c@example.com", RowOutcome.FAILED, "User already exists",
                        false, Instant.now()));

        listener.record(events);
        listener.record(events); // redelivered

        assertThat(jdbc.sql("select status, processed_rows, created, failed from import_job where id = :id")
                .param("id", id).query().singleRow())
                .containsEntry("status", "COMPLETED").containsEntry("processed_rows", 3)
                .containsEntry("created", 2).containsEntry("failed", 1);
        assertThat(Map.of("CREATED", counted(RowOutcome.CREATED), "FAILED", counted(RowOutcome.FAILED),
                "UPDATED", counted(RowOutcome.UPDATED))).containsExactlyInAnyOrderEntriesOf(
                Map.of("CREATED", 2.0, "FAILED", 1.0, "UPDATED", 0.0));
    }

    @Test
    void readsWhatItKeepsOfAnOutcomeFromTheWholeEventAsTheWorkerPublishesIt() {
        RowProcessed updated = new RowProcessed(RowProcessed.SCHEMA_VERSION, UUID.randomUUID(), 7, 2, "ada",
                "ada@example.com", "Ada", "Ada Lovelace", RowOutcome.UPDATED, null, List.of("Group 'x' kept"),
                List.of(new PropertyChange("firstName", "Augusta", "Ada")), AuthType.NATIVE, UserStatus.ACTIVE, true,
                false, Instant.parse("2026-11-23T08:00:00.125Z"));
        String published = json.writeValueAsString(updated);
        assertThat(published).contains("\"type\":\"RowProcessed\"", "\"loginId\":\"ada\"", "\"fullName\"");

        assertThat(json.readValue(published, CountedOutcome.class)).isEqualTo(new CountedOutcome(updated.importId(), 7,
                2, RowOutcome.UPDATED, null, List.of("Group 'x' kept"), List.of(new PropertyChange("firstName",
                "Augusta", "Ada")), Instant.parse("2026-11-23T08:00:00.125Z")));
    }

    /** The events as the worker publishes them, read as the listener reads them. */
    private List<CountedOutcome> asRead(RowProcessed... events) {
        return Arrays.stream(events).map(event -> json.readValue(json.writeValueAsBytes(event), CountedOutcome.class))
                .toList();
    }

    private double counted(RowOutcome outcome) {
        return meterRegistry.get("userimport.row.outcomes").tag("outcome", outcome.name()).counter().count();
    }

    private static RowProcessed created(UUID importId, int rowNumber) {
        return new RowProcessed(RowProcessed.SCHEMA_VERSION, importId, rowNumber, 1, "u" + rowNumber,
                "u" + rowNumber + "@example.com", "U", null, RowOutcome.CREATED, null, List.of(), List.of(),
                AuthType.NATIVE, UserStatus.PENDING_ACTIVATION, true, false, Instant.now());
    }

    @TestConfiguration
    static class Beans {

        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }

        @Bean
        Clock clock() {
            return Clock.systemUTC();
        }

        @Bean
        TransactionTemplate transactionTemplate(PlatformTransactionManager transactions) {
            return new TransactionTemplate(transactions);
        }
    }
}
