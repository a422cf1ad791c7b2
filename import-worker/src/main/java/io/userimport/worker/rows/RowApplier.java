package io.userimport.worker.rows;

import static io.userimport.worker.rows.DirectoryWrites.lower;

import io.userimport.model.AuthType;
import io.userimport.model.ImportMode;
import io.userimport.model.RowOutcome;
import io.userimport.model.RowProcessed;
import io.userimport.model.RowSubmitted;
import io.userimport.model.UserFields;
import io.userimport.model.UserStatus;
import io.userimport.worker.rows.DirectoryWrites.Taken;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies a batch of rows to the directory in one transaction, with a handful of set-based
 * statements, while deciding every row's outcome exactly as if the rows ran one by one in
 * order. A row applied before (a redelivery) is not applied again: its stored outcome is
 * returned instead, so it still reports {@code CREATED}, never {@code User already exists}.
 */
@Service
class RowApplier {

    static final String USER_EXISTS = "User already exists";
    static final String EMAIL_IN_USE = "Email already in use";

    private final AppliedRows appliedRows;
    private final DirectoryWrites directory;
    private final Clock clock;

    RowApplier(AppliedRows appliedRows, DirectoryWrites directory, Clock clock) {
        this.appliedRows = appliedRows;
        this.directory = directory;
        this.clock = clock;
    }

    /** Returns one outcome per row, in the order of {@code rows}. */
    @Transactional
    public List<RowProcessed> apply(List<RowSubmitted> rows) {
        Map<RowKey, RowSubmitted> unique = new LinkedHashMap<>();
        rows.forEach(row -> unique.putIfAbsent(key(row), row));
        Map<RowKey, RowProcessed> outcomes = appliedRows.find(unique.keySet());
        List<RowSubmitted> fresh = unique.values().stream().filter(row -> !outcomes.containsKey(key(row))).toList();

        Batch batch = new Batch(fresh);
        List<RowProcessed> freshOutcomes = new ArrayList<>(fresh.size());
        for (RowSubmitted row : fresh) {
            freshOutcomes.add(batch.decide(row));
        }
        batch.write();
        appliedRows.insert(freshOutcomes);
        freshOutcomes.forEach(outcome -> outcomes.put(new RowKey(outcome.importId(), outcome.rowNumber()), outcome));
        return rows.stream().map(row -> outcomes.get(key(row))).toList();
    }

    private static RowKey key(RowSubmitted row) {
        return new RowKey(row.importId(), row.rowNumber());
    }

    /** The directory as the rows of one batch see it, row after row. */
    private final class Batch {

        private final Taken taken;
        private final Map<String, Long> groups;
        private final Map<String, Long> businessUnits;
        private final List<NewUser> creates = new ArrayList<>();
        private final Instant now = clock.instant();

        Batch(List<RowSubmitted> rows) {
            taken = directory.taken(
                    rows.stream().map(row -> row.user().loginId()).filter(Objects::nonNull).toList(),
                    rows.stream().map(row -> row.user().email()).filter(Objects::nonNull).toList());
            groups = directory.ids("user_group", rows.stream().flatMap(row -> row.user().groups().stream()).toList());
            businessUnits = directory.ids("business_unit",
                    rows.stream().flatMap(row -> row.user().businessUnits().stream()).toList());
        }

        RowProcessed decide(RowSubmitted row) {
            UserFields user = row.user();
            boolean exists = row.identifiedByEmail()
                    ? taken.emails().contains(lower(user.email())) || taken.loginIds().contains(lower(user.email()))
                    : taken.loginIds().contains(lower(user.loginId()));
            if (exists && row.mode() == ImportMode.CREATE_ONLY) {
                return failed(row, USER_EXISTS);
            }
            if (user.email() != null && taken.emails().contains(lower(user.email()))) {
                return failed(row, EMAIL_IN_USE);
            }
            Optional<String> unknown = firstUnknown(user.groups(), groups);
            if (unknown.isPresent()) {
                return failed(row, "Unknown group: " + unknown.get());
            }
            unknown = firstUnknown(user.businessUnits(), businessUnits);
            if (unknown.isPresent()) {
                return failed(row, "Unknown business unit: " + unknown.get());
            }
            return create(row);
        }

        private RowProcessed create(RowSubmitted row) {
            UserFields user = row.user();
            List<String> warnings = new ArrayList<>();
            AuthType authType = user.authType() != null ? user.authType()
                    : user.distinguishedName() != null ? AuthType.LDAP : AuthType.NATIVE;
            String passwordHash = user.passwordHash();
            if (authType.isExternal() && passwordHash != null) {
                warnings.add("Password ignored: " + authType + " users sign in through " + authType);
                passwordHash = null;
            }
            UserStatus status = authType == AuthType.NATIVE && passwordHash == null
                    ? UserStatus.PENDING_ACTIVATION : UserStatus.ACTIVE;
            String fullName = user.fullName() != null ? user.fullName() : fullName(user.firstName(), user.lastName());
            creates.add(new NewUser(row.importId(), user.loginId(), user.email(), user.firstName(), user.lastName(),
                    fullName, authType, user.distinguishedName(), passwordHash, status,
                    user.groups().stream().map(name -> groups.get(lower(name))).toList(),
                    user.businessUnits().stream().map(name -> businessUnits.get(lower(name))).toList()));
            taken.loginIds().add(lower(user.loginId()));
            if (user.email() != null) {
                taken.emails().add(lower(user.email()));
            }
            return new RowProcessed(RowProcessed.SCHEMA_VERSION, row.importId(), row.rowNumber(), user.loginId(),
                    user.email(), user.firstName(), fullName, RowOutcome.CREATED, null, warnings, authType, status,
                    row.sendWelcomeEmail(), now);
        }

        void write() {
            Map<String, Long> ids = directory.insert(creates);
            List<long[]> groupMembers = new ArrayList<>();
            List<long[]> unitMembers = new ArrayList<>();
            for (NewUser user : creates) {
                long id = ids.get(lower(user.loginId()));
                user.groupIds().forEach(groupId -> groupMembers.add(new long[] {id, groupId}));
                user.businessUnitIds().forEach(unitId -> unitMembers.add(new long[] {id, unitId}));
            }
            directory.addMembers("user_group_member", "group_id", groupMembers);
            directory.addMembers("user_business_unit", "business_unit_id", unitMembers);
        }

        private RowProcessed failed(RowSubmitted row, String reason) {
            return RowProcessed.failed(row.importId(), row.rowNumber(), row.user().loginId(), row.user().email(),
                    reason, now);
        }
    }

    private static Optional<String> firstUnknown(List<String> names, Map<String, Long> known) {
        return names.stream().filter(name -> !known.containsKey(lower(name))).findFirst();
    }

    private static String fullName(String firstName, String lastName) {
        String joined = String.join(" ", Stream.of(firstName, lastName).filter(Objects::nonNull).toList()).trim();
        return joined.isEmpty() ? null : joined;
    }
}
