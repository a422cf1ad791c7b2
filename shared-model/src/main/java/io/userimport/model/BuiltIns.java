package io.userimport.model;

/** The names the directory is born with, which every service relies on. */
public final class BuiltIns {

    /** The built-in Administrator's login id; its password comes from {@code APP_ADMIN_PASSWORD}. */
    public static final String ADMIN = "admin";

    /** The group whose members may use the import, directory and notification APIs. */
    public static final String SECURITY_ADMINISTRATORS = "Security Administrators";

    /** Who a scheduled import is submitted by. */
    public static final String SYSTEM = "system";

    private BuiltIns() {
    }
}
