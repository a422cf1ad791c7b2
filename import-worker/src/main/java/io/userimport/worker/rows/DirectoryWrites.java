package io.userimport.worker.rows;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The set-based reads and writes a batch of rows needs: one statement per kind of lookup or
 * insert, whatever the batch size.
 */
@Repository
class DirectoryWrites {

    private final JdbcTemplate jdbc;

    DirectoryWrites(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The lower-cased login ids and emails, among those given, that a user already has. */
    Taken taken(Collection<String> loginIds, Collection<String> emails) {
        Set<String> logins = new HashSet<>();
        Set<String> mails = new HashSet<>();
        jdbc.query("""
                select lower(login_id), lower(email) from directory_user
                where lower(login_id) = any(?) or lower(email) = any(?)
                """, ps -> {
            ps.setArray(1, texts(ps.getConnection(), loginIds.stream().map(DirectoryWrites::lower)));
            ps.setArray(2, texts(ps.getConnection(), emails.stream().map(DirectoryWrites::lower)));
        }, rs -> {
            logins.add(rs.getString(1));
            if (rs.getString(2) != null) {
                mails.add(rs.getString(2));
            }
        });
        return new Taken(logins, mails);
    }

    /** Ids of the named groups (or business units) that exist, by lower-cased name. */
    Map<String, Long> ids(String table, Collection<String> names) {
        Map<String, Long> ids = new HashMap<>();
        if (names.isEmpty()) {
            return ids;
        }
        jdbc.query("select lower(name), id from " + table + " where lower(name) = any(?)",
                ps -> ps.setArray(1, texts(ps.getConnection(), names.stream().map(DirectoryWrites::lower))),
                rs -> {
                    ids.put(rs.getString(1), rs.getLong(2));
                });
        return ids;
    }

    /** Inserts the users in one statement; returns their ids by lower-cased login id. */
    Map<String, Long> insert(List<NewUser> users) {
        Map<String, Long> ids = new HashMap<>();
        if (users.isEmpty()) {
            return ids;
        }
        jdbc.query("""
                insert into directory_user (login_id, email, first_name, last_name, full_name, auth_type,
                                            distinguished_name, password_hash, status, created_by_import)
                select * from unnest(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                returning lower(login_id), id
                """, ps -> {
            Connection c = ps.getConnection();
            ps.setArray(1, column(c, users, NewUser::loginId));
            ps.setArray(2, column(c, users, NewUser::email));
            ps.setArray(3, column(c, users, NewUser::firstName));
            ps.setArray(4, column(c, users, NewUser::lastName));
            ps.setArray(5, column(c, users, NewUser::fullName));
            ps.setArray(6, column(c, users, user -> user.authType().name()));
            ps.setArray(7, column(c, users, NewUser::distinguishedName));
            ps.setArray(8, column(c, users, NewUser::passwordHash));
            ps.setArray(9, column(c, users, user -> user.status().name()));
            ps.setArray(10, c.createArrayOf("uuid", users.stream().map(NewUser::importId).toArray(UUID[]::new)));
        }, rs -> {
            ids.put(rs.getString(1), rs.getLong(2));
        });
        return ids;
    }

    /** Adds memberships: {@code pairs} holds (user id, group or business unit id). */
    void addMembers(String table, String memberColumn, List<long[]> pairs) {
        if (pairs.isEmpty()) {
            return;
        }
        jdbc.update("insert into " + table + " (user_id, " + memberColumn + ") select * from unnest(?, ?)", ps -> {
            Connection c = ps.getConnection();
            ps.setArray(1, c.createArrayOf("bigint", pairs.stream().map(p -> p[0]).toArray(Long[]::new)));
            ps.setArray(2, c.createArrayOf("bigint", pairs.stream().map(p -> p[1]).toArray(Long[]::new)));
        });
    }

    private static java.sql.Array column(Connection c, List<NewUser> users, Function<NewUser, String> getter)
            throws SQLException {
        List<String> values = new ArrayList<>(users.size());
        users.forEach(user -> values.add(getter.apply(user)));
        return c.createArrayOf("varchar", values.toArray(String[]::new));
    }

    private static java.sql.Array texts(Connection c, java.util.stream.Stream<String> values) throws SQLException {
        return c.createArrayOf("text", values.toArray(String[]::new));
    }

    static String lower(String value) {
        return value == null ? null : value.toLowerCase(Locale.ROOT);
    }

    /** Lower-cased login ids and emails already in use. */
    record Taken(Set<String> loginIds, Set<String> emails) {
    }
}
