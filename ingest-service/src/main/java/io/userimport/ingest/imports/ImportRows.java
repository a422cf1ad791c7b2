package io.userimport.ingest.imports;

import io.userimport.ingest.imports.RowReview.ReviewedRow;
import io.userimport.model.ImportCancelled;
import io.userimport.model.ImportFinished;
import io.userimport.model.PropertyChange;
import io.userimport.model.RowOutcome;
import io.userimport.model.UserFields;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import com.fasterxml.jackson.annotation.JsonInclude;
import org.postgresql.PGConnection;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The staged rows of every import, what review found in them, and the outcome each one ends with
 * (in {@code row_outcome}, one per attempt: a row's current attempt is its staged row's).
 */
@Repository
class ImportRows {

    private static final TypeReference<List<Finding>> FINDINGS = new TypeReference<>() { };
    private static final TypeReference<List<PropertyChange>> CHANGES = new TypeReference<>() { };
    private static final TypeReference<List<String>> CELLS = new TypeReference<>() { };

    /** Joins a staged row {@code r} to the outcome {@code o} of its current attempt. */
    private static final String CURRENT_ATTEMPT =
            "o.import_id = r.import_id and o.row_number = r.row_number and o.attempt = r.attempt";
    /** What a {@link RowView} shows of a staged row {@code r} and its outcome {@code o}. */
    private static final String ROW_VIEW = """
            select r.row_number, r.attempt, r.login_id, r.email, o.outcome,
                   coalesce(o.reason, r.review_error) as reason, o.warnings, o.changes
            """;

    /** The size of the login id and email columns. */
    static final int MAX_SHOWN = 1000;

    private final JdbcClient jdbc;
    private final JdbcTemplate jdbcTemplate;
    private final JsonMapper json;
    /** Writes a staged user without its absent (null) fields: a third less to store for each row, read back the same. */
    private final JsonMapper compact;
    /** Runs a statement behind a savepoint in the caller's transaction (in a transaction of its own without one). */
    private final TransactionTemplate savepoint;

    ImportRows(JdbcClient jdbc, JdbcTemplate jdbcTemplate, JsonMapper json, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.jdbcTemplate = jdbcTemplate;
        this.json = json;
        this.savepoint = new TransactionTemplate(transactions);
        savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        this.compact = json.rebuild()
                .changeDefaultPropertyInclusion(inclusion -> inclusion.withValueInclusion(JsonInclude.Include.NON_NULL))
                .build();
    }

    /**
     * Refreshes the database's statistics of the staged rows' import and keys. An import's rows
     * are a bulk load into one table; until the statistics count them, the database takes the
     * import for a few rows and plans the look-up of earlier rows with the same login id or email
     * as a hash of all of them, once per batch ({@link StatisticsSchedule} says when); and until it
     * knows each key is rare (a table never analyzed), it expects a batch's keys to match a
     * two-hundredth of the import each, and plans the same. Only those three columns, from a small
     * sample (V7, V8): the whole table's statistics took 0.35 to 0.74 s for a million staged rows,
     * and held staging meanwhile; this takes tens of milliseconds.
     */
    void analyze() {
        jdbcTemplate.execute("analyze import_row (import_id, login_key, email_key)");
    }

    void deleteAll(UUID importId) {
        jdbc.sql("delete from row_outcome where import_id = :id").param("id", importId).update();
        jdbc.sql("delete from import_row where import_id = :id").param("id", importId).update();
    }

    /**
     * Stages reviewed rows with one binary {@code COPY} ({@link BinaryCopy}), in the caller's
     * transaction: several times cheaper for the database than the same rows as inserts, which
     * matters on the hot path.
     */
    void insert(UUID importId, List<ReviewedRow> rows) {
        BinaryCopy copy = new BinaryCopy(rows.size() * 600);
        for (ReviewedRow row : rows) {
            copy.row(10).uuid(importId).integer(row.rowNumber()).text(shown(row.user().loginId()))
                    .text(shown(row.user().email())).utf8(compact.writeValueAsBytes(row.user()))
                    .utf8(json.writeValueAsBytes(row.original()))
                    .utf8(row.findings().isEmpty() ? null : json.writeValueAsBytes(row.findings()))
                    .text(row.error()).text(row.loginKey()).text(row.emailKey());
        }
        jdbcTemplate.execute((ConnectionCallback<Long>) connection -> {
            try {
                return connection.unwrap(PGConnection.class).getCopyAPI().copyIn("""
                        copy import_row (import_id, row_number, login_id, email, user_fields, original, findings,
                                         review_error, login_key, email_key) from stdin (format binary)""",
                        copy.finish());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /**
     * A login id or email as its row keeps it for display: one too long to be valid (its row
     * failed review) is cut to what its column holds.
     */
    static String shown(String identity) {
        return identity == null || identity.length() <= MAX_SHOWN ? identity : identity.substring(0, MAX_SHOWN);
    }

    /**
     * The first row of the import staged so far with each of these keys ({@code login_key} or
     * {@code email_key}), by key; keys no row has yet are absent.
     */
    Map<String, Integer> firstRows(UUID importId, String keyColumn, Collection<String> keys) {
        Map<String, Integer> first = new HashMap<>();
        if (keys.isEmpty()) {
            return first;
        }
        // a join with the keys, not "key = any(?)": once the statement is prepared, the database may plan it
        // for any array, and for this one it then sometimes scanned every staged row of the import comparing
        // each with every key (0.7 s a batch for 20,000 rows, and growing with the file); joined, that generic
        // plan looks each key up in the index. A plan for the actual keys may still hash all the import's rows
        // when the statistics take the import for a few rows, or know nothing of the keys: staging keeps them
        // current (analyze). A lateral look-up per key ("order by row_number limit 1") is no way around them:
        // with such statistics it was planned as a walk through all the import's rows in order for each key,
        // 13 s a batch
        jdbcTemplate.query("""
                select r.%1$s, min(r.row_number) from unnest(?) as k(key)
                join import_row r on r.import_id = ? and r.%1$s = k.key group by 1"""
                .formatted(keyColumn), ps -> {
            ps.setArray(1, ps.getConnection().createArrayOf("varchar", keys.toArray()));
            ps.setObject(2, importId);
        }, rs -> {
            first.put(rs.getString(1), rs.getInt(2));
        });
        return first;
    }

    /** Removes the rows after {@code afterRow}: those of a batch whose staging a stop interrupted. */
    void deleteAfter(UUID importId, int afterRow) {
        jdbc.sql("delete from import_row where import_id = :id and row_number > :after").param("id", importId)
                .param("after", afterRow).update();
    }

    /** Fails every row that did not pass review, for an import that stops before applying anything. */
    int failInvalid(UUID importId) {
        return jdbc.sql("""
                insert into row_outcome (import_id, row_number, attempt, outcome, reason, processed_at)
                select import_id, row_number, attempt, 'FAILED', review_error, now() from import_row
                where import_id = :id and review_error is not null
                on conflict do nothing
                """).param("id", importId).update();
    }

    /**
     * Gives an outcome to every row of the attempt after {@code afterRow} that has none and will
     * never be published: {@code FAILED} with its reason if it failed review, else {@code CANCELLED}.
     *
     * @return how many rows ended with each outcome
     */
    Map<RowOutcome, Integer> cancelRemaining(UUID importId, int attempt, int afterRow) {
        Map<RowOutcome, Integer> counts = new EnumMap<>(RowOutcome.class);
        jdbc.sql("""
                insert into row_outcome (import_id, row_number, attempt, outcome, reason, processed_at)
                select import_id, row_number, attempt, case when review_error is null then 'CANCELLED' else 'FAILED' end,
                       coalesce(review_error, :cancelled), now()
                from import_row where import_id = :id and attempt = :attempt and row_number > :after
                on conflict do nothing
                returning outcome
                """).param("id", importId).param("attempt", attempt).param("after", afterRow)
                .param("cancelled", ImportCancelled.ROW_REASON).query(String.class).list()
                .forEach(outcome -> counts.merge(RowOutcome.valueOf(outcome), 1, Integer::sum));
        return counts;
    }

    /**
     * Opens attempt {@code attempt} for every row that failed in the directory (rows that failed
     * review fail again the same way: they need a corrected file). Returns how many. The outcomes
     * of their earlier attempts are kept.
     */
    int resetFailedForRetry(UUID importId, int attempt) {
        return jdbc.sql("""
                update import_row r set attempt = :attempt
                from row_outcome o
                where r.import_id = :id and r.review_error is null and %s and o.outcome = 'FAILED'
                """.formatted(CURRENT_ATTEMPT)).param("id", importId).param("attempt", attempt).update();
    }

    /**
     * The next rows of attempt {@code attempt} to publish after {@code afterRow}, in file order;
     * only those without an outcome yet when {@code missingOnly}.
     */
    List<StagedRow> page(UUID importId, int attempt, int afterRow, int size, boolean missingOnly) {
        return jdbc.sql("""
                select row_number, user_fields, review_error from import_row r
                where import_id = :id and attempt = :attempt and row_number > :after
                  and (not :missingOnly or not exists (select from row_outcome o where %s))
                order by row_number limit :size
                """.formatted(CURRENT_ATTEMPT)).param("id", importId).param("attempt", attempt)
                .param("after", afterRow).param("size", size).param("missingOnly", missingOnly)
                .query((rs, n) -> new StagedRow(rs.getInt("row_number"),
                        json.readValue(rs.getString("user_fields"), UserFields.class), rs.getString("review_error")))
                .list();
    }

    /**
     * Stores each event's outcome unless its row already has one for that attempt, in one insert
     * that leaves the staged rows alone. An outcome of an attempt the job has not begun, or of a
     * job this service does not hold, is not stored. A late outcome of an earlier attempt finds
     * that attempt's outcome already stored: a row is retried only after it failed.
     *
     * <p>Nearly every batch holds only outcomes never stored before, so it goes as a plain insert
     * behind a savepoint; only a batch with an outcome stored already (redelivered) goes again,
     * after the savepoint, skipping the stored ones. An insert that checks every row for a stored
     * outcome first ({@code on conflict do nothing}) cost the database 1.0 to 1.5 s more for a
     * million rows (measured alone on PostgreSQL 15, 2,000 rows a statement).
     *
     * @return for each event, whether it was the first outcome of its row's attempt
     */
    boolean[] recordOutcomes(List<CountedOutcome> events) {
        // a row twice in one batch is stored and counted once: with its first event
        RowKey[] keys = new RowKey[events.size()];
        Map<RowKey, CountedOutcome> distinct = new LinkedHashMap<>();
        for (int i = 0; i < keys.length; i++) {
            keys[i] = RowKey.of(events.get(i));
            distinct.putIfAbsent(keys[i], events.get(i));
        }
        List<CountedOutcome> batch = List.copyOf(distinct.values());
        Set<RowKey> firsts;
        try {
            firsts = savepoint.execute(status -> insertOutcomes(batch, ""));
        } catch (DuplicateKeyException storedBefore) {
            firsts = insertOutcomes(batch, "on conflict do nothing");
        }
        boolean[] first = new boolean[keys.length];
        for (int i = 0; i < keys.length; i++) {
            first[i] = firsts.remove(keys[i]);
        }
        return first;
    }

    /** Inserts the outcomes with {@code onConflict} ("" or a clause); returns the rows stored. */
    private Set<RowKey> insertOutcomes(List<CountedOutcome> events, String onConflict) {
        Set<RowKey> stored = new HashSet<>();
        jdbcTemplate.query("""
                insert into row_outcome (import_id, row_number, attempt, outcome, reason, warnings, changes,
                                         processed_at)
                select v.import_id, v.row_number, v.attempt, v.outcome, v.reason,
                       case when v.warnings is null then '{}' else array(select json_array_elements_text(v.warnings)) end,
                       v.changes, v.processed_at
                from unnest(?, ?, ?, ?, ?, ?, ?, ?)
                       as v(import_id, row_number, attempt, outcome, reason, warnings, changes, processed_at)
                join import_job j on j.id = v.import_id and v.attempt <= j.attempt
                %s
                returning import_id, row_number, attempt
                """.formatted(onConflict), ps -> {
            java.sql.Connection c = ps.getConnection();
            ps.setArray(1, c.createArrayOf("uuid", events.stream().map(CountedOutcome::importId).toArray()));
            ps.setObject(2, events.stream().mapToInt(CountedOutcome::rowNumber).toArray());
            ps.setObject(3, events.stream().mapToInt(CountedOutcome::attempt).toArray());
            ps.setArray(4, c.createArrayOf("varchar", events.stream().map(e -> e.outcome().name()).toArray()));
            ps.setArray(5, c.createArrayOf("text", events.stream().map(CountedOutcome::reason).toArray()));
            // warnings travel as one JSON array per row (a text[][] cannot hold rows of different lengths),
            // null for the many rows without any
            ps.setArray(6, c.createArrayOf("json", events.stream().map(e -> e.warnings().isEmpty() ? null
                    : json.writeValueAsString(e.warnings())).toArray()));
            ps.setArray(7, c.createArrayOf("json", events.stream().map(e -> e.changes().isEmpty() ? null
                    : json.writeValueAsString(e.changes())).toArray()));
            ps.setArray(8, c.createArrayOf("timestamptz", events.stream().map(e -> Timestamp.from(e.processedAt()))
                    .toArray()));
        }, rs -> {
            stored.add(new RowKey(rs.getObject(1, UUID.class), rs.getInt(2), rs.getInt(3)));
        });
        return stored;
    }

    private record RowKey(UUID importId, int rowNumber, int attempt) {

        static RowKey of(CountedOutcome event) {
            return new RowKey(event.importId(), event.rowNumber(), event.attempt());
        }
    }

    /**
     * One page of rows in file order, optionally of one outcome: the rows after {@code afterRow}
     * when it is given (keyset paging, as fast on the last page of a million rows as on the
     * first), else page {@code page}.
     */
    List<RowView> list(UUID importId, RowOutcome outcome, Integer afterRow, int page, int size) {
        // rows of one outcome are found from the narrow outcomes, all rows from the staged ones
        String sql = ROW_VIEW + (outcome == null ? """
                from import_row r left join row_outcome o on %s
                where r.import_id = :id and r.row_number > :after
                order by r.row_number limit :size offset :offset
                """ : """
                from row_outcome o join import_row r on %s
                where o.import_id = :id and o.outcome = :outcome and o.row_number > :after
                order by o.row_number limit :size offset :offset
                """).formatted(CURRENT_ATTEMPT);
        return jdbc.sql(sql).param("id", importId).param("outcome", outcome == null ? null : outcome.name())
                .param("after", afterRow == null ? 0 : afterRow).param("size", size)
                .param("offset", afterRow == null ? (long) page * size : 0L)
                .query((rs, n) -> new RowView(rs.getInt("row_number"), rs.getInt("attempt"), rs.getString("login_id"),
                        rs.getString("email"), rs.getString("outcome") == null ? null
                        : RowOutcome.valueOf(rs.getString("outcome")), rs.getString("reason"),
                        ImportJobs.strings(rs.getArray("warnings")),
                        rs.getString("changes") == null ? List.of() : json.readValue(rs.getString("changes"), CHANGES)))
                .list();
    }

    /** What review found, row by row after {@code afterRow}, for at most {@code size} rows. */
    List<FindingView> findings(UUID importId, int afterRow, int size) {
        return jdbc.sql("""
                select row_number, findings from import_row
                where import_id = :id and findings is not null and row_number > :after
                order by row_number limit :size
                """).param("id", importId).param("after", afterRow).param("size", size)
                .query((rs, n) -> {
                    int rowNumber = rs.getInt("row_number");
                    return json.readValue(rs.getString("findings"), FINDINGS).stream()
                            .map(f -> new FindingView(rowNumber, f.column(), f.problem(), f.value(), f.warning())).toList();
                })
                .list().stream().flatMap(List::stream).toList();
    }

    /** The first failed rows of an import, for its completion report. */
    List<ImportFinished.Failure> firstFailures(UUID importId, int size) {
        return jdbc.sql("""
                select r.row_number, r.login_id, r.email, coalesce(o.reason, r.review_error) as reason
                from row_outcome o join import_row r on %s
                where o.import_id = :id and o.outcome = 'FAILED' order by o.row_number limit :size
                """.formatted(CURRENT_ATTEMPT)).param("id", importId).param("size", size)
                .query((rs, n) -> new ImportFinished.Failure(rs.getInt("row_number"), rs.getString("login_id"),
                        rs.getString("email"), rs.getString("reason")))
                .list();
    }

    /**
     * The failed rows after {@code afterRow}: their cells as uploaded, in the file's column order
     * (never a password), and why they failed.
     */
    List<FailedRow> failures(UUID importId, int afterRow, int size) {
        return jdbc.sql("""
                select r.row_number, r.original, coalesce(o.reason, r.review_error) as reason
                from row_outcome o join import_row r on %s
                where o.import_id = :id and o.outcome = 'FAILED' and o.row_number > :after
                order by o.row_number limit :size
                """.formatted(CURRENT_ATTEMPT)).param("id", importId).param("after", afterRow).param("size", size)
                .query((rs, n) -> new FailedRow(rs.getInt("row_number"),
                        json.readValue(rs.getString("original"), CELLS),
                        rs.getString("reason")))
                .list();
    }

    /** A row as staged, ready to publish; {@code reviewError} is set when it failed review. */
    record StagedRow(int rowNumber, UserFields user, String reviewError) {
    }

    /** A failed row: {@code cells} are in the file's column order, empty when the row was not read cell by cell. */
    record FailedRow(int rowNumber, List<String> cells, String reason) {
    }
}
