package io.userimport.worker.directory;

import io.userimport.model.AuthType;
import io.userimport.model.UserStatus;
import java.util.List;

/** A directory user as clients see it: never a password or its hash. */
public record UserView(String loginId, String email, String firstName, String lastName, String fullName,
                       AuthType authType, String distinguishedName, UserStatus status, boolean builtIn,
                       List<String> groups, List<String> businessUnits) {
}
