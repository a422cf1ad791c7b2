package io.userimport.ingest.imports;

/**
 * When staging an import refreshes the database's statistics of the staged rows: once 10,000
 * rows are staged, then each time the count has doubled since (six times for a million rows,
 * nine for ten million, with the rule below). Until the statistics count an import's rows, the
 * database plans each batch's look-up of earlier rows with the same login id or email as if the
 * import had almost none: a scan of all of them per batch, which grows with the file (autovacuum
 * analyzes the table only after its own delay, a minute into a large import). A small import
 * never needs it.
 *
 * <p>The statistics serve the look-ups of the batches still to come, so they are refreshed only
 * while at least as many rows are left to stage as are staged: never after the last batch, where
 * a refresh is pure cost (it samples three columns: tens of milliseconds, where every column at
 * the default size took 0.35 to 0.74 s for a million staged rows), nor for the last half of a
 * file, whose statistics already count the import in hundreds of thousands of rows, enough for
 * the look-up to go key by key through the index.
 */
final class StatisticsSchedule {

    static final int FIRST_AT = 10_000;

    private final long totalRows;
    /**
     * The staged count from which the statistics are due; an import resumed after a stop refreshes
     * them at once, if at least half its file is left to stage.
     */
    private long next = FIRST_AT;

    /** @param totalRows the rows of the file */
    StatisticsSchedule(long totalRows) {
        this.totalRows = totalRows;
    }

    /** Whether the statistics are due now that {@code staged} rows are staged; if so, the next time is set. */
    boolean due(int staged) {
        if (staged < next) {
            return false;
        }
        next = 2L * staged;
        return totalRows - staged >= staged;
    }
}
