package io.userimport.worker.rows;

import io.userimport.model.AuthType;
import io.userimport.model.UserStatus;
import java.util.List;
import java.util.UUID;

/** A user a row creates, with the ids of the groups and business units it joins. */
record NewUser(UUID importId, String loginId, String email, String firstName, String lastName, String fullName,
               AuthType authType, String distinguishedName, String passwordHash, UserStatus status,
               List<Long> groupIds, List<Long> businessUnitIds) {
}
