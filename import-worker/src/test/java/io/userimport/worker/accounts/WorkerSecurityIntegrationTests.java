package io.userimport.worker.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import io.userimport.infra.RealInfrastructureInitializer;
import io.userimport.security.TestAccounts;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.crypto.scrypt.SCryptPasswordEncoder;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.web.client.RestClient;

/** The worker signs callers in from the directory it owns, and only Security Administrators get its API. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = RealInfrastructureInitializer.class)
class WorkerSecurityIntegrationTests {

    static final String CLERK = "clerk-of-security-tests";
    static final String CLERK_PASSWORD = "clerk-password-123";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PasswordEncoder passwordEncoder;

    RestClient http;

    @BeforeEach
    void setUp() {
        http = RestClient.builder().baseUrl("http://localhost:" + port)
                .defaultStatusHandler(HttpStatusCode::isError, (request, response) -> { }).build();
        jdbc.sql("delete from directory_user where login_id = :id").param("id", CLERK).update();
        jdbc.sql("""
                insert into directory_user (login_id, login_key, email, email_key, full_name, auth_type, password_hash,
                                            status)
                values (:id, lower(:id), :id || '@example.com', lower(:id) || '@example.com', 'Clerk', 'NATIVE', :hash,
                        'ACTIVE')
                """).param("id", CLERK).param("hash", passwordEncoder.encode(CLERK_PASSWORD)).update();
    }

    @Test
    void theAdministratorSignsInWithThePasswordOfTheConfiguration() {
        ResponseEntity<String> me = get("/api/auth/me", basic(TestAccounts.ADMIN, TestAccounts.ADMIN_PASSWORD));
        assertThat(me.getStatusCode().value()).isEqualTo(200);
        assertThat(me.getBody()).contains("\"loginId\":\"admin\"", "SECURITY_ADMIN").doesNotContain("bcrypt");
        assertThat(get("/api/users/admin", basic("ADMIN", TestAccounts.ADMIN_PASSWORD)).getStatusCode().value())
                .as("login ids ignore case").isEqualTo(200);
        assertThat(jdbc.sql("select password_hash from directory_user where login_id = 'admin'").query(String.class)
                .single()).startsWith("{bcrypt}").doesNotContain(TestAccounts.ADMIN_PASSWORD);
    }

    @Test
    void aUserImportedWithAnArgon2OrScryptHashSignsInWithItsPassword() {
        jdbc.sql("update directory_user set password_hash = :hash where login_id = :id").param("id", CLERK)
                .param("hash", "{argon2@SpringSecurity_v5_8}" + Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8()
                        .encode(CLERK_PASSWORD)).update();
        assertThat(get("/api/auth/me", basic(CLERK, CLERK_PASSWORD)).getStatusCode().value()).isEqualTo(200);
        assertThat(get("/api/auth/me", basic(CLERK, "wrong")).getStatusCode().value()).isEqualTo(401);

        jdbc.sql("update directory_user set password_hash = :hash where login_id = :id").param("id", CLERK)
                .param("hash", "{scrypt@SpringSecurity_v5_8}" + SCryptPasswordEncoder.defaultsForSpringSecurity_v5_8()
                        .encode(CLERK_PASSWORD)).update();
        assertThat(get("/api/auth/me", basic(CLERK, CLERK_PASSWORD)).getStatusCode().value()).isEqualTo(200);
    }

    @Test
    void noCredentialsAndAWrongPasswordAnswer401WithAProblemBody() {
        for (ResponseEntity<String> response : new ResponseEntity[] {get("/api/users", headers -> { }),
                get("/api/users", basic(TestAccounts.ADMIN, "wrong")), get("/api/auth/me", basic("nobody", "x")),
                get("/api/users", headers -> headers.setBearerAuth("not-a-token"))}) {
            assertThat(response.getStatusCode().value()).isEqualTo(401);
            assertThat(response.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue();
            assertThat(response.getBody()).contains("\"status\":401");
        }
        assertThat(get("/api/users", headers -> { }).getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE))
                .startsWith("Basic");
        assertThat(get("/api/users", headers -> headers.setAccept(java.util.List.of(MediaType.TEXT_HTML)))
                .getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).as("a browser is never asked for Basic").isNull();
    }

    @Test
    void aUserOutsideSecurityAdministratorsMaySayWhoTheyAreButGets403FromTheApi() {
        assertThat(get("/api/auth/me", basic(CLERK, CLERK_PASSWORD)).getBody()).contains(CLERK)
                .doesNotContain("SECURITY_ADMIN");
        ResponseEntity<String> users = get("/api/users", basic(CLERK, CLERK_PASSWORD));
        assertThat(users.getStatusCode().value()).isEqualTo(403);
        assertThat(users.getBody()).contains("Security Administrators");
        assertThat(http.post().uri("/api/groups").headers(basic(CLERK, CLERK_PASSWORD))
                .contentType(MediaType.APPLICATION_JSON).body("{\"name\":\"x\"}").retrieve().toEntity(String.class)
                .getStatusCode().value()).isEqualTo(403);
    }

    @Test
    void joiningOrLeavingSecurityAdministratorsAndBeingDisabledTakeEffectAtOnce() {
        jdbc.sql("""
                insert into user_group_member (user_id, group_id)
                select u.id, g.id from directory_user u, user_group g
                where u.login_id = :id and g.name = 'Security Administrators'
                """).param("id", CLERK).update();
        assertThat(get("/api/users", basic(CLERK, CLERK_PASSWORD)).getStatusCode().value()).isEqualTo(200);

        jdbc.sql("delete from user_group_member where user_id = (select id from directory_user where login_id = :id)")
                .param("id", CLERK).update();
        assertThat(get("/api/users", basic(CLERK, CLERK_PASSWORD)).getStatusCode().value()).isEqualTo(403);

        jdbc.sql("update directory_user set status = 'PENDING_ACTIVATION' where login_id = :id").param("id", CLERK)
                .update();
        assertThat(get("/api/auth/me", basic(CLERK, CLERK_PASSWORD)).getStatusCode().value()).isEqualTo(401);
    }

    @Test
    void theInternalTokenReadsTheDirectoryAndAccountsButChangesNothing() {
        Consumer<HttpHeaders> service = headers -> headers.setBearerAuth("internal-test-token");
        assertThat(get("/api/auth/users/" + CLERK.toUpperCase(), service).getBody()).contains(CLERK);
        assertThat(get("/api/auth/users/nobody", service).getStatusCode().value()).isEqualTo(404);
        assertThat(get("/api/users/admin", service).getStatusCode().value()).isEqualTo(200);
        assertThat(http.post().uri("/api/groups").headers(service).contentType(MediaType.APPLICATION_JSON)
                .body("{\"name\":\"x\"}").retrieve().toEntity(String.class).getStatusCode().value()).isEqualTo(403);
        assertThat(get("/api/auth/users/" + CLERK, basic(TestAccounts.ADMIN, TestAccounts.ADMIN_PASSWORD))
                .getStatusCode().value()).as("a person may not look up others' standing").isEqualTo(403);
    }

    @Test
    void healthIsOpenAndMetricsAreReadWithTheMetricsTokenOnly() {
        assertThat(get("/actuator/health", headers -> { }).getStatusCode().value()).isEqualTo(200);
        Consumer<HttpHeaders> metrics = headers -> headers.setBearerAuth("metrics-test-token");
        assertThat(get("/actuator/prometheus", metrics).getStatusCode().value()).isEqualTo(200);
        assertThat(get("/actuator/prometheus", headers -> { }).getStatusCode().value()).isEqualTo(401);
        assertThat(get("/api/users", metrics).getStatusCode().value()).isEqualTo(403);
    }

    private ResponseEntity<String> get(String path, Consumer<HttpHeaders> headers) {
        return http.get().uri(path).headers(headers).retrieve().toEntity(String.class);
    }

    private static Consumer<HttpHeaders> basic(String user, String password) {
        return headers -> headers.setBasicAuth(user, password);
    }
}
