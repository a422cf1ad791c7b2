package io.userimport.ingest.imports;

import com.google.common.hash.BloomFilter;
import com.google.common.hash.Funnels;
import java.nio.charset.StandardCharsets;

/**
 * The login id or email keys of a file's rows staged so far, in a Bloom filter of a fixed size.
 * A key it was never given is certainly new to the file, and needs no look-up among the staged
 * rows; one it may have been given is looked up there, as every key was before. The look-ups of
 * a million rows' keys took the database about 6 s of processor time, a third of what staging
 * the rows took it; now only a key seen before (or a few percent of the others) is looked up.
 *
 * <p>Memory does not grow with the file: a filter is sized for at most {@link #CAPACITY} keys
 * (about 1.8 MB) at a 3% chance of taking a new key for one seen. Given more, it rules out fewer
 * new keys (about 77% at twice its capacity), each still a look-up spared; once it would rule out
 * fewer than half (a file of some six million rows), it stops answering and every later key is
 * looked up. A staging resumed after a stop has no filter: the rows staged before it were never
 * given to one.
 *
 * <p>Keys go to the filter as their UTF-8 bytes, which its hash takes 16 at a time, not char by
 * char; and at 3% it sets and tests five bits a key, not seven. Measured alone, two million keys
 * took 317 ms instead of 510 ms (at 1%, char by char); in a million-row import the filter had 14%
 * of the staging thread's samples. A 3% chance costs little: a key taken for seen is one more
 * entry in the batch's indexed look-up.
 */
final class SeenKeys {

    static final int CAPACITY = 2_000_000;
    static final double FALSE_SEEN = 0.03;
    static final double MAX_FALSE_SEEN = 0.5;

    /** Null when every key is to be looked up. */
    private BloomFilter<CharSequence> filter;

    private SeenKeys(BloomFilter<CharSequence> filter) {
        this.filter = filter;
    }

    /** A filter for the keys of a file of {@code rows} rows, staged from its first row. */
    static SeenKeys forFile(long rows) {
        return new SeenKeys(BloomFilter.create(Funnels.stringFunnel(StandardCharsets.UTF_8),
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
