package io.userimport.worker.rows;

import io.userimport.model.CaseKey;
import io.userimport.model.AuthType;
import io.userimport.model.UserStatus;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The set-based reads and writes a batch of rows needs: one statement per kind of lookup or
 * write, whatever the batch size.
 */
@Repository
class DirectoryWrites {

    private final JdbcTemplate jdbc;

    DirectoryWrites(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The look-up of {@link #users}: its two parameters are arrays of login id keys and email keys. */
    static final String USERS = """
            select u.*,
                   array(select group_id from user_group_member m where m.user_id = u.id) as group_ids,
                   array(select business_unit_id from user_business_unit m where m.user_id = u.id) as unit_ids
            from directory_user u
            where u.login_key = any(?) or u.email_key = any(?)
            """;

    /**
     * Has the rest of the caller's transaction find rows through their indexes, never by reading a
     * whole table. Every statement of a batch looks up a few thousand keys, which an index finds
     * in milliseconds in a directory of any size; but the database plans by its statistics, and
     * while a bulk load grows the directory (or after statistics were taken during another one's
     * uncommitted load) they can count a fraction of its users, and reading the whole table then
     * looks cheaper. In a million-row benchmark the batches' look-ups of their users took about a
     * second each for 30 s, and one took 95 s.
     */
    void findByIndexes() {
        jdbc.execute("set local enable_seqscan = off");
    }

    /** The users holding any of these login ids or emails (ignoring case), with their memberships. */
    List<UserState> users(Collection<String> loginIds, Collection<String> emails) {
        return jdbc.query(USERS, ps -> {
            ps.setArray(1, texts(ps.getConnection(), loginIds));
            ps.setArray(2, texts(ps.getConnection(), emails));
        }, (rs, n) -> user(rs));
    }

    /** The groups (or business units) with any of these names (ignoring case) or ids. */
    Names names(String table, Collection<String> names, Collection<Long> ids) {
        Names found = new Names();
        jdbc.query("select id, name from " + table + " where name_key = any(?) or id = any(?)", ps -> {
            ps.setArray(1, texts(ps.getConnection(), names));
            ps.setArray(2, ps.getConnection().createArrayOf("bigint", ids.toArray()));
        }, rs -> {
            found.add(rs.getLong(1), rs.getString(2));
        });
        return found;
    }

    /** Which of these imports were cancelled. */
    Set<UUID> cancelled(Collection<UUID> importIds) {
        Set<UUID> cancelled = new HashSet<>();
        jdbc.query("select import_id from cancelled_import where import_id = any(?)",
                ps -> ps.setArray(1, ps.getConnection().createArrayOf("uuid", importIds.toArray())),
                rs -> {
                    cancelled.add(rs.getObject(1, UUID.class));
                });
        return cancelled;
    }

    /**
     * Writes every user a batch touched: changed users first (an email a user gave up is then
     * free for a new one), then the new users, then the memberships that changed.
     */
    void write(Collection<UserState> touched) {
        List<UserState> changed = touched.stream().filter(u -> !u.created && u.fieldsChanged).toList();
        List<UserState> created = touched.stream().filter(u -> u.created).toList();
        update(changed);
        insert(created);
        replaceMembers("user_group_member", "group_id",
                touched.stream().filter(u -> u.created || u.groupsChanged).toList(), u -> u.groupIds);
        replaceMembers("user_business_unit", "business_unit_id",
                touched.stream().filter(u -> u.created || u.businessUnitsChanged).toList(), u -> u.businessUnitIds);
    }

    private void update(List<UserState> users) {
        if (users.isEmpty()) {
            return;
        }
        jdbc.update("""
                update directory_user u
                set email = v.email, email_key = v.email_key, first_name = v.first_name, last_name = v.last_name, full_name = v.full_name,
                    auth_type = v.auth_type, distinguished_name = v.distinguished_name,
                    password_hash = v.password_hash, status = v.status, updated_at = now()
                from unnest(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                     as v(id, email, first_name, last_name, full_name, auth_type, distinguished_name, password_hash,
                          status, email_key)
                where u.id = v.id
                """, ps -> {
            Connection c = ps.getConnection();
            ps.setArray(1, c.createArrayOf("bigint", users.stream().map(u -> u.id).toArray()));
            setColumns(ps.getConnection(), users, 2, ps);
            ps.setArray(10, column(c, users, u -> key(u.email)));
        });
    }

    /** Inserts the new users in one statement and gives each its id. */
    private void insert(List<UserState> users) {
        if (users.isEmpty()) {
            return;
        }
        Map<String, UserState> byLoginId = new HashMap<>();
        users.forEach(user -> byLoginId.put(key(user.loginId), user));
        jdbc.query("""
                insert into directory_user (email, first_name, last_name, full_name, auth_type, distinguished_name,
                                            password_hash, status, login_id, created_by_import, login_key, email_key)
                select * from unnest(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                returning login_key, id
                """, ps -> {
            Connection c = ps.getConnection();
            setColumns(c, users, 1, ps);
            ps.setArray(9, column(c, users, u -> u.loginId));
            ps.setArray(10, c.createArrayOf("uuid", users.stream().map(u -> u.createdByImport).toArray()));
            ps.setArray(11, column(c, users, u -> key(u.loginId)));
            ps.setArray(12, column(c, users, u -> key(u.email)));
        }, rs -> {
            byLoginId.get(rs.getString(1)).id = rs.getLong(2);
        });
    }

    /** The eight columns that inserts and updates share, from parameter {@code first} on. */
    private static void setColumns(Connection c, List<UserState> users, int first, java.sql.PreparedStatement ps)
            throws SQLException {
        ps.setArray(first, column(c, users, u -> u.email));
        ps.setArray(first + 1, column(c, users, u -> u.firstName));
        ps.setArray(first + 2, column(c, users, u -> u.lastName));
        ps.setArray(first + 3, column(c, users, u -> u.fullName));
        ps.setArray(first + 4, column(c, users, u -> u.authType.name()));
        ps.setArray(first + 5, column(c, users, u -> u.distinguishedName));
        ps.setArray(first + 6, column(c, users, u -> u.passwordHash));
        ps.setArray(first + 7, column(c, users, u -> u.status.name()));
    }

    /** Sets the memberships of these users to exactly their current ids, in at most two statements. */
    private void replaceMembers(String table, String memberColumn, List<UserState> users,
                                Function<UserState, Set<Long>> memberIds) {
        if (users.isEmpty()) {
            return;
        }
        Long[] existing = users.stream().filter(u -> !u.created).map(u -> u.id).toArray(Long[]::new);
        if (existing.length > 0) {
            jdbc.update("delete from " + table + " where user_id = any(?)",
                    ps -> ps.setArray(1, ps.getConnection().createArrayOf("bigint", existing)));
        }
        List<Long> members = new ArrayList<>();
        List<Long> ids = new ArrayList<>();
        users.forEach(user -> memberIds.apply(user).forEach(id -> {
            members.add(user.id);
            ids.add(id);
        }));
        if (members.isEmpty()) {
            return;
        }
        jdbc.update("insert into " + table + " (user_id, " + memberColumn + ") select * from unnest(?, ?)", ps -> {
            ps.setArray(1, ps.getConnection().createArrayOf("bigint", members.toArray()));
            ps.setArray(2, ps.getConnection().createArrayOf("bigint", ids.toArray()));
        });
    }

    private static UserState user(ResultSet rs) throws SQLException {
        UserState user = new UserState();
        user.id = rs.getLong("id");
        user.loginId = rs.getString("login_id");
        user.email = rs.getString("email");
        user.firstName = rs.getString("first_name");
        user.lastName = rs.getString("last_name");
        user.fullName = rs.getString("full_name");
        user.authType = AuthType.valueOf(rs.getString("auth_type"));
        user.distinguishedName = rs.getString("distinguished_name");
        user.passwordHash = rs.getString("password_hash");
        user.status = UserStatus.valueOf(rs.getString("status"));
        user.builtIn = rs.getBoolean("built_in");
        user.groupIds.addAll(longs(rs.getArray("group_ids")));
        user.businessUnitIds.addAll(longs(rs.getArray("unit_ids")));
        return user;
    }

    private static List<Long> longs(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((Long[]) array.getArray());
    }

    private static Array column(Connection c, List<UserState> users, Function<UserState, String> getter)
            throws SQLException {
        return c.createArrayOf("varchar", users.stream().map(getter).toArray(String[]::new));
    }

    private static Array texts(Connection c, Collection<String> values) throws SQLException {
        return c.createArrayOf("text", values.stream().map(DirectoryWrites::key).toArray(String[]::new));
    }

    /** The key by which the directory compares login ids, emails and names ({@link CaseKey}). */
    static String key(String value) {
        return CaseKey.of(value);
    }
}
