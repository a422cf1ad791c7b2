package io.userimport.worker.directory;

import static org.assertj.core.api.Assertions.assertThat;

import io.userimport.infra.RealInfrastructureInitializer;
import io.userimport.security.TestAccounts;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.web.client.RestClient;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = RealInfrastructureInitializer.class)
class DirectoryApiIntegrationTests {

    @LocalServerPort
    int port;

    RestClient http;

    @BeforeEach
    void setUp() {
        http = RestClient.builder().baseUrl("http://localhost:" + port)
                .defaultHeaders(headers -> headers.setBasicAuth(TestAccounts.ADMIN, TestAccounts.ADMIN_PASSWORD))
                .defaultStatusHandler(HttpStatusCode::isError, (request, response) -> { }).build();
    }

    @Test
    void theBuiltInAdministratorAlwaysExists() {
        String admin = http.get().uri("/api/users/ADMIN").retrieve().body(String.class);

        assertThat(admin).contains("\"loginId\":\"admin\"", "\"builtIn\":true", "Security Administrators")
                .doesNotContainIgnoringCase("password");
    }

    @Test
    void findsUsersByPartOfTheirLoginIdEmailOrName() {
        assertThat(http.get().uri("/api/users?search=ADMINISTR").retrieve().body(String.class))
                .contains("\"loginId\":\"admin\"");
        assertThat(http.get().uri("/api/users?search=nobody-has-this").retrieve().body(String.class)).isEqualTo("[]");
        assertThat(http.get().uri("/api/users?search=%25").retrieve().body(String.class)).isEqualTo("[]");
    }

    @Test
    void findsAUserByEmailToo() {
        assertThat(http.get().uri("/api/users/ADMIN@localhost").retrieve().body(String.class))
                .contains("\"loginId\":\"admin\"");
    }

    @Test
    void pagesThroughSearchResultsAndSaysHowManyMatch() {
        String s = UUID.randomUUID().toString().substring(0, 8);
        for (String name : List.of("Pager A", "Pager B", "Pager C")) {
            assertThat(post("/api/groups", name + s).getStatusCode().value()).isEqualTo(201);
        }
        ResponseEntity<String> group = post("/api/groups", "Shape " + s);
        assertThat(group.getBody()).matches("\\{\"id\":\\d+,\"name\":\"Shape " + s + "\"}");

        ResponseEntity<String> page = http.get().uri("/api/users?search=admin&page=0&size=1").retrieve()
                .toEntity(String.class);
        assertThat(page.getHeaders().getFirst("X-Total-Count")).isEqualTo("1");
        assertThat(page.getBody()).contains("\"loginId\":\"admin\"");
        assertThat(http.get().uri("/api/users?search=admin&page=1&size=1").retrieve().body(String.class))
                .isEqualTo("[]");
    }

    @Test
    void answersNotFoundWithAProblemForAnUnknownUser() {
        ResponseEntity<String> response = http.get().uri("/api/users/nobody").retrieve().toEntity(String.class);

        assertThat(response.getStatusCode().value()).isEqualTo(404);
        assertThat(response.getBody()).contains("No user with login id or email nobody");
    }

    @Test
    void refusesAGroupNameTakenIgnoringCaseOrHoldingTheListSeparator() {
        String name = "Support " + UUID.randomUUID();

        assertThat(post("/api/groups", name).getStatusCode().value()).isEqualTo(201);
        assertThat(post("/api/groups", name.toUpperCase()).getStatusCode().value()).isEqualTo(409);
        assertThat(post("/api/groups", "a;b").getStatusCode().value()).isEqualTo(400);
        assertThat(post("/api/business-units", "").getStatusCode().value()).isEqualTo(400);
        assertThat(http.get().uri("/api/groups").retrieve().body(String.class)).contains(name);
    }

    private ResponseEntity<String> post(String path, String name) {
        return http.post().uri(path).body(Map.of("name", name)).retrieve().toEntity(String.class);
    }
}
