package io.userimport.worker.rows;

import io.userimport.model.Memberships;
import io.userimport.model.RowOutcome;
import io.userimport.model.RowProcessed;
import io.userimport.model.RowSubmitted;
import io.userimport.model.UserFields;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applies a batch of rows to the directory in one transaction, with a handful of set-based
 * statements, while deciding every row's outcome exactly as if the rows ran one by one in
 * order (see {@link DirectoryBatch}). A row attempt applied before (a redelivery) is not applied
 * again: its stored outcome is returned instead, so it still reports {@code CREATED}, never
 * {@code User already exists}. A dry run goes through the very same steps in a transaction that
 * is rolled back.
 */
@Service
public class RowApplier {

    private final AppliedRows appliedRows;
    private final DirectoryWrites directory;
    private final TransactionTemplate transactions;
    private final Clock clock;

    RowApplier(AppliedRows appliedRows, DirectoryWrites directory, TransactionTemplate transactions, Clock clock) {
        this.appliedRows = appliedRows;
        this.directory = directory;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** Applies the rows and returns one outcome per row, in the order of {@code rows}. */
    public List<RowProcessed> apply(List<RowSubmitted> rows) {
        return events(applyOutcomes(rows));
    }

    /** {@link #apply}, with each outcome's JSON as stored, ready to publish. */
    List<Outcome> applyOutcomes(List<RowSubmitted> rows) {
        return transactions.execute(status -> applyInTransaction(rows));
    }

    /**
     * Ends a row that cannot be applied with {@code FAILED} and {@code reason}, stored like any
     * outcome, so that its event coming again re-emits this outcome instead of applying it; a
     * dry run's row is only reported. Returns the outcome to publish (the stored one, should the
     * row have one already).
     */
    public RowProcessed refuse(RowSubmitted row, String reason) {
        return refuseOutcome(row, reason).event();
    }

    /** {@link #refuse}, with the outcome's JSON as stored, ready to publish. */
    Outcome refuseOutcome(RowSubmitted row, String reason) {
        RowProcessed failed = RowProcessed.notApplied(row, RowOutcome.FAILED, reason, clock.instant());
        return row.dryRun() ? appliedRows.serialize(failed) : appliedRows.insertIfAbsent(failed);
    }

    /** Decides the rows exactly as {@link #apply} would, then rolls everything back: nothing changes. */
    public List<RowProcessed> preview(List<RowSubmitted> rows) {
        return events(previewOutcomes(rows));
    }

    /** {@link #preview}, with each outcome's JSON, ready to publish. */
    List<Outcome> previewOutcomes(List<RowSubmitted> rows) {
        return transactions.execute(status -> {
            List<Outcome> outcomes = applyInTransaction(rows);
            status.setRollbackOnly();
            return outcomes;
        });
    }

    private List<Outcome> applyInTransaction(List<RowSubmitted> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        directory.findByIndexes();
        Map<RowKey, RowSubmitted> unique = new LinkedHashMap<>();
        rows.forEach(row -> unique.putIfAbsent(RowKey.of(row), row));
        Map<RowKey, Outcome> outcomes = appliedRows.find(unique.keySet());
        List<RowSubmitted> fresh = unique.values().stream().filter(row -> !outcomes.containsKey(RowKey.of(row)))
                .toList();

        DirectoryBatch batch = load(fresh);
        List<Outcome> freshOutcomes = new ArrayList<>(fresh.size());
        for (RowSubmitted row : fresh) {
            freshOutcomes.add(appliedRows.serialize(batch.decide(row)));
        }
        directory.write(batch.touched());
        appliedRows.insert(freshOutcomes);
        freshOutcomes.forEach(outcome -> outcomes.put(RowKey.of(outcome.event()), outcome));
        return rows.stream().map(row -> outcomes.get(RowKey.of(row))).toList();
    }

    private static List<RowProcessed> events(List<Outcome> outcomes) {
        return outcomes.stream().map(Outcome::event).toList();
    }

    /** Reads everything the rows refer to, one statement per kind. */
    private DirectoryBatch load(List<RowSubmitted> rows) {
        List<String> emails = rows.stream().map(row -> row.user().email()).filter(Objects::nonNull).toList();
        // in a file without login ids the email is the login id, so such a row's email is looked up as both
        List<String> loginIds = rows.stream().map(row -> row.identifiedByEmail() ? row.user().email()
                : row.user().loginId()).filter(Objects::nonNull).distinct().toList();
        List<UserState> existing = directory.users(loginIds, emails);
        Names groups = directory.names("user_group", names(rows, UserFields::groups, Memberships::groups),
                existing.stream().flatMap(u -> u.groupIds.stream()).collect(Collectors.toSet()));
        Names units = directory.names("business_unit",
                names(rows, UserFields::businessUnits, Memberships::businessUnits),
                existing.stream().flatMap(u -> u.businessUnitIds.stream()).collect(Collectors.toSet()));
        Set<UUID> cancelled = directory.cancelled(rows.stream().map(RowSubmitted::importId)
                .collect(Collectors.toSet()));
        return new DirectoryBatch(existing, groups, units, cancelled, clock.instant());
    }

    /** Every group (or business unit) name the rows or their mirror users name. */
    private static Collection<String> names(List<RowSubmitted> rows, Function<UserFields, List<String>> own,
                                            Function<Memberships, List<String>> mirrored) {
        Set<String> names = new HashSet<>();
        for (RowSubmitted row : rows) {
            names.addAll(own.apply(row.user()));
            if (row.mirror() != null) {
                names.addAll(mirrored.apply(row.mirror()));
            }
        }
        return names;
    }
}
