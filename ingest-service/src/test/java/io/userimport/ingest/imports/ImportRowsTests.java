package io.userimport.ingest.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.userimport.infra.RealDatabaseJdbcTest;
import io.userimport.ingest.imports.ImportRows.FailedRow;
import io.userimport.ingest.imports.ImportRows.StagedRow;
import io.userimport.ingest.imports.RowReview.ReviewedRow;
import io.userimport.model.AuthType;
import io.userimport.model.PropertyChange;
import io.userimport.model.RowOutcome;
import io.userimport.model.RowProcessed;
import io.userimport.model.UserStatus;
import io.userimport.model.UserFields;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.PreparedStatementSetter;
import org.springframework.jdbc.core.simple.JdbcClient;

/** How rows are staged and read back, on the real database with the service's own schema. */
@RealDatabaseJdbcTest
@ImportAutoConfiguration(JacksonAutoConfiguration.class)
@Import(ImportRows.class)
class ImportRowsTests {

    /** Cells that a careless copy would break: the CSV and JSON quoting characters, line breaks, escapes. */
    private static final String AWKWARD = "O'Brien, \"Jr.\"\nline two\r\n\\N \\t tab\there ünïcødé 😀";

    @Autowired
    ImportRows rows;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    JdbcTemplate jdbcTemplate;

    @Test
    void refreshedStatisticsCountTheRowsOfTheImportBeingStagedAndKnowEachKeyIsRare() {
        UUID other = job();
        stage(other, "other", 1, 2_000);
        UUID importId = job();
        stage(importId, "user", 1, 50);
        jdbc.sql("analyze import_row").update(); // the planner takes this import for 50 rows
        stage(importId, "user", 51, 5_000);
        // and knows nothing of the keys, as for a table never analyzed (this test's transaction is rolled back)
        jdbc.sql("""
                delete from pg_statistic where starelid = 'import_row'::regclass
                and staattnum in (select attnum from pg_attribute where attrelid = 'import_row'::regclass
                                  and attname in ('login_key', 'email_key'))""").update();
        List<String> keys = new ArrayList<>();
        for (int row = 4_001; row <= 6_000; row++) { // a batch's keys: half of them staged, half not yet
            keys.add("user" + row);
        }
        assertThat(plannedRows(importId)).as("before").isLessThan(1_000);

        rows.analyze();

        assertThat(plannedRows(importId)).as("after").isBetween(4_000L, 6_000L);
        for (String column : List.of("login_key", "email_key")) {
            assertThat(plannedMatches(importId, column, keys)).as("after, at most a row for each key, " + column)
                    .isLessThanOrEqualTo(keys.size());
        }
        assertThat(rows.firstRows(importId, "login_key", List.of("user1", "user5000", "user5001", "other7")))
                .containsExactlyInAnyOrderEntriesOf(Map.of("user1", 1, "user5000", 5_000));
    }

    /** How many staged rows the database expects the import to have: what it plans each batch's look-ups by. */
    private long plannedRows(UUID importId) {
        return plannedRows("explain select row_number from import_row where import_id = ?", ps -> ps.setObject(1,
                importId));
    }

    /** How many of the import's staged rows the database expects to match a batch's keys. */
    private long plannedMatches(UUID importId, String keyColumn, List<String> keys) {
        return plannedRows("explain select r.row_number from unnest(?) as k(key) join import_row r on r.import_id = ? "
                + "and r." + keyColumn + " = k.key", ps -> {
                    ps.setArray(1, ps.getConnection().createArrayOf("varchar", keys.toArray()));
                    ps.setObject(2, importId);
                });
    }

    private long plannedRows(String explain, PreparedStatementSetter parameters) {
        String top = jdbcTemplate.query(explain, parameters, (rs, n) -> rs.getString(1)).get(0);
        Matcher rows = Pattern.compile("rows=(\\d+)").matcher(top);
        assertThat(rows.find()).as(top).isTrue();
        return Long.parseLong(rows.group(1));
    }

    private void stage(UUID importId, String prefix, int from, int to) {
        List<ReviewedRow> batch = new ArrayList<>();
        for (int row = from; row <= to; row++) {
            String login = prefix + row;
            batch.add(new ReviewedRow(row, new UserFields(login, login + "@example.com", null, null, null, null,
                    AuthType.NATIVE, null, List.of(), List.of()), List.of(login), List.of()));
        }
        rows.insert(importId, batch);
    }

    @Test
    void stagedRowsReadBackExactlyAsReviewedWhateverTheirCharacters() {
        UUID importId = job();
        UserFields awkward = new UserFields("o'brien", "o.brien@example.com", AWKWARD, "", null, null,
                AuthType.NATIVE, null, List.of("Sales, EMEA", "\"Quoted\""), List.of());
        List<String> cells = Arrays.asList("o'brien", null, AWKWARD, "");
        ReviewedRow failed = new ReviewedRow(2, awkward, cells,
                List.of(new Finding("email", "Email \"x,y\" is not valid;\nsee row", AWKWARD, false)));
        ReviewedRow valid = new ReviewedRow(3, new UserFields("plain", "plain@example.com", "Plain", "Row", null, null,
                AuthType.NATIVE, null, List.of(), List.of()), List.of("plain"), List.of());

        String tooLong = "x".repeat(ImportRows.MAX_SHOWN + 5) + "@example.com";
        ReviewedRow oddIdentities = new ReviewedRow(4, new UserFields(AWKWARD, tooLong, null, null, null, null,
                AuthType.NATIVE, null, List.of(), List.of()), List.of(), List.of());

        rows.insert(importId, List.of(failed, valid, oddIdentities));

        assertThat(rows.list(importId, null, null, 0, 10)).extracting(RowView::loginId, RowView::email)
                .as("identities kept as given, one too long for its column cut to it")
                .containsExactly(tuple("o'brien", "o.brien@example.com"), tuple("plain", "plain@example.com"),
                        tuple(AWKWARD, tooLong.substring(0, ImportRows.MAX_SHOWN)));
        List<StagedRow> staged = rows.page(importId, 1, 0, 10, false);
        assertThat(staged).extracting(StagedRow::rowNumber).containsExactly(2, 3, 4);
        assertThat(staged.get(0).user()).isEqualTo(awkward);
        assertThat(staged.get(0).reviewError()).isEqualTo("Email \"x,y\" is not valid;\nsee row");
        assertThat(staged.get(1).reviewError()).as("a row without findings has no error, not an empty one").isNull();
        assertThat(staged.get(1).user()).isEqualTo(valid.user());
        assertThat(jdbc.sql("select user_fields::text from import_row where import_id = :id and row_number = 3")
                .param("id", importId).query(String.class).single())
                .as("absent fields are not stored").doesNotContain("null", "fullName", "passwordHash");
        assertThat(rows.findings(importId, 0, 10)).singleElement()
                .satisfies(finding -> assertThat(finding.value()).isEqualTo(AWKWARD));
        assertThat(rows.firstRows(importId, "login_key", List.of("o'brien", "plain", "absent")))
                .containsExactlyInAnyOrderEntriesOf(Map.of("o'brien", 2, "plain", 3));

        rows.failInvalid(importId);
        assertThat(rows.failures(importId, 0, 10)).singleElement().satisfies(row -> {
            assertThat(row.rowNumber()).isEqualTo(2);
            assertThat(row.cells()).as("in the file's order, a password's place kept empty").isEqualTo(cells);
            assertThat(row.reason()).isEqualTo("Email \"x,y\" is not valid;\nsee row");
        });
        assertThat(rows.failures(importId, 0, 10)).extracting(FailedRow::rowNumber).doesNotContain(3, 4);
    }

    @Test
    void storesEachRowsFirstOutcomeWithItsWarningsAndChangesAndCountsARepeatedOneNoMore() {
        UUID importId = job();
        UserFields user = new UserFields("a", "a@example.com", null, null, null, null, null, null, List.of(), List.of());
        rows.insert(importId, List.of(new ReviewedRow(2, user, List.of(), List.of()),
                new ReviewedRow(3, user, List.of(), List.of())));
        Instant at = Instant.parse("2026-11-21T10:15:30.123Z");
        RowProcessed updated = new RowProcessed(RowProcessed.SCHEMA_VERSION, importId, 2, 1, "a", "a@example.com",
                null, null, RowOutcome.UPDATED, null, List.of("Group 'x' kept", "Password \"ignored\", row, two"),
                List.of(new PropertyChange("firstName", "Old", "New")), AuthType.NATIVE, UserStatus.ACTIVE, false,
                false, at);
        RowProcessed created = new RowProcessed(RowProcessed.SCHEMA_VERSION, importId, 3, 1, "b", "b@example.com",
                null, null, RowOutcome.CREATED, null, List.of(), List.of(), AuthType.NATIVE, UserStatus.ACTIVE, false,
                false, at);

        assertThat(rows.recordOutcomes(read(updated, created, updated))).containsExactly(true, true, false);
        assertThat(rows.recordOutcomes(read(created))).as("redelivered").containsExactly(false);

        assertThat(rows.list(importId, null, null, 0, 10)).satisfiesExactly(
                row -> {
                    assertThat(row.outcome()).isEqualTo(RowOutcome.UPDATED);
                    assertThat(row.warnings()).containsExactly("Group 'x' kept", "Password \"ignored\", row, two");
                    assertThat(row.changes()).containsExactly(new PropertyChange("firstName", "Old", "New"));
                },
                row -> {
                    assertThat(row.outcome()).isEqualTo(RowOutcome.CREATED);
                    assertThat(row.warnings()).isEmpty();
                    assertThat(row.changes()).isEmpty();
                });
        assertThat(jdbc.sql("select count(*) from row_outcome where import_id = :id and warnings = '{}'")
                .param("id", importId).query(Integer.class).single()).as("no warnings: an empty array, not null")
                .isEqualTo(1);
    }

    @Test
    void aBatchWithAnOutcomeStoredBeforeStoresAndCountsOnlyItsNewOnesAndKeepsTheStoredOne() {
        UUID importId = job();
        assertThat(rows.recordOutcomes(read(outcome(importId, 1, 1, RowOutcome.CREATED, null))))
                .containsExactly(true);

        assertThat(rows.recordOutcomes(read(outcome(importId, 2, 1, RowOutcome.CREATED, null),
                outcome(importId, 1, 1, RowOutcome.FAILED, "User already exists"),
                outcome(importId, 3, 1, RowOutcome.FAILED, "User already exists"),
                outcome(importId, 3, 1, RowOutcome.CREATED, null))))
                .as("a new row, a redelivered one, a new one twice").containsExactly(true, false, true, false);

        assertThat(jdbc.sql("select row_number || ' ' || outcome from row_outcome where import_id = :id order by 1")
                .param("id", importId).query(String.class).list())
                .containsExactly("1 CREATED", "2 CREATED", "3 FAILED");
    }

    @Test
    void aRetriedRowTakesItsNewAttemptsOutcomeAndKeepsItsEarlierOne() {
        UUID importId = job();
        UserFields user = new UserFields("a", "a@example.com", null, null, null, null, null, null, List.of(), List.of());
        rows.insert(importId, List.of(new ReviewedRow(1, user, List.of("a"), List.of()),
                new ReviewedRow(2, user, List.of("b"), List.of())));
        assertThat(rows.recordOutcomes(read(outcome(importId, 1, 1, RowOutcome.FAILED, "User already exists"),
                outcome(importId, 2, 1, RowOutcome.CREATED, null)))).containsExactly(true, true);
        assertThat(rows.failures(importId, 0, 10)).extracting(FailedRow::rowNumber).containsExactly(1);

        jdbc.sql("update import_job set attempt = 2 where id = :id").param("id", importId).update();
        assertThat(rows.resetFailedForRetry(importId, 2)).isEqualTo(1);

        assertThat(rows.list(importId, null, null, 0, 10)).satisfiesExactly(
                row -> assertThat(row).extracting(RowView::attempt, RowView::outcome).containsExactly(2, null),
                row -> assertThat(row).extracting(RowView::attempt, RowView::outcome)
                        .containsExactly(1, RowOutcome.CREATED));
        assertThat(rows.failures(importId, 0, 10)).as("the retried row has no outcome yet").isEmpty();
        assertThat(rows.list(importId, RowOutcome.FAILED, null, 0, 10)).isEmpty();
        assertThat(rows.page(importId, 2, 0, 10, true)).extracting(StagedRow::rowNumber).containsExactly(1);

        assertThat(rows.recordOutcomes(read(outcome(importId, 1, 1, RowOutcome.FAILED, "User already exists"),
                outcome(importId, 1, 3, RowOutcome.CREATED, null),
                outcome(UUID.randomUUID(), 1, 1, RowOutcome.CREATED, null))))
                .as("a late outcome of the first attempt, one of an attempt not begun, one of an unknown import")
                .containsExactly(false, false, false);
        assertThat(rows.recordOutcomes(read(outcome(importId, 1, 2, RowOutcome.UPDATED, null))))
                .containsExactly(true);

        assertThat(rows.list(importId, RowOutcome.UPDATED, null, 0, 10)).singleElement()
                .extracting(RowView::rowNumber, RowView::attempt).containsExactly(1, 2);
        assertThat(rows.list(importId, RowOutcome.FAILED, null, 0, 10)).isEmpty();
        assertThat(rows.page(importId, 2, 0, 10, true)).isEmpty();
        assertThat(jdbc.sql("select attempt || ' ' || outcome from row_outcome where import_id = :id and row_number = 1 "
                + "order by attempt").param("id", importId).query(String.class).list())
                .containsExactly("1 FAILED", "2 UPDATED");
    }

    /** The events as the results listener reads them. */
    private static List<CountedOutcome> read(RowProcessed... events) {
        return Arrays.stream(events).map(event -> new CountedOutcome(event.importId(), event.rowNumber(),
                event.attempt(), event.outcome(), event.reason(), event.warnings(), event.changes(),
                event.processedAt())).toList();
    }

    private static RowProcessed outcome(UUID importId, int rowNumber, int attempt, RowOutcome outcome, String reason) {
        return new RowProcessed(RowProcessed.SCHEMA_VERSION, importId, rowNumber, attempt, "a", "a@example.com", null,
                null, outcome, reason, List.of(), List.of(), AuthType.NATIVE, UserStatus.ACTIVE, false, false,
                Instant.now());
    }

    private UUID job() {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                insert into import_job (id, status, mode, skip_invalid_rows, send_welcome_emails, submitted_by,
                                        submitted_at)
                values (:id, 'VALIDATING', 'CREATE_ONLY', true, false, 'test', now())""").param("id", id).update();
        return id;
    }
}
