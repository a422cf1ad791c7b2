package io.userimport.worker.rows;

import io.userimport.model.RowProcessed;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** The outcome stored with every applied row: what makes a redelivered row re-emit instead of re-apply. */
@Repository
class AppliedRows {

    private final JdbcTemplate jdbc;
    private final JsonMapper json;

    AppliedRows(JdbcTemplate jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** The stored outcomes of those of {@code keys} that were applied before. */
    Map<RowKey, Outcome> find(Collection<RowKey> keys) {
        Map<RowKey, Outcome> found = new HashMap<>();
        jdbc.query("""
                select a.event from applied_row a
                join unnest(?, ?, ?) as k(import_id, row_number, attempt)
                  on a.import_id = k.import_id and a.row_number = k.row_number and a.attempt = k.attempt
                """, ps -> {
            Connection connection = ps.getConnection();
            ps.setArray(1, connection.createArrayOf("uuid", keys.stream().map(RowKey::importId).toArray(UUID[]::new)));
            ps.setArray(2, connection.createArrayOf("integer", keys.stream().map(RowKey::rowNumber).toArray(Integer[]::new)));
            ps.setArray(3, connection.createArrayOf("integer", keys.stream().map(RowKey::attempt).toArray(Integer[]::new)));
        }, rs -> {
            byte[] stored = rs.getString(1).getBytes(StandardCharsets.UTF_8);
            RowProcessed event = json.readValue(stored, RowProcessed.class);
            found.put(RowKey.of(event), new Outcome(event, stored));
        });
        return found;
    }

    /**
     * Stores the outcome of a row that could not be applied, unless its attempt has one already,
     * and returns the attempt's stored outcome: a row reported {@code FAILED} is never applied
     * afterwards, even when its event comes again.
     */
    Outcome insertIfAbsent(RowProcessed failed) {
        jdbc.update("""
                insert into applied_row (import_id, row_number, attempt, outcome, event)
                values (?, ?, ?, ?, ?) on conflict do nothing
                """, failed.importId(), failed.rowNumber(), failed.attempt(), failed.outcome().name(),
                json.writeValueAsString(failed));
        return find(List.of(RowKey.of(failed))).get(RowKey.of(failed));
    }

    /** Serializes an outcome as it is stored and published. */
    Outcome serialize(RowProcessed event) {
        return new Outcome(event, json.writeValueAsBytes(event));
    }

    /**
     * Stores the outcomes of freshly applied rows. Their JSON travels as a binary {@code bytea[]}:
     * no text escaping on either side, which matters on the hot path.
     */
    void insert(List<Outcome> outcomes) {
        if (outcomes.isEmpty()) {
            return;
        }
        jdbc.update("""
                insert into applied_row (import_id, row_number, attempt, outcome, event)
                select k, n, a, o, convert_from(e, 'UTF8') from unnest(?, ?, ?, ?, ?) as t(k, n, a, o, e)
                """, ps -> {
            Connection connection = ps.getConnection();
            ps.setArray(1, connection.createArrayOf("uuid", outcomes.stream().map(o -> o.event().importId()).toArray(UUID[]::new)));
            ps.setObject(2, outcomes.stream().mapToInt(o -> o.event().rowNumber()).toArray());
            ps.setObject(3, outcomes.stream().mapToInt(o -> o.event().attempt()).toArray());
            ps.setArray(4, connection.createArrayOf("text", outcomes.stream().map(o -> o.event().outcome().name()).toArray()));
            ps.setObject(5, outcomes.stream().map(Outcome::json).toArray(byte[][]::new));
        });
    }
}
