package io.userimport.worker.rows;

import io.userimport.model.AuthType;
import io.userimport.model.UserStatus;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * A directory user as the rows of one batch see it: loaded from the database, or created by an
 * earlier row of the batch. Rows decide against it in order and write their changes into it;
 * the batch then writes each touched user once.
 */
final class UserState {

    Long id;
    String loginId;
    String email;
    String firstName;
    String lastName;
    String fullName;
    AuthType authType;
    String distinguishedName;
    String passwordHash;
    UserStatus status;
    boolean builtIn;
    UUID createdByImport;
    Set<Long> groupIds = new TreeSet<>();
    Set<Long> businessUnitIds = new TreeSet<>();

    /** Created by a row of this batch: inserted with its final state. */
    boolean created;
    boolean fieldsChanged;
    boolean groupsChanged;
    boolean businessUnitsChanged;
}
