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

    private final Map<String, Long> ids = new HashMap<>();
    private final Map<Long, String> names = new HashMap<>();

    void add(long id, String name) {
        ids.put(DirectoryWrites.key(name), id);
        names.put(id, name);
    }

    /** The first of {@code requested} that does not exist. */
    Optional<String> firstUnknown(List<String> requested) {
        for (String name : requested) {
            if (!ids.containsKey(DirectoryWrites.key(name))) {
                return Optional.of(name);
            }
        }
        return Optional.empty();
    }

    /** The id of a name this batch knows (every name its rows or mirror user refer to). */
    Optional<Long> id(String name) {
        return Optional.ofNullable(ids.get(DirectoryWrites.key(name)));
    }

    Set<Long> ids(List<String> requested) {
        Set<Long> found = new TreeSet<>();
        requested.forEach(name -> found.add(ids.get(DirectoryWrites.key(name))));
        return found;
    }

    /** The names of {@code memberIds}, sorted and joined as a groups cell would hold them. */
    String describe(Collection<Long> memberIds) {
        return String.join("; ", memberIds.stream().map(names::get).sorted(String.CASE_INSENSITIVE_ORDER).toList());
    }
}
