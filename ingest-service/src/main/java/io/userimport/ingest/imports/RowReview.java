package io.userimport.ingest.imports;

import io.userimport.model.AuthType;
import io.userimport.model.CsvColumn;
import io.userimport.model.ImportMode;
import io.userimport.model.UserFields;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVRecord;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Checks one row on its own (the checks against the rest of the file run in the database once
 * every row is staged, see {@link ImportRows#flagDuplicates}). A row's password leaves this
 * class only as a hash.
 */
@Component
class RowReview {

    static final int MAX_LOGIN_ID = 100;
    static final int MAX_EMAIL = 254;
    static final int MAX_NAME = 100;
    static final int MAX_FULL_NAME = 200;
    static final int MAX_DN = 500;
    static final int MAX_PASSWORD_BYTES = 72;

    private static final Pattern EMAIL = Pattern.compile(
            "^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                    + "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$");
    private static final Pattern WHITESPACE_OR_CONTROL = Pattern.compile("[\\s\\p{Cntrl}]");

    private final PasswordEncoder passwordEncoder;

    RowReview(PasswordEncoder passwordEncoder) {
        this.passwordEncoder = passwordEncoder;
    }

    ReviewedRow review(int rowNumber, CSVRecord record, HeaderMapping header, ImportMode mode) {
        List<String> errors = new ArrayList<>();
        String email = header.cell(record, CsvColumn.EMAIL);
        String loginId = header.identifiedByEmail() ? email : header.cell(record, CsvColumn.LOGIN_ID);
        String password = header.cell(record, CsvColumn.PASSWORD);
        String distinguishedName = header.cell(record, CsvColumn.DISTINGUISHED_NAME);
        String authTypeCell = header.cell(record, CsvColumn.AUTH_TYPE);

        if (record.size() > header.headers().size()) {
            errors.add("Row has %d cells but the header has %d".formatted(record.size(), header.headers().size()));
        }
        checkIdentity(header, loginId, email, mode, errors);
        AuthType authType = checkAuthType(authTypeCell, distinguishedName, errors);
        checkLength("first_name", header.cell(record, CsvColumn.FIRST_NAME), MAX_NAME, errors);
        checkLength("last_name", header.cell(record, CsvColumn.LAST_NAME), MAX_NAME, errors);
        checkLength("full_name", header.cell(record, CsvColumn.FULL_NAME), MAX_FULL_NAME, errors);
        checkLength("distinguished_name", distinguishedName, MAX_DN, errors);
        List<String> groups = names("groups", header.cell(record, CsvColumn.GROUPS), errors);
        List<String> businessUnits = names("business_units", header.cell(record, CsvColumn.BUSINESS_UNITS), errors);
        if (password != null && password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            errors.add("Password is longer than " + MAX_PASSWORD_BYTES + " bytes");
        }

        String passwordHash = errors.isEmpty() && password != null ? passwordEncoder.encode(password) : null;
        UserFields user = new UserFields(loginId, email, header.cell(record, CsvColumn.FIRST_NAME),
                header.cell(record, CsvColumn.LAST_NAME), header.cell(record, CsvColumn.FULL_NAME), passwordHash,
                authType, distinguishedName, groups, businessUnits);
        return new ReviewedRow(rowNumber, user, header.original(record), errors.isEmpty() ? null : String.join("; ", errors));
    }

    private static void checkIdentity(HeaderMapping header, String loginId, String email, ImportMode mode,
                                      List<String> errors) {
        if (!header.identifiedByEmail()) {
            if (loginId == null) {
                errors.add("Missing login id");
            } else if (loginId.length() > MAX_LOGIN_ID) {
                errors.add("Login id is longer than " + MAX_LOGIN_ID + " characters");
            } else if (WHITESPACE_OR_CONTROL.matcher(loginId).find()) {
                errors.add("Login id '" + loginId + "' contains spaces or control characters");
            }
        }
        if (email == null) {
            if (header.identifiedByEmail()) {
                errors.add("Missing email (it identifies the user in a file without a login_id column)");
            } else if (mode == ImportMode.CREATE_ONLY) {
                errors.add("Missing email (required for new users)");
            }
        } else if (email.length() > MAX_EMAIL) {
            errors.add("Email is longer than " + MAX_EMAIL + " characters");
        } else if (!EMAIL.matcher(email).matches()) {
            errors.add("Invalid email '" + email + "'");
        }
    }

    private static AuthType checkAuthType(String cell, String distinguishedName, List<String> errors) {
        AuthType authType = null;
        if (cell != null) {
            authType = AuthType.parse(cell).orElse(null);
            if (authType == null) {
                errors.add("Unknown auth type '" + cell + "' (expected one of "
                        + String.join(", ", Arrays.stream(AuthType.values()).map(Enum::name).toList()) + ")");
            }
        }
        boolean ldap = authType == AuthType.LDAP || (cell == null && distinguishedName != null);
        if (ldap && distinguishedName == null) {
            errors.add("LDAP users need a distinguished_name");
        }
        return authType;
    }

    private static void checkLength(String column, String value, int max, List<String> errors) {
        if (value != null && value.length() > max) {
            errors.add(column + " is longer than " + max + " characters");
        }
    }

    private static List<String> names(String column, String cell, List<String> errors) {
        if (cell == null) {
            return List.of();
        }
        List<String> names = Arrays.stream(cell.split(CsvColumn.LIST_SEPARATOR)).map(String::trim)
                .filter(name -> !name.isEmpty()).distinct().toList();
        names.stream().filter(name -> name.length() > MAX_NAME).findFirst()
                .ifPresent(name -> errors.add(column + " name '" + name + "' is longer than " + MAX_NAME + " characters"));
        return names;
    }

    /**
     * A row after review.
     *
     * @param error why the row cannot be applied, or null
     */
    record ReviewedRow(int rowNumber, UserFields user, java.util.Map<String, String> original, String error) {
    }
}
