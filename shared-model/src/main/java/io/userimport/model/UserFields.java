package io.userimport.model;

import java.util.List;

/**
 * What one CSV row asks for a user, as read from the file: blank cells are {@code null},
 * lists are empty when their cell is blank. Carries a password hash, never a password.
 */
public record UserFields(
        String loginId,
        String email,
        String firstName,
        String lastName,
        String fullName,
        String passwordHash,
        AuthType authType,
        String distinguishedName,
        List<String> groups,
        List<String> businessUnits) {

    public UserFields {
        groups = groups == null ? List.of() : List.copyOf(groups);
        businessUnits = businessUnits == null ? List.of() : List.copyOf(businessUnits);
    }

    /**
     * The full name a new user gets when the row gives none: the first and last names joined by
     * a space, or null when both are blank.
     */
    public static String fullNameOf(String firstName, String lastName) {
        String joined = (firstName == null ? lastName == null ? "" : lastName
                : lastName == null ? firstName : firstName + " " + lastName).trim();
        return joined.isEmpty() ? null : joined;
    }

    @Override
    public String toString() {
        return "UserFields[loginId=" + loginId + ", email=" + email + ", authType=" + authType
                + ", passwordGiven=" + (passwordHash != null) + "]";
    }
}
