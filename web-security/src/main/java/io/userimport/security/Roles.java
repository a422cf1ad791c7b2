package io.userimport.security;

/** The roles the services grant, without Spring Security's {@code ROLE_} prefix. */
public final class Roles {

    /** Every active native user of the directory: may ask who they are, nothing more. */
    public static final String USER = "USER";

    /** Members of the built-in Security Administrators group: may use every API. */
    public static final String SECURITY_ADMIN = "SECURITY_ADMIN";

    /** Another service of the pipeline, by the internal token: may read the directory and check accounts. */
    public static final String SERVICE = "SERVICE";

    /** A metrics scraper (Prometheus), by the metrics token: may read {@code /actuator/prometheus} only. */
    public static final String METRICS = "METRICS";

    private Roles() {
    }
}
