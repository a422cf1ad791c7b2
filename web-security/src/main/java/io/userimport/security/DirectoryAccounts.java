package io.userimport.security;

import java.util.Optional;

/** The directory's accounts, as a service that does not own them sees them. */
public interface DirectoryAccounts {

    /** The account these credentials sign in as; empty when they are wrong or the user may not sign in. */
    Optional<DirectoryAccount> authenticate(String loginId, String password);

    /** The account as it stands now (roles, still active); empty when the user may no longer sign in. */
    Optional<DirectoryAccount> current(String loginId);
}
