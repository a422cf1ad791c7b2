package io.userimport.worker.rows;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The groups (or business units) one batch refers to: ids by name key, and names by id
 * for describing a change of membership.
 */
final class Names {

    /** Stands for "no such name" among the ids by spelling (ids are positive). */
    private static final long UNKNOWN = -1;

    private final Map<String, Long> ids = new HashMap<>();
    private final Map<Long, String> names = new HashMap<>();
    /**
     * Ids by name as the rows spell it: the rows of a batch name the same few groups, mostly
     * spelled alike, and each spelling is folded to its key once, not once per row.
     */
    private final Map<String, Long> bySpelling = new HashMap<>();

    void add(long id, String name) {
        ids.put(DirectoryWrites.key(name), id);
        names.put(id, name);
        bySpelling.clear();
    }

    /** The first of {@code requested} that does not exist. */
    Optional<String> firstUnknown(List<String> requested) {
        for (String name : requested) {
            if (lookUp(name) == UNKNOWN) {
                return Optional.of(name);
            }
        }
        return Optional.empty();
    }

    /** The id of a name this batch knows (every name its rows or mirror user refer to). */
    Optional<Long> id(String name) {
        long id = lookUp(name);
        return id == UNKNOWN ? Optional.empty() : Optional.of(id);
    }

    /** The ids of names this batch knows ({@link #firstUnknown} found none of them unknown). */
    Set<Long> ids(List<String> requested) {
        Set<Long> found = new TreeSet<>();
        for (String name : requested) {
            long id = lookUp(name);
            if (id == UNKNOWN) {
                throw new IllegalArgumentException("No such name in this batch: " + name);
            }
            found.add(id);
        }
        return found;
    }

    private long lookUp(String name) {
        Long id = bySpelling.get(name);
        if (id == null) {
            id = ids.getOrDefault(DirectoryWrites.key(name), UNKNOWN);
            bySpelling.put(name, id);
        }
        return id;
    }

    /** The names of {@code memberIds}, sorted and joined as a groups cell would hold them. */
    String describe(Collection<Long> memberIds) {
        return String.join("; ", memberIds.stream().map(names::get).sorted(String.CASE_INSENSITIVE_ORDER).toList());
    }
}
