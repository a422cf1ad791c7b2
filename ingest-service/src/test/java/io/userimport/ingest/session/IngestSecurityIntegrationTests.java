package io.userimport.ingest.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.userimport.infra.RealInfrastructureInitializer;
import io.userimport.security.TestAccounts;
import java.net.CookieManager;
import java.net.http.HttpClient;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The web page signs in through the login form into a session whose changes need its CSRF token;
 * API clients sign in with HTTP Basic on each request. Only Security Administrators get the API.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "app.ingest.password-hash-strength=4")
@ContextConfiguration(initializers = RealInfrastructureInitializer.class)
@Import(TestAccounts.InPlaceOfTheDirectory.class)
class IngestSecurityIntegrationTests {

    private static final Pattern CSRF_FIELD = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");

    @LocalServerPort
    int port;
    @Autowired
    TestAccounts accounts;
    @Autowired
    JsonMapper json;

    RestClient browser;

    @BeforeEach
    void setUp() {
        // a browser: keeps its cookies, does not follow redirects, so the tests see them
        HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        browser = RestClient.builder().baseUrl("http://localhost:" + port)
                .requestFactory(new JdkClientHttpRequestFactory(client))
                .defaultStatusHandler(HttpStatusCode::isError, (request, response) -> { }).build();
    }

    @Test
    void aBrowserIsSentToTheLoginFormWhichSignsInOnlyWithItsCsrfToken() {
        ResponseEntity<String> page = browser.get().uri("/").accept(MediaType.TEXT_HTML).retrieve().toEntity(String.class);
        assertThat(page.getStatusCode().value()).isEqualTo(302);
        assertThat(page.getHeaders().getLocation().getPath()).isEqualTo("/login");

        assertThat(login(null, TestAccounts.ADMIN, TestAccounts.ADMIN_PASSWORD).getStatusCode().value())
                .as("no CSRF token").isEqualTo(401);
        ResponseEntity<String> wrong = login(csrfOfLoginForm(), TestAccounts.ADMIN, "wrong password");
        assertThat(wrong.getHeaders().getLocation().toString()).endsWith("/login?error");
        assertThat(browser.get().uri("/login?error").retrieve().body(String.class)).contains("password is wrong");

        ResponseEntity<String> signedIn = login(csrfOfLoginForm(), TestAccounts.ADMIN, TestAccounts.ADMIN_PASSWORD);
        assertThat(signedIn.getStatusCode().value()).isEqualTo(302);
        assertThat(signedIn.getHeaders().getLocation().getPath()).isEqualTo("/");
        assertThat(signedIn.getHeaders().getFirst(HttpHeaders.SET_COOKIE)).contains("HttpOnly", "SameSite=Lax");
        assertThat(browser.get().uri("/").accept(MediaType.TEXT_HTML).retrieve().toEntity(String.class)
                .getStatusCode().value()).isEqualTo(200);
        JsonNode session = session();
        assertThat(session.get("loginId").asString()).isEqualTo(TestAccounts.ADMIN);
        assertThat(session.get("securityAdministrator").asBoolean()).isTrue();
    }

    @Test
    void aSessionsChangesNeedItsCsrfTokenWhileBasicRequestsNeedNone() {
        login(csrfOfLoginForm(), TestAccounts.ADMIN, TestAccounts.ADMIN_PASSWORD);
        JsonNode session = session();
        String cancel = "/api/imports/" + UUID.randomUUID() + "/cancel";

        ResponseEntity<String> forged = browser.post().uri(cancel).header("X-Requested-With", "fetch").retrieve()
                .toEntity(String.class);
        assertThat(forged.getStatusCode().value()).isEqualTo(403);
        assertThat(forged.getBody()).contains("CSRF");

        ResponseEntity<String> withToken = browser.post().uri(cancel)
                .header(session.get("csrfHeader").asString(), session.get("csrfToken").asString()).retrieve()
                .toEntity(String.class);
        assertThat(withToken.getStatusCode().value()).as("past security: no such import").isEqualTo(404);

        RestClient api = RestClient.builder().baseUrl("http://localhost:" + port)
                .defaultStatusHandler(HttpStatusCode::isError, (request, response) -> { }).build();
        assertThat(api.post().uri(cancel).headers(h -> h.setBasicAuth(TestAccounts.ADMIN, TestAccounts.ADMIN_PASSWORD))
                .retrieve().toEntity(String.class).getStatusCode().value()).isEqualTo(404);
    }

    @Test
    void someoneOutsideSecurityAdministratorsMaySignInButGets403() {
        login(csrfOfLoginForm(), TestAccounts.OPERATOR, TestAccounts.OPERATOR_PASSWORD);

        assertThat(session().get("securityAdministrator").asBoolean()).isFalse();
        ResponseEntity<String> imports = browser.get().uri("/api/imports").retrieve().toEntity(String.class);
        assertThat(imports.getStatusCode().value()).isEqualTo(403);
        assertThat(imports.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue();
    }

    @Test
    void aSessionEndsWhenItsUserMayNoLongerSignInAndFollowsRoleChanges() {
        accounts.put("temporary", "temporary-password", "t@example.com", true);
        login(csrfOfLoginForm(), "temporary", "temporary-password");
        assertThat(browser.get().uri("/api/imports").retrieve().toEntity(String.class).getStatusCode().value())
                .isEqualTo(200);

        accounts.put("temporary", "temporary-password", "t@example.com", false);
        assertThat(browser.get().uri("/api/imports").retrieve().toEntity(String.class).getStatusCode().value())
                .isEqualTo(403);

        accounts.remove("temporary");
        assertThat(browser.get().uri("/api/imports").retrieve().toEntity(String.class).getStatusCode().value())
                .isEqualTo(401);
    }

    @Test
    void apiClientsAreChallengedForBasicButBrowsersNeverAre() {
        RestClient api = RestClient.builder().baseUrl("http://localhost:" + port)
                .defaultStatusHandler(HttpStatusCode::isError, (request, response) -> { }).build();
        ResponseEntity<String> anonymous = api.get().uri("/api/imports").retrieve().toEntity(String.class);
        assertThat(anonymous.getStatusCode().value()).isEqualTo(401);
        assertThat(anonymous.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).startsWith("Basic");
        assertThat(anonymous.getBody()).contains("\"status\":401", "Sign in");
        ResponseEntity<String> wrong = api.get().uri("/api/imports")
                .headers(h -> h.setBasicAuth(TestAccounts.ADMIN, "wrong")).retrieve().toEntity(String.class);
        assertThat(wrong.getStatusCode().value()).isEqualTo(401);
        assertThat(wrong.getBody()).contains("password is wrong");
        assertThat(api.get().uri("/api/imports").header("X-Requested-With", "fetch").retrieve().toEntity(String.class)
                .getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).isNull();
    }

    private String csrfOfLoginForm() {
        String form = browser.get().uri("/login").retrieve().body(String.class);
        Matcher token = CSRF_FIELD.matcher(form);
        assertThat(token.find()).as("the login form carries a CSRF token").isTrue();
        return token.group(1);
    }

    private ResponseEntity<String> login(String csrf, String user, String password) {
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("username", user);
        form.add("password", password);
        if (csrf != null) {
            form.add("_csrf", csrf);
        }
        return browser.post().uri("/login").contentType(MediaType.APPLICATION_FORM_URLENCODED).body(form).retrieve()
                .toEntity(String.class);
    }

    private JsonNode session() {
        return json.readTree(browser.get().uri("/api/session").retrieve().body(String.class));
    }
}
