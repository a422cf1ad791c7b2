package io.userimport.model;

/**
 * Kafka topic names shared by every service. The version suffix changes only with an
 * incompatible change of the events a topic carries.
 */
public final class Topics {

    /** {@link RowSubmitted} events, one per CSV row, written by the ingest service. */
    public static final String ROWS = "user-import.rows.v1";

    /** {@link RowProcessed} events, one per row outcome, written by the worker (and the ingest service for rows rejected in review). */
    public static final String RESULTS = "user-import.results.v1";

    /**
     * The {@link RowProcessed} events someone is to be told of ({@link RowProcessed#noteworthy}:
     * failures, welcome emails due, retries' outcomes), each also on {@link #RESULTS}. The
     * notification service reads only these: most outcomes of a large import are none of them.
     */
    public static final String NOTEWORTHY_RESULTS = "user-import.noteworthy-results.v1";

    /** {@link UserActivated} events, written by the notification service when a user sets a password through the welcome link. */
    public static final String ACTIVATIONS = "user-import.activations.v1";

    /** {@link ImportCancelled} and {@link ImportFinished} events, keyed by import id, written by the ingest service. */
    public static final String IMPORTS = "user-import.imports.v1";

    /** Row events that could not be processed at all (unreadable, or failing after every retry). */
    public static final String ROWS_DEAD_LETTER = deadLetterOf(ROWS);

    /** Result events that a consumer could not process at all. */
    public static final String RESULTS_DEAD_LETTER = deadLetterOf(RESULTS);

    /**
     * Every topic of the pipeline. Each service declares them all at start-up, with the same
     * partition count, before its listeners subscribe: no topic is ever auto-created with the
     * broker's default partition count.
     */
    public static final java.util.List<String> ALL = java.util.List.of(ROWS, RESULTS, NOTEWORTHY_RESULTS, ACTIVATIONS,
            IMPORTS, ROWS_DEAD_LETTER, RESULTS_DEAD_LETTER, deadLetterOf(NOTEWORTHY_RESULTS), deadLetterOf(ACTIVATIONS),
            deadLetterOf(IMPORTS));

    private Topics() {
    }

    /** The topics an outcome is published to: {@link #RESULTS}, and {@link #NOTEWORTHY_RESULTS} when it is noteworthy. */
    public static java.util.List<String> forOutcome(RowProcessed outcome) {
        return outcome.noteworthy() ? java.util.List.of(RESULTS, NOTEWORTHY_RESULTS) : java.util.List.of(RESULTS);
    }

    /** The topic where records of {@code topic} go when they cannot be processed. */
    public static String deadLetterOf(String topic) {
        return topic + ".DLT";
    }

    /**
     * The record key for a user's events: every event about one user lands on one partition,
     * so rows for the same user are applied in file order. Two spellings of one
     * identity ({@link CaseKey}) share a key.
     */
    public static String userKey(String identity) {
        return identity == null ? "" : CaseKey.of(identity.trim());
    }
}
