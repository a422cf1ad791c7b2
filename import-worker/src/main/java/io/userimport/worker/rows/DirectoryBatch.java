package io.userimport.worker.rows;

import static io.userimport.worker.rows.DirectoryWrites.key;

import io.userimport.model.AuthType;
import io.userimport.model.BuiltIns;
import io.userimport.model.ImportCancelled;
import io.userimport.model.ImportMode;
import io.userimport.model.PropertyChange;
import io.userimport.model.RowOutcome;
import io.userimport.model.RowProcessed;
import io.userimport.model.RowSubmitted;
import io.userimport.model.UserFields;
import io.userimport.model.UserStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * The directory as the rows of one batch see it, row after row: every row's outcome is decided
 * exactly as if the rows ran one by one, in order, and each row's change is recorded in the
 * users it touches. A failing row changes nothing. {@link DirectoryWrites} then writes the touched
 * users with a few set-based statements.
 */
final class DirectoryBatch {

    static final String USER_EXISTS = "User already exists";
    static final String EMAIL_IN_USE = "Email already in use";
    static final String MISSING_EMAIL = "Missing email (required for new users)";
    static final String LDAP_WITHOUT_DN = "LDAP users need a distinguished_name";
    static final String ADMINISTRATOR_GROUPS = "Groups not changed: the built-in Administrator's groups never change "
            + "through an import";
    static final String ADMINISTRATOR_SIGN_IN = "Sign-in not changed: the built-in Administrator's password comes "
            + "from APP_ADMIN_PASSWORD, and its auth type never changes through an import";
    static final String ADDED_TO_SECURITY_ADMINISTRATORS = "Added to " + BuiltIns.SECURITY_ADMINISTRATORS
            + ": this user may now import users and read the whole directory";

    private final Map<String, UserState> byLoginId = new LinkedHashMap<>();
    private final Map<String, UserState> byEmail = new LinkedHashMap<>();
    private final Map<String, UserState> touched = new LinkedHashMap<>();
    private final Names groups;
    private final Names businessUnits;
    private final Set<UUID> cancelledImports;
    private final Instant now;

    DirectoryBatch(Collection<UserState> users, Names groups, Names businessUnits, Set<UUID> cancelledImports,
                   Instant now) {
        users.forEach(this::index);
        this.groups = groups;
        this.businessUnits = businessUnits;
        this.cancelledImports = cancelledImports;
        this.now = now;
    }

    /** The users that rows created or changed, each once, with their final state. */
    Collection<UserState> touched() {
        return touched.values();
    }

    RowProcessed decide(RowSubmitted row) {
        if (cancelledImports.contains(row.importId())) {
            return RowProcessed.notApplied(row, RowOutcome.CANCELLED, ImportCancelled.ROW_REASON, now);
        }
        UserFields user = row.user();
        UserState existing = row.identifiedByEmail()
                ? byEmail.getOrDefault(key(user.email()), byLoginId.get(key(user.email())))
                : byLoginId.get(key(user.loginId()));
        if (existing == null) {
            return create(row);
        }
        return row.mode() == ImportMode.CREATE_ONLY ? failed(row, USER_EXISTS) : update(row, existing);
    }

    private RowProcessed create(RowSubmitted row) {
        UserFields user = row.user();
        if (user.email() == null) {
            return failed(row, MISSING_EMAIL);
        }
        if (byEmail.containsKey(key(user.email()))) {
            return failed(row, EMAIL_IN_USE);
        }
        List<String> groupNames = inherit(user.groups(), row.mirror() == null ? null : row.mirror().groups());
        List<String> unitNames = inherit(user.businessUnits(),
                row.mirror() == null ? null : row.mirror().businessUnits());
        String unknown = unknown(groupNames, unitNames);
        if (unknown != null) {
            return failed(row, unknown);
        }
        AuthType authType = user.authType() != null ? user.authType()
                : user.distinguishedName() != null ? AuthType.LDAP : AuthType.NATIVE;
        if (authType == AuthType.LDAP && user.distinguishedName() == null) {
            return failed(row, LDAP_WITHOUT_DN);
        }
        List<String> warnings = new ArrayList<>();
        String passwordHash = user.passwordHash();
        if (authType.isExternal() && passwordHash != null) {
            warnings.add(passwordIgnored(authType));
            passwordHash = null;
        }
        UserState created = new UserState();
        created.created = true;
        created.loginId = row.identifiedByEmail() ? user.email() : user.loginId();
        created.email = user.email();
        created.firstName = user.firstName();
        created.lastName = user.lastName();
        created.fullName = user.fullName() != null ? user.fullName() : UserFields.fullNameOf(user.firstName(), user.lastName());
        created.authType = authType;
        created.distinguishedName = user.distinguishedName();
        created.passwordHash = passwordHash;
        created.status = authType == AuthType.NATIVE && passwordHash == null
                ? UserStatus.PENDING_ACTIVATION : UserStatus.ACTIVE;
        created.createdByImport = row.importId();
        created.groupIds.addAll(groups.ids(groupNames));
        if (addsSecurityAdministrator(Set.of(), created.groupIds)) {
            warnings.add(ADDED_TO_SECURITY_ADMINISTRATORS);
        }
        created.businessUnitIds.addAll(businessUnits.ids(unitNames));
        index(created);
        touched.put(key(created.loginId), created);
        return outcome(row, created, RowOutcome.CREATED, warnings, List.of(), true);
    }

    private RowProcessed update(RowSubmitted row, UserState user) {
        UserFields cells = row.user();
        String unknown = unknown(cells.groups(), cells.businessUnits());
        if (unknown != null) {
            return failed(row, unknown);
        }
        String email = cells.email() != null ? cells.email() : user.email;
        UserState owner = byEmail.get(key(email));
        if (owner != null && owner != user) {
            return failed(row, EMAIL_IN_USE);
        }
        List<String> warnings = new ArrayList<>();
        if (user.builtIn && (cells.authType() != null || cells.distinguishedName() != null
                || cells.passwordHash() != null)) {
            warnings.add(ADMINISTRATOR_SIGN_IN);
        }
        AuthType authType = cells.authType() != null && !user.builtIn ? cells.authType() : user.authType;
        String distinguishedName = cells.distinguishedName() != null && !user.builtIn ? cells.distinguishedName()
                : user.distinguishedName;
        if (authType == AuthType.LDAP && distinguishedName == null) {
            return failed(row, LDAP_WITHOUT_DN);
        }
        String passwordHash = user.passwordHash; // the built-in Administrator's comes from APP_ADMIN_PASSWORD alone
        if (!user.builtIn && authType.isExternal()) {
            if (cells.passwordHash() != null) {
                warnings.add(passwordIgnored(authType));
            }
            passwordHash = null;
        } else if (!user.builtIn && cells.passwordHash() != null) {
            passwordHash = cells.passwordHash();
        }
        UserStatus status = user.status;
        if (authType.isExternal() || passwordHash != null && !passwordHash.equals(user.passwordHash)) {
            status = UserStatus.ACTIVE;
        } else if (user.authType.isExternal() && passwordHash == null) {
            status = UserStatus.PENDING_ACTIVATION; // turned native with no password: must set one
        }
        Set<Long> groupIds = user.groupIds;
        if (!cells.groups().isEmpty()) {
            if (user.builtIn) {
                warnings.add(ADMINISTRATOR_GROUPS);
            } else {
                groupIds = groups.ids(cells.groups());
                if (addsSecurityAdministrator(user.groupIds, groupIds)) {
                    warnings.add(ADDED_TO_SECURITY_ADMINISTRATORS);
                }
            }
        }
        Set<Long> unitIds = cells.businessUnits().isEmpty() ? user.businessUnitIds
                : businessUnits.ids(cells.businessUnits());

        Changes changes = new Changes();
        changes.compare("email", user.email, email);
        changes.compare("firstName", user.firstName, or(cells.firstName(), user.firstName));
        changes.compare("lastName", user.lastName, or(cells.lastName(), user.lastName));
        changes.compare("fullName", user.fullName, or(cells.fullName(), user.fullName));
        changes.compare("authType", user.authType.name(), authType.name());
        changes.compare("distinguishedName", user.distinguishedName, distinguishedName);
        changes.comparePassword(user.passwordHash, passwordHash);
        changes.compare("status", user.status.name(), status.name());
        boolean fieldsChanged = !changes.list.isEmpty();
        boolean groupsChanged = !groupIds.equals(user.groupIds);
        if (groupsChanged) {
            changes.compare("groups", groups.describe(user.groupIds), groups.describe(groupIds));
        }
        boolean unitsChanged = !unitIds.equals(user.businessUnitIds);
        if (unitsChanged) {
            changes.compare("businessUnits", businessUnits.describe(user.businessUnitIds),
                    businessUnits.describe(unitIds));
        }
        if (changes.list.isEmpty()) {
            return outcome(row, user, RowOutcome.UNCHANGED, warnings, List.of(), false);
        }
        boolean becamePending = status == UserStatus.PENDING_ACTIVATION && user.status != status;
        byEmail.remove(key(user.email));
        user.email = email;
        user.firstName = or(cells.firstName(), user.firstName);
        user.lastName = or(cells.lastName(), user.lastName);
        user.fullName = or(cells.fullName(), user.fullName);
        user.authType = authType;
        user.distinguishedName = distinguishedName;
        user.passwordHash = passwordHash;
        user.status = status;
        user.groupIds = groupIds;
        user.businessUnitIds = unitIds;
        user.fieldsChanged |= fieldsChanged;
        user.groupsChanged |= groupsChanged;
        user.businessUnitsChanged |= unitsChanged;
        index(user);
        touched.put(key(user.loginId), user);
        return outcome(row, user, RowOutcome.UPDATED, warnings, changes.list, becamePending);
    }

    private boolean addsSecurityAdministrator(Set<Long> before, Set<Long> after) {
        return groups.id(BuiltIns.SECURITY_ADMINISTRATORS).filter(id -> after.contains(id) && !before.contains(id))
                .isPresent();
    }

    private String unknown(List<String> groupNames, List<String> unitNames) {
        return groups.firstUnknown(groupNames).map(name -> "Unknown group: " + name)
                .or(() -> businessUnits.firstUnknown(unitNames).map(name -> "Unknown business unit: " + name))
                .orElse(null);
    }

    private void index(UserState user) {
        byLoginId.put(key(user.loginId), user);
        if (user.email != null) {
            byEmail.put(key(user.email), user);
        }
    }

    /**
     * @param leftPending whether this row is what left the user pending activation (created so,
     *                    or turned native without a password): only then is a welcome email due
     */
    private RowProcessed outcome(RowSubmitted row, UserState user, RowOutcome outcome, List<String> warnings,
                                 List<PropertyChange> changes, boolean leftPending) {
        boolean welcome = leftPending && row.sendWelcomeEmail() && !row.dryRun() && user.authType == AuthType.NATIVE
                && user.status == UserStatus.PENDING_ACTIVATION;
        return new RowProcessed(RowProcessed.SCHEMA_VERSION, row.importId(), row.rowNumber(), row.attempt(),
                user.loginId, user.email, user.firstName, user.fullName, outcome, null, warnings, changes,
                user.authType, user.status, welcome, row.dryRun(), now);
    }

    private RowProcessed failed(RowSubmitted row, String reason) {
        return RowProcessed.notApplied(row, RowOutcome.FAILED, reason, now);
    }

    private static List<String> inherit(List<String> own, List<String> mirrored) {
        return own.isEmpty() && mirrored != null ? mirrored : own;
    }

    private static String passwordIgnored(AuthType authType) {
        return "Password ignored: " + authType + " users sign in through " + authType;
    }

    private static String or(String value, String otherwise) {
        return value != null ? value : otherwise;
    }

    /** What a row changes, property by property; a password shows as hidden. */
    private static final class Changes {

        final List<PropertyChange> list = new ArrayList<>();

        boolean compare(String property, String from, String to) {
            if (Objects.equals(from, to)) {
                return false;
            }
            list.add(new PropertyChange(property, from, to));
            return true;
        }

        void comparePassword(String from, String to) {
            if (!Objects.equals(from, to)) {
                list.add(new PropertyChange("password", from == null ? null : PropertyChange.HIDDEN,
                        to == null ? null : PropertyChange.HIDDEN));
            }
        }
    }
}
