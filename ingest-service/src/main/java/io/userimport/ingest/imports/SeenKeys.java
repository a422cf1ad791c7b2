package io.userimport.ingest.imports;

import com.google.common.hash.BloomFilter;
import com.google.common.hash.Funnels;

/**
 * The login id or email keys of a file's rows staged so far, in a Bloom filter of a fixed size.
 * A key it was never given is certainly new to the file, and needs no look-up among the staged
 * rows; one it may have been given is looked up there, as every key was before. The look-ups of
 * a million rows' keys took the database about 6 s of processor time, a third of what staging
 * the rows took it; now only a key seen before (or about 1% of the others) is looked up.
 *
 * <p>Memory does not grow with the file: a filter is sized for at most {@link #CAPACITY} keys
 * (about 2.4 MB) at a 1% chance of taking a new key for one seen. Given more, it rules out fewer
 * new keys (about 84% at twice its capacity, 56% at three times), each still a look-up spared;
 * once it would rule out fewer than half (a file of some six million rows), it stops answering
 * and every later key is looked up. A staging resumed after a stop has no filter: the rows
 * staged before it were never given to one.
 */
final class SeenKeys {

    static final int CAPACITY = 2_000_000;
    static final double FALSE_SEEN = 0.01;
    static final double MAX_FALSE_SEEN = 0.5;

    /** Null when every key is to be looked up. */
    private BloomFilter<CharSequence> filter;

    private SeenKeys(BloomFilter<CharSequence> filter) {
        this.filter = filter;
    }

    /** A filter for the keys of a file of {@code rows} rows, staged from its first row. */
    static SeenKeys forFile(long rows) {
        return new SeenKeys(BloomFilter.create(Funnels.unencodedCharsFunnel(),
                Math.max(1_000, Math.min(rows, CAPACITY)), FALSE_SEEN));
    }

    /** No filter: every key may have been seen. */
    static SeenKeys unknown() {
        return new SeenKeys(null);
    }

    /**
     * Records the key, and tells whether a row given to this filter before may have had it:
     * false only when none certainly had.
     */
    boolean mayHaveSeen(String key) {
        return filter == null || !filter.put(key);
    }

    /** After each batch: a filter that has grown too full to spare look-ups stops answering. */
    void checkFill() {
        if (filter != null && filter.expectedFpp() > MAX_FALSE_SEEN) {
            filter = null;
        }
    }

    /** Whether the filter still spares look-ups. */
    boolean answering() {
        return filter != null;
    }
}
