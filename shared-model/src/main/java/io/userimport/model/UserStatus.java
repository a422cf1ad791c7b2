package io.userimport.model;

/** A directory user's status. */
public enum UserStatus {
    ACTIVE, PENDING_ACTIVATION
}
