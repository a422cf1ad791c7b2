package io.userimport.model;

import java.util.List;

/**
 * Group and business unit names, as a mirror user holds them: captured once when an import
 * starts and carried by each of its rows, so every user the import creates inherits the same set.
 */
public record Memberships(List<String> groups, List<String> businessUnits) {

    public Memberships {
        groups = groups == null ? List.of() : List.copyOf(groups);
        businessUnits = businessUnits == null ? List.of() : List.copyOf(businessUnits);
    }
}
