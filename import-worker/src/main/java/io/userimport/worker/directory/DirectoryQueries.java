package io.userimport.worker.directory;

import io.userimport.model.AuthType;
import io.userimport.model.CaseKey;
import io.userimport.model.UserStatus;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Reads users with their group and business unit names. */
@Repository
class DirectoryQueries {

    private static final String SELECT_USER = """
            select u.*,
                   array(select g.name from user_group_member m join user_group g on g.id = m.group_id
                         where m.user_id = u.id order by g.name) as group_names,
                   array(select b.name from user_business_unit m join business_unit b on b.id = m.business_unit_id
                         where m.user_id = u.id order by b.name) as unit_names
            from directory_user u
            """;

    private static final String SEARCH = """
             where lower(u.login_id) like :p or lower(u.email) like :p or lower(u.full_name) like :p
                or lower(u.first_name) like :p or lower(u.last_name) like :p
            """;

    private final JdbcClient jdbc;

    DirectoryQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The user with this login id or, when none has it, this email (both ignoring case). */
    Optional<UserView> find(String loginIdOrEmail) {
        return jdbc.sql(SELECT_USER + """
                 where u.login_key = :key or u.email_key = :key
                 order by (u.login_key = :key) desc limit 1
                """).param("key", CaseKey.of(loginIdOrEmail)).query(DirectoryQueries::map).optional();
    }

    /** One page of the users whose login id, email or name contains {@code text}, ignoring case, by login id. */
    List<UserView> search(String text, int page, int size) {
        return jdbc.sql(SELECT_USER + SEARCH + " order by u.login_key limit :size offset :offset")
                .param("p", pattern(text)).param("size", size).param("offset", (long) page * size)
                .query(DirectoryQueries::map).list();
    }

    /** How many users {@link #search} finds in all. */
    long count(String text) {
        return jdbc.sql("select count(*) from directory_user u " + SEARCH).param("p", pattern(text))
                .query(Long.class).single();
    }

    private static String pattern(String text) {
        return "%" + text.toLowerCase(java.util.Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%")
                .replace("_", "\\_") + "%";
    }

    private static UserView map(ResultSet rs, int n) throws SQLException {
        return new UserView(rs.getString("login_id"), rs.getString("email"), rs.getString("first_name"),
                rs.getString("last_name"), rs.getString("full_name"), AuthType.valueOf(rs.getString("auth_type")),
                rs.getString("distinguished_name"), UserStatus.valueOf(rs.getString("status")),
                rs.getBoolean("built_in"), strings(rs.getArray("group_names")), strings(rs.getArray("unit_names")));
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }
}
