package io.userimport.ingest.imports;

import io.userimport.ingest.imports.RowReview.ReviewedRow;
import io.userimport.model.UserFields;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.stereotype.Component;

/**
 * Finds the rows of a batch whose login id or email an earlier row of the same file has
 * (compared by {@link io.userimport.model.CaseKey}): in the rows staged before, by one indexed
 * lookup per kind of the keys that {@link SeenKeys} cannot rule out, and earlier in the batch.
 * Such a row fails review, naming the first row; the first one is applied. Memory stays one
 * batch and two filters of a fixed size whatever the file's size.
 */
@Component
class FileDuplicates {

    static final String LOGIN_ID = "Duplicate login id in file";
    static final String EMAIL = "Duplicate email in file";

    private final ImportRows rows;

    FileDuplicates(ImportRows rows) {
        this.rows = rows;
    }

    /**
     * The keys of the rows a staging has flagged, one filter per kind: {@link #forFile} when it
     * stages a file from its first row, {@link #unknown} when rows were staged before it.
     */
    record Seen(SeenKeys logins, SeenKeys emails) {

        static Seen forFile(long rows) {
            return new Seen(SeenKeys.forFile(rows), SeenKeys.forFile(rows));
        }

        static Seen unknown() {
            return new Seen(SeenKeys.unknown(), SeenKeys.unknown());
        }
    }

    /**
     * The batch, in order, each later occurrence of a login id or email with its finding added.
     * {@code seen} holds the keys of the rows flagged before, and takes this batch's.
     */
    List<ReviewedRow> flag(UUID importId, List<ReviewedRow> batch, Seen seen) {
        List<ReviewedRow> flagged = flag(importId, batch, seen.logins(), "login_id", "login_key",
                ReviewedRow::loginKey, UserFields::loginId, LOGIN_ID);
        return flag(importId, flagged, seen.emails(), "email", "email_key", ReviewedRow::emailKey, UserFields::email,
                EMAIL);
    }

    private List<ReviewedRow> flag(UUID importId, List<ReviewedRow> batch, SeenKeys seen, String column,
                                   String keyColumn, Function<ReviewedRow, String> key,
                                   Function<UserFields, String> identity, String reason) {
        Set<String> keys = new HashSet<>();
        for (ReviewedRow row : batch) { // a loop, not a stream: the JIT compilers reach streams late
            String rowKey = key.apply(row);
            // a key first met in this batch is found below, among the batch's own rows
            if (rowKey != null && seen.mayHaveSeen(rowKey)) {
                keys.add(rowKey);
            }
        }
        seen.checkFill();
        Map<String, Integer> first = new HashMap<>(rows.firstRows(importId, keyColumn, keys));
        List<ReviewedRow> result = new ArrayList<>(batch.size());
        for (ReviewedRow row : batch) {
            String rowKey = key.apply(row);
            // a key twice in this batch is among those looked up (the filter never rules out a key it was
            // given), so a row whose key is not needs no entry here: most rows, none allocated
            Integer firstRow = rowKey == null || !keys.contains(rowKey) ? null
                    : first.putIfAbsent(rowKey, row.rowNumber());
            result.add(firstRow == null ? row : row.with(new Finding(column, reason + " (first in row " + firstRow
                    + ")", ImportRows.shown(identity.apply(row.user())), false)));
        }
        return result;
    }
}
