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

    @Override
    public String toString() {
        return "UserFields[loginId=" + loginId + ", email=" + email + ", authType=" + authType
                + ", passwordGiven=" + (passwordHash != null) + "]";
    }
}
