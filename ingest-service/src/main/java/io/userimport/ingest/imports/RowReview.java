package io.userimport.ingest.imports;

import io.userimport.model.AuthType;
import io.userimport.model.BuiltIns;
import io.userimport.model.CsvColumn;
import io.userimport.model.ImportMode;
import io.userimport.model.UserFields;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVRecord;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Checks one row on its own (the checks against the earlier rows of the file run batch by
 * batch as rows are staged, see {@link FileDuplicates}). A row's password leaves this class
 * only as a hash.
 */
@Component
class RowReview {

    static final int MAX_LOGIN_ID = 100;
    static final int MAX_EMAIL = 254;
    static final int MAX_NAME = 100;
    static final int MAX_FULL_NAME = 200;
    static final int MAX_DN = 500;
    static final int MAX_PASSWORD_BYTES = 72;
    /**
     * The most characters a row may hold in all its cells: the event that carries it to the
     * worker (at most four bytes a character, some escaped) then stays well under Kafka's 1 MB.
     */
    static final int MAX_ROW_CHARS = 65_536;
    /** The most characters of a cell that a finding or a reason quotes. */
    static final int MAX_QUOTED = 100;
    static final String SECURITY_ADMINISTRATOR_WARNING = "Adds the user to " + BuiltIns.SECURITY_ADMINISTRATORS
            + ": they may then import users and read the whole directory";

    private static final Pattern EMAIL = Pattern.compile(
            "^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                    + "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$");

    private final PasswordEncoder passwordEncoder;

    RowReview(PasswordEncoder passwordEncoder) {
        this.passwordEncoder = passwordEncoder;
    }

    ReviewedRow review(int rowNumber, CSVRecord record, HeaderMapping header, ImportMode mode) {
        if (!header.aligned(record)) {
            // a missing or extra comma shifts cells: the password may sit in any column, so none is read or echoed
            return refusedWhole(rowNumber, ("Row has %d cells but the header has %d: a comma is missing or extra, so "
                    + "no cell of it can be trusted. Nothing of this row is shown or kept; fix it in your file and "
                    + "upload it again.").formatted(record.size(), header.headers().size()));
        }
        int chars = 0;
        for (String cell : record) {
            chars += cell.length();
        }
        if (chars > MAX_ROW_CHARS) {
            return refusedWhole(rowNumber, ("Row holds %,d characters; a row may hold at most %,d. Nothing of it is "
                    + "shown or kept: shorten its cells in your file and upload it again.").formatted(chars,
                    MAX_ROW_CHARS));
        }
        Findings findings = new Findings(header, record);
        checkCharacters(header, record, findings);
        String email = header.cell(record, CsvColumn.EMAIL);
        String loginId = header.identifiedByEmail() ? email : header.cell(record, CsvColumn.LOGIN_ID);
        String password = header.cell(record, CsvColumn.PASSWORD);
        String givenHash = header.cell(record, CsvColumn.PASSWORD_HASH);
        String distinguishedName = header.cell(record, CsvColumn.DISTINGUISHED_NAME);

        checkIdentity(header, loginId, email, mode, findings);
        AuthType authType = checkAuthType(header.cell(record, CsvColumn.AUTH_TYPE), distinguishedName, mode, findings);
        findings.checkLength(CsvColumn.FIRST_NAME, MAX_NAME);
        findings.checkLength(CsvColumn.LAST_NAME, MAX_NAME);
        findings.checkLength(CsvColumn.FULL_NAME, MAX_FULL_NAME);
        String derivedFullName = findings.cell(CsvColumn.FULL_NAME) != null ? null
                : UserFields.fullNameOf(findings.cell(CsvColumn.FIRST_NAME), findings.cell(CsvColumn.LAST_NAME));
        if (derivedFullName != null && derivedFullName.length() > MAX_FULL_NAME) {
            findings.add(header.has(CsvColumn.FIRST_NAME) ? CsvColumn.FIRST_NAME : CsvColumn.LAST_NAME, ("first_name "
                    + "and last_name make a full name of %d characters, more than %d: give a shorter full_name")
                    .formatted(derivedFullName.length(), MAX_FULL_NAME));
        }
        findings.checkLength(CsvColumn.DISTINGUISHED_NAME, MAX_DN);
        List<String> groups = names(CsvColumn.GROUPS, findings);
        for (String group : groups) {
            if (group.equalsIgnoreCase(BuiltIns.SECURITY_ADMINISTRATORS)) {
                findings.warn(CsvColumn.GROUPS, SECURITY_ADMINISTRATOR_WARNING);
                break;
            }
        }
        List<String> businessUnits = names(CsvColumn.BUSINESS_UNITS, findings);
        String storedHash = givenHash == null ? null : PasswordHashes.normalize(givenHash);
        if (password != null && givenHash != null) {
            findings.add(CsvColumn.PASSWORD, "Give either a password or a password_hash, not both");
        } else if (password != null && password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            findings.add(CsvColumn.PASSWORD, "Password is longer than " + MAX_PASSWORD_BYTES + " bytes");
        } else if (givenHash != null && storedHash == null) {
            findings.add(CsvColumn.PASSWORD_HASH, "Malformed password_hash: expected a bcrypt hash ($2a$, $2b$ or $2y$) "
                    + "or one prefixed with its algorithm, such as {bcrypt} or {argon2}");
        }

        String passwordHash = !findings.isEmpty() ? null
                : password != null ? passwordEncoder.encode(password) : storedHash;
        UserFields user = new UserFields(loginId, email, header.cell(record, CsvColumn.FIRST_NAME),
                header.cell(record, CsvColumn.LAST_NAME), header.cell(record, CsvColumn.FULL_NAME), passwordHash,
                authType, distinguishedName, groups, businessUnits);
        return new ReviewedRow(rowNumber, user, header.original(record), findings.list());
    }

    /** A row failed as a whole: none of its cells is read, kept or quoted (it may hold a password anywhere). */
    private static ReviewedRow refusedWhole(int rowNumber, String problem) {
        return new ReviewedRow(rowNumber, new UserFields(null, null, null, null, null, null, null, null, null, null),
                List.of(), List.of(new Finding(null, problem, null, false)));
    }

    /**
     * Refuses what the database, an event or an email would: bytes that are not valid in the
     * file's encoding (anywhere but in a password, named and never replaced by a guess), control
     * characters in the user's fields and NUL anywhere. A password's problem never quotes it.
     */
    private static void checkCharacters(HeaderMapping header, CSVRecord record, Findings findings) {
        for (int i = 0; i < record.size(); i++) {
            String cell = record.get(i);
            CsvColumn column = header.column(i);
            if (column == CsvColumn.PASSWORD || column == CsvColumn.PASSWORD_HASH) {
                if (cell.indexOf(CsvFile.UNDECODABLE) >= 0 || cell.indexOf('\0') >= 0) {
                    findings.add(column, column.header() + " holds a NUL character or bytes that are not valid "
                            + "in the file's encoding; save the file as UTF-8");
                }
            } else if (cell.indexOf(CsvFile.UNDECODABLE) >= 0) {
                findings.addAt(i, header.key(i) + " holds bytes that are not valid UTF-8 (shown as \uFFFD): the "
                        + "file may have been saved as Latin-1 or Windows-1252; save it as UTF-8");
            } else if (column != null && hasControl(cell)) {
                findings.addAt(i, header.key(i) + " holds a line break, tab, NUL or other control character");
            } else if (cell.indexOf('\0') >= 0) {
                findings.addAt(i, header.key(i) + " holds a NUL character");
            }
        }
    }

    /**
     * Whether a cell holds a control character (category Cc), or a bidirectional override or isolate
     * that makes text read other than it is. A loop over the characters, not a regular expression:
     * every cell of every row comes here, and the expression's search took a twentieth of the
     * ingest service's processor time.
     */
    static boolean hasControl(String cell) {
        for (int i = 0; i < cell.length(); i++) {
            char c = cell.charAt(i);
            if (isControl(c) || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a login id holds a space or a control character (category Cc, which holds the tab, line
     * breaks and the other whitespace characters besides the space), checked the same way.
     */
    static boolean hasSpaceOrControl(String loginId) {
        for (int i = 0; i < loginId.length(); i++) {
            char c = loginId.charAt(i);
            if (c == ' ' || isControl(c)) {
                return true;
            }
        }
        return false;
    }

    /** Category Cc: the C0 controls, DEL and the C1 controls. */
    private static boolean isControl(char c) {
        return c < 0x20 || (c >= 0x7F && c <= 0x9F);
    }

    /** A cell as a finding or reason quotes it: at most {@link #MAX_QUOTED} characters. */
    static String quote(String cell) {
        return cell == null || cell.length() <= MAX_QUOTED ? cell : cell.substring(0, MAX_QUOTED) + "…";
    }

    private static void checkIdentity(HeaderMapping header, String loginId, String email, ImportMode mode,
                                      Findings findings) {
        if (!header.identifiedByEmail()) {
            if (loginId == null) {
                findings.add(CsvColumn.LOGIN_ID, "Missing login id");
            } else if (loginId.length() > MAX_LOGIN_ID) {
                findings.add(CsvColumn.LOGIN_ID, "Login id is longer than " + MAX_LOGIN_ID + " characters");
            } else if (hasSpaceOrControl(loginId)) {
                findings.add(CsvColumn.LOGIN_ID, "Login id '" + loginId + "' contains spaces or control characters");
            }
        }
        if (email == null) {
            if (header.identifiedByEmail()) {
                findings.add(CsvColumn.EMAIL, "Missing email (it identifies the user in a file without a login_id column)");
            } else if (mode == ImportMode.CREATE_ONLY) {
                findings.add(CsvColumn.EMAIL, "Missing email (required for new users)");
            }
        } else if (email.length() > MAX_EMAIL) {
            findings.add(CsvColumn.EMAIL, "Email is longer than " + MAX_EMAIL + " characters");
        } else if (!EMAIL.matcher(email).matches()) {
            findings.add(CsvColumn.EMAIL, "Invalid email '" + email + "'");
        }
    }

    /**
     * In {@code UPSERT} an LDAP row without a DN may update a user who has one, so only the
     * worker, which knows the user, can tell; {@code CREATE_ONLY} rows always create, so review can.
     */
    private static AuthType checkAuthType(String cell, String distinguishedName, ImportMode mode, Findings findings) {
        AuthType authType = null;
        if (cell != null) {
            authType = AuthType.parse(cell).orElse(null);
            if (authType == null) {
                findings.add(CsvColumn.AUTH_TYPE, "Unknown auth type '" + quote(cell) + "' (expected one of "
                        + String.join(", ", Arrays.stream(AuthType.values()).map(Enum::name).toList()) + ")");
            }
        }
        if (mode == ImportMode.CREATE_ONLY && authType == AuthType.LDAP && distinguishedName == null) {
            findings.add(CsvColumn.DISTINGUISHED_NAME, "LDAP users need a distinguished_name");
        }
        return authType;
    }

    private static List<String> names(CsvColumn column, Findings findings) {
        String cell = findings.cell(column);
        if (cell == null) {
            return List.of();
        }
        // loops, not streams: every row comes here twice (the JIT compilers take a while to make streams cheap)
        Set<String> names = new LinkedHashSet<>();
        for (String part : cell.split(CsvColumn.LIST_SEPARATOR)) {
            String name = part.trim();
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        for (String name : names) {
            if (name.length() > MAX_NAME) {
                findings.add(column, column.header() + " name '" + quote(name) + "' is longer than " + MAX_NAME
                        + " characters");
                break;
            }
        }
        return List.copyOf(names);
    }

    /** The problems found in one row, each with its column and the cell it concerns (never a password). */
    private static final class Findings {

        private final HeaderMapping header;
        private final CSVRecord record;
        private final List<Finding> list = new ArrayList<>();

        Findings(HeaderMapping header, CSVRecord record) {
            this.header = header;
            this.record = record;
        }

        String cell(CsvColumn column) {
            return header.cell(record, column);
        }

        void add(CsvColumn column, String problem) {
            list.add(finding(column, problem, false));
        }

        /** A problem of the cell at {@code index}, which may be in a column review does not know. */
        void addAt(int index, String problem) {
            CsvColumn column = header.column(index);
            if (column != null) {
                add(column, problem);
            } else {
                list.add(new Finding(header.key(index), problem, quote(HeaderMapping.printable(record.get(index))),
                        false));
            }
        }

        void warn(CsvColumn column, String problem) {
            list.add(finding(column, problem, true));
        }

        private Finding finding(CsvColumn column, String problem, boolean warning) {
            boolean secret = column == CsvColumn.PASSWORD || column == CsvColumn.PASSWORD_HASH;
            return new Finding(column == null ? null : column.header(), problem,
                    column == null || secret ? null : quote(cell(column)), warning);
        }

        void checkLength(CsvColumn column, int max) {
            String value = cell(column);
            if (value != null && value.length() > max) {
                add(column, column.header() + " is longer than " + max + " characters");
            }
        }

        /** True when nothing keeps the row from being applied. */
        boolean isEmpty() {
            for (Finding finding : list) {
                if (!finding.warning()) {
                    return false;
                }
            }
            return true;
        }

        List<Finding> list() {
            return List.copyOf(list);
        }
    }

    /**
     * A row after review.
     *
     * @param findings what is wrong with the row; empty when it can be applied
     * @param loginKey the {@link io.userimport.model.CaseKey} of the login id as the row keeps it, computed once
     *                 for the duplicate check and the staged row; null without one
     * @param emailKey the same for the email
     */
    record ReviewedRow(int rowNumber, UserFields user, List<String> original, List<Finding> findings,
                       String loginKey, String emailKey) {

        ReviewedRow(int rowNumber, UserFields user, List<String> original, List<Finding> findings) {
            this(rowNumber, user, original, findings, key(user.loginId()), key(user.email()));
        }

        /** The same row with one more finding. */
        ReviewedRow with(Finding finding) {
            List<Finding> more = new java.util.ArrayList<>(findings);
            more.add(finding);
            return new ReviewedRow(rowNumber, user, original, more, loginKey, emailKey);
        }

        private static String key(String identity) {
            return io.userimport.model.CaseKey.of(ImportRows.shown(identity));
        }

        /** How many of {@code rows} cannot be applied (have an {@link #error()}). */
        static int failed(List<ReviewedRow> rows) {
            int failed = 0;
            for (ReviewedRow row : rows) { // a loop, not a stream: staging counts every batch
                failed += row.error() != null ? 1 : 0;
            }
            return failed;
        }

        /** Why the row cannot be applied, every problem joined with {@code ; }, or null. */
        String error() {
            // a loop, not a stream: staging asks every row, and most have no finding at all
            StringJoiner problems = null;
            for (Finding finding : findings) {
                if (!finding.warning()) {
                    problems = problems == null ? new StringJoiner("; ") : problems;
                    problems.add(finding.problem());
                }
            }
            return problems == null ? null : problems.toString();
        }
    }
}
