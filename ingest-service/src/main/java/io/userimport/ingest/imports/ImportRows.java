package io.userimport.ingest.imports;

import io.userimport.ingest.imports.RowReview.ReviewedRow;
import io.userimport.model.RowOutcome;
import io.userimport.model.RowProcessed;
import io.userimport.model.UserFields;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** The staged rows of every import, and the outcome each one ends with. */
@Repository
class ImportRows {

    private final JdbcClient jdbc;
    private final JdbcTemplate jdbcTemplate;
    private final JsonMapper json;

    ImportRows(JdbcClient jdbc, JdbcTemplate jdbcTemplate, JsonMapper json) {
        this.jdbc = jdbc;
        this.jdbcTemplate = jdbcTemplate;
        this.json = json;
    }

    void deleteAll(UUID importId) {
        jdbc.sql("delete from import_row where import_id = :id").param("id", importId).update();
    }

    void insert(UUID importId, List<ReviewedRow> rows) {
        jdbcTemplate.batchUpdate("""
                insert into import_row (import_id, row_number, login_id, email, user_fields, original, review_error)
                values (?, ?, ?, ?, cast(? as jsonb), cast(? as jsonb), ?)
                """, rows, rows.size(), (PreparedStatement ps, ReviewedRow row) -> {
            ps.setObject(1, importId);
            ps.setInt(2, row.rowNumber());
            ps.setString(3, row.user().loginId());
            ps.setString(4, row.user().email());
            ps.setString(5, json.writeValueAsString(row.user()));
            ps.setString(6, json.writeValueAsString(row.original()));
            ps.setString(7, row.error());
        });
    }

    /**
     * Flags every occurrence after the first of a login id or email in one file (compared
     * case-insensitively), in one statement each, however large the file.
     */
    void flagDuplicates(UUID importId) {
        flagDuplicates(importId, "login_id", "Duplicate login id in file");
        flagDuplicates(importId, "email", "Duplicate email in file");
    }

    private void flagDuplicates(UUID importId, String column, String reason) {
        jdbc.sql("""
                update import_row r
                set review_error = coalesce(r.review_error || '; ', '') || :reason || ' (first in row ' || d.first_row || ')'
                from (select row_number, min(row_number) over (partition by lower(%1$s)) as first_row
                      from import_row where import_id = :id and %1$s is not null) d
                where r.import_id = :id and r.row_number = d.row_number and d.row_number <> d.first_row
                """.formatted(column)).param("id", importId).param("reason", reason).update();
    }

    /** How many rows an import has staged, and how many of them failed review, in one pass over them. */
    StagedCounts counts(UUID importId) {
        return jdbc.sql("select count(*) as total, count(review_error) as invalid from import_row where import_id = :id")
                .param("id", importId).query((rs, n) -> new StagedCounts(rs.getInt("total"), rs.getInt("invalid")))
                .single();
    }

    /** Fails every row that did not pass review, for an import that stops before applying anything. */
    int failInvalid(UUID importId) {
        return jdbc.sql("""
                update import_row set outcome = 'FAILED', reason = review_error, processed_at = now()
                where import_id = :id and review_error is not null and outcome is null
                """).param("id", importId).update();
    }

    /** The next rows to publish after {@code afterRow}, in file order. */
    List<StagedRow> page(UUID importId, int afterRow, int size) {
        return jdbc.sql("""
                select row_number, user_fields, review_error from import_row
                where import_id = :id and row_number > :after order by row_number limit :size
                """).param("id", importId).param("after", afterRow).param("size", size)
                .query((rs, n) -> new StagedRow(rs.getInt("row_number"),
                        json.readValue(rs.getString("user_fields"), UserFields.class), rs.getString("review_error")))
                .list();
    }

    /**
     * Stores each event's outcome unless its row already has one.
     *
     * @return for each event, whether it was the first outcome of its row
     */
    boolean[] recordOutcomes(List<RowProcessed> events) {
        int[][] counts = jdbcTemplate.batchUpdate("""
                update import_row set outcome = ?, reason = ?, warnings = ?, processed_at = ?
                where import_id = ? and row_number = ? and outcome is null
                """, events, events.size(), (PreparedStatement ps, RowProcessed event) -> {
            ps.setString(1, event.outcome().name());
            ps.setString(2, event.reason());
            ps.setArray(3, ps.getConnection().createArrayOf("text", event.warnings().toArray()));
            ps.setTimestamp(4, Timestamp.from(event.processedAt()));
            ps.setObject(5, event.importId());
            ps.setInt(6, event.rowNumber());
        });
        boolean[] first = new boolean[events.size()];
        int i = 0;
        for (int[] batch : counts) {
            for (int count : batch) {
                first[i++] = count > 0;
            }
        }
        return first;
    }

    List<RowView> list(UUID importId, RowOutcome outcome, int page, int size) {
        return jdbc.sql("""
                select row_number, login_id, email, outcome, coalesce(reason, review_error) as reason, warnings
                from import_row
                where import_id = :id and (cast(:outcome as varchar) is null or outcome = :outcome)
                order by row_number limit :size offset :offset
                """).param("id", importId).param("outcome", outcome == null ? null : outcome.name())
                .param("size", size).param("offset", (long) page * size)
                .query((rs, n) -> new RowView(rs.getInt("row_number"), rs.getString("login_id"), rs.getString("email"),
                        rs.getString("outcome") == null ? null : RowOutcome.valueOf(rs.getString("outcome")),
                        rs.getString("reason"), ImportJobs.strings(rs.getArray("warnings"))))
                .list();
    }

    record StagedCounts(int total, int invalid) {
    }

    /** A row as staged, ready to publish; {@code reviewError} is set when it failed review. */
    record StagedRow(int rowNumber, UserFields user, String reviewError) {
    }

}
