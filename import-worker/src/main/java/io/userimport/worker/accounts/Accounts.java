package io.userimport.worker.accounts;

import io.userimport.model.BuiltIns;
import io.userimport.model.CaseKey;
import io.userimport.security.DirectoryAccount;
import io.userimport.security.Roles;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.jdbc.JdbcDaoImpl;
import org.springframework.stereotype.Repository;

/**
 * The directory's users as accounts that can sign in: native, active, with a password hash. A
 * member of Security Administrators holds {@link Roles#SECURITY_ADMIN}; every account holds
 * {@link Roles#USER}. Read afresh on every request, so a change takes effect at once here.
 */
@Repository
class Accounts {

    /** Whether the user {@code u} is a member of Security Administrators. */
    private static final String IS_SECURITY_ADMINISTRATOR = """
            exists (select 1 from user_group_member m join user_group g on g.id = m.group_id
                    where m.user_id = u.id and g.name_key = '%s')
            """.formatted(CaseKey.of(BuiltIns.SECURITY_ADMINISTRATORS));

    /** For Spring Security's {@link JdbcDaoImpl}: login id, password hash, may sign in. */
    static final String USER_BY_LOGIN_ID = """
            select login_id, coalesce(password_hash, '{bcrypt}'),
                   auth_type = 'NATIVE' and status = 'ACTIVE' and password_hash is not null
            from directory_user where login_key = ?
            """;

    /** Likewise: the roles of a login id, as authorities (every account has at least one). */
    static final String ROLES_BY_LOGIN_ID = """
            select u.login_id, r.role from directory_user u
            cross join lateral (
                select 'ROLE_%s' as role
                union all
                select 'ROLE_%s' where %s) r
            where u.login_key = ?
            """.formatted(Roles.USER, Roles.SECURITY_ADMIN, IS_SECURITY_ADMINISTRATOR);

    private final JdbcClient jdbc;

    Accounts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The account of a user who may sign in now, or empty. */
    Optional<DirectoryAccount> find(String loginId) {
        return jdbc.sql("""
                select u.login_id, u.email, u.full_name, %s as security_admin
                from directory_user u
                where u.login_key = :loginId
                  and u.auth_type = 'NATIVE' and u.status = 'ACTIVE' and u.password_hash is not null
                """.formatted(IS_SECURITY_ADMINISTRATOR)).param("loginId", CaseKey.of(loginId))
                .query((rs, n) -> new DirectoryAccount(rs.getString("login_id"), rs.getString("email"),
                        rs.getString("full_name"), rs.getBoolean("security_admin")
                        ? List.of(Roles.USER, Roles.SECURITY_ADMIN) : List.of(Roles.USER)))
                .optional();
    }

    /** The built-in Administrator's password hash (null before its first start). */
    Optional<String> administratorHash() {
        return jdbc.sql("select password_hash from directory_user where built_in and login_key = :admin")
                .param("admin", BuiltIns.ADMIN).query((rs, n) -> Optional.ofNullable(rs.getString(1))).optional()
                .flatMap(hash -> hash);
    }

    void setAdministratorHash(String hash) {
        jdbc.sql("""
                update directory_user set password_hash = :hash, auth_type = 'NATIVE', status = 'ACTIVE', updated_at = now()
                where built_in and login_key = :admin
                """).param("hash", hash).param("admin", BuiltIns.ADMIN).update();
    }
}
