package io.userimport.worker.rows;

import static org.assertj.core.api.Assertions.assertThat;

import io.userimport.infra.RealDatabaseJdbcTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/** How a batch reads the directory, on the real database with the service's own schema. */
@RealDatabaseJdbcTest
@Import(DirectoryWrites.class)
class DirectoryWritesTests {

    @Autowired
    DirectoryWrites directory;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    JdbcTemplate jdbcTemplate;

    @Test
    void aBatchFindsItsUsersThroughTheKeyIndexesEvenWhenTheStatisticsCountAFractionOfTheDirectory() {
        // statistics taken when the directory's pages held almost no live users, as during another
        // transaction's uncommitted bulk load; then the directory fills (this test's transaction is rolled back)
        insertUsers("gone", 20_000);
        jdbc.sql("delete from directory_user where login_key like 'gone%'").update();
        jdbc.sql("analyze directory_user").update();
        insertUsers("user", 20_000);
        List<String> loginKeys = new ArrayList<>();
        List<String> emailKeys = new ArrayList<>();
        for (int i = 9_001; i <= 11_000; i++) { // a batch: half of its users in the directory, half new
            loginKeys.add("user" + i * 2);
            emailKeys.add("user" + i * 2 + "@example.org");
        }
        assertThat(plan(loginKeys, emailKeys)).as("planned by the statistics alone")
                .contains("Seq Scan on directory_user");

        directory.findByIndexes();

        assertThat(plan(loginKeys, emailKeys)).doesNotContain("Seq Scan")
                .contains("Index Scan on directory_user_login_key", "Index Scan on directory_user_email_key");
        assertThat(directory.users(loginKeys, emailKeys)).extracting(user -> user.loginId)
                .hasSize(1_000).contains("User18002", "User19998").doesNotContain("User20002");
    }

    private void insertUsers(String prefix, int count) {
        jdbc.sql("""
                insert into directory_user (login_id, email, auth_type, status, login_key, email_key)
                select initcap(:prefix) || i, :prefix || i || '@example.org', 'NATIVE', 'ACTIVE',
                       :prefix || i, :prefix || i || '@example.org'
                from generate_series(1, :count) as i""").param("prefix", prefix).param("count", count).update();
    }

    /** The scans the database would run now for the batch's look-up of its users (without their conditions). */
    private String plan(List<String> loginKeys, List<String> emailKeys) {
        return String.join("\n", jdbcTemplate.query("explain (costs off) " + DirectoryWrites.USERS, ps -> {
            ps.setArray(1, ps.getConnection().createArrayOf("text", loginKeys.toArray()));
            ps.setArray(2, ps.getConnection().createArrayOf("text", emailKeys.toArray()));
        }, (rs, n) -> rs.getString(1)).stream().filter(line -> line.contains(" Scan ")).toList());
    }
}
