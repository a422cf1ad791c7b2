package io.userimport.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Walks every endpoint that the three services document in {@code /v3/api-docs}, as nobody, with
 * a wrong password, as an active user outside Security Administrators and as the Administrator,
 * against the running pipeline: only Security Administrators get past security.
 */
class EndpointSecurityIT {

    private static final JsonMapper json = JsonMapper.builder().build();
    private static final HttpClient http = HttpClient.newHttpClient();
    private static final List<String> SERVICES = List.of("ingest-service", "import-worker", "notification-service");
    /** Open to all: the welcome link's page (its token is the credential) and the login form. */
    private static final Set<String> PUBLIC = Set.of("GET /set-password", "POST /set-password", "GET /login");
    /** Any signed-in user may ask who they are. */
    private static final Set<String> ANY_USER = Set.of("GET /api/auth/me", "GET /api/session");
    /** Only the other services, by the internal token. */
    private static final Set<String> SERVICES_ONLY = Set.of("GET /api/auth/users/{loginId}");

    private static LocalStack stack;
    private static String clerk;
    private static final String CLERK_PASSWORD = "clerk-password-" + UUID.randomUUID();

    @BeforeAll
    static void createAUserOutsideSecurityAdministrators() throws Exception {
        stack = SharedStack.get();
        clerk = "clerk" + UUID.randomUUID().toString().substring(0, 6);
        importAs("login_id,email,password\n%1$s,%1$s@example.com,%2$s\n".formatted(clerk, CLERK_PASSWORD), "CREATE_ONLY");
    }

    @Test
    void everyEndpointAnswers401WithoutOrWithWrongCredentials403ToOthersAndServesSecurityAdministrators()
            throws Exception {
        List<String> wrong = new ArrayList<>();
        int walked = 0;
        for (String service : SERVICES) {
            JsonNode paths = json.readTree(send("GET", stack.url(service) + "/v3/api-docs", null).body()).get("paths");
            for (String path : paths.propertyNames()) {
                for (String method : paths.get(path).propertyNames()) {
                    String operation = method.toUpperCase() + " " + path;
                    if (PUBLIC.contains(operation)) {
                        continue;
                    }
                    walked++;
                    String url = stack.url(service) + path.replace("{id}", UUID.randomUUID().toString())
                            .replace("{loginId}", "admin").replaceAll("\\{[^}]+}", "x");
                    expect(wrong, service, operation, "nobody", send(method, url, null), 401);
                    expect(wrong, service, operation, "a wrong password", send(method, url, basic("admin", "wrong")), 401);
                    expect(wrong, service, operation, "a user outside Security Administrators",
                            send(method, url, basic(clerk, CLERK_PASSWORD)), ANY_USER.contains(operation) ? 200 : 403);
                    HttpResponse<String> admin = send(method, url, basic("admin", stack.adminPassword()));
                    if (SERVICES_ONLY.contains(operation)) {
                        expect(wrong, service, operation, "the Administrator", admin, 403);
                    } else if (admin.statusCode() == 401 || admin.statusCode() == 403 || admin.statusCode() >= 500) {
                        wrong.add("%s %s as the Administrator answered %d: %s".formatted(service, operation,
                                admin.statusCode(), admin.body()));
                    }
                }
            }
        }
        assertThat(wrong).as("endpoints that answered wrongly").isEmpty();
        assertThat(walked).as("endpoints walked").isGreaterThanOrEqualTo(20);
    }

    @Test
    void everyServiceAnswersMalformedRequestsWithProblemBodiesNeverAContainersHtmlPage() throws Exception {
        String admin = basic("admin", stack.adminPassword());
        List<String> wrong = new ArrayList<>();
        for (String service : SERVICES) {
            int port = URI.create(stack.url(service)).getPort();
            Map<String, Integer> requests = new LinkedHashMap<>();
            requests.put("GET /api/imports/<id>/rows?outcome=FAILED", 400); // a placeholder pasted as written
            requests.put("GET /api/imports/%zz", 400);
            requests.put("GET /no/such/page", 404);
            requests.put("TRACE " + listingPath(service), 405);
            requests.put("PATCH " + listingPath(service), 405);
            requests.put("GET /api/failures", "notification-service".equals(service) ? 400 : 404); // importId missing
            requests.put("GET /api/imports/not-an-id", "ingest-service".equals(service) ? 400 : 404);
            for (var request : requests.entrySet()) {
                RawAnswer answer = RawAnswer.send(port, request.getKey() + " HTTP/1.1\r\nHost: localhost\r\n"
                        + "Accept: text/html,*/*;q=0.8\r\nAuthorization: " + admin + "\r\n");
                if (answer.status() != request.getValue() || !answer.isProblem()) {
                    wrong.add(service + " " + request.getKey() + " answered " + answer);
                }
            }
        }
        assertThat(wrong).as("answers that are not the expected problem").isEmpty();
    }

    /** One HTTP/1.1 exchange over a plain socket: HTTP clients refuse to send the malformed requests. */
    private record RawAnswer(int status, String head, String body) {

        static RawAnswer send(int port, String head) throws IOException {
            try (java.net.Socket socket = new java.net.Socket("localhost", port)) {
                socket.getOutputStream().write((head + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                int split = response.indexOf("\r\n\r\n");
                String answerHead = response.substring(0, split);
                return new RawAnswer(Integer.parseInt(answerHead.split(" ")[1]), answerHead, response.substring(split + 4));
            }
        }

        boolean isProblem() {
            return head.toLowerCase().contains("content-type: application/problem+json") && body.contains("\"status\":" + status)
                    && body.contains("\"detail\":");
        }

        @Override
        public String toString() {
            return status + " " + head.lines().filter(line -> line.toLowerCase().startsWith("content-type")).findFirst()
                    .orElse("(no content type)") + " " + body.substring(0, Math.min(200, body.length()));
        }
    }

    @Test
    void healthIsOpenAndMetricsAreReadWithTheMetricsTokenOrByAnAdministrator() throws Exception {
        for (String service : SERVICES) {
            String base = stack.url(service);
            assertThat(send("GET", base + "/actuator/health", null).statusCode()).isEqualTo(200);
            assertThat(send("GET", base + "/actuator/prometheus", null).statusCode()).isEqualTo(401);
            assertThat(send("GET", base + "/actuator/prometheus", "Bearer " + stack.metricsToken()).statusCode())
                    .isEqualTo(200);
            assertThat(send("GET", base + "/actuator/prometheus", basic(clerk, CLERK_PASSWORD)).statusCode())
                    .isEqualTo(403);
            assertThat(send("GET", base + "/actuator/prometheus", basic("admin", stack.adminPassword())).statusCode())
                    .isEqualTo(200);
            assertThat(send("GET", base + "/api/imports", "Bearer " + stack.metricsToken()).statusCode())
                    .as("the metrics token opens nothing else").isIn(403, 404);
        }
    }

    @Test
    void joiningAndLeavingSecurityAdministratorsTakesEffectInEveryService() throws Exception {
        String user = "promoted" + UUID.randomUUID().toString().substring(0, 6);
        String password = "promoted-password-" + UUID.randomUUID();
        importAs("login_id,email,password\n%1$s,%1$s@example.com,%2$s\n".formatted(user, password), "CREATE_ONLY");
        for (String service : SERVICES) {
            assertThat(send("GET", listing(service), basic(user, password)).statusCode()).isEqualTo(403);
        }

        String report = importAs("login_id,groups\n%s,Security Administrators\n".formatted(user), "UPSERT");
        assertThat(report).contains("Added to Security Administrators");
        for (String service : SERVICES) {
            await().atMost(Duration.ofSeconds(60)).until(() -> send("GET", listing(service), basic(user, password))
                    .statusCode() == 200);
        }

        importAs("login_id,email\n%1$s,%1$s-moved@example.com\n".formatted(user), "UPSERT"); // still a member
        assertThat(send("GET", listing("ingest-service"), basic(user, password)).statusCode()).isEqualTo(200);
        send("POST", stack.url("import-worker") + "/api/groups", basic("admin", stack.adminPassword()),
                "{\"name\":\"Staff\"}");
        importAs("login_id,groups\n%s,Staff\n".formatted(user), "UPSERT");
        for (String service : SERVICES) {
            await().atMost(Duration.ofSeconds(60)).until(() -> send("GET", listing(service), basic(user, password))
                    .statusCode() == 403);
        }
    }

    private static String listing(String service) {
        return stack.url(service) + listingPath(service);
    }

    private static String listingPath(String service) {
        return switch (service) {
            case "ingest-service" -> "/api/imports";
            case "import-worker" -> "/api/users";
            default -> "/api/failures?importId=" + UUID.randomUUID();
        };
    }

    /** Imports a file as the Administrator and waits for it to complete; answers its failed rows and warnings. */
    private static String importAs(String csv, String mode) throws Exception {
        var accepted = new AdminApi(stack).upload("walk.csv", csv.getBytes(StandardCharsets.UTF_8), Map.of("mode", mode));
        assertThat(accepted.getStatusCode().value()).as(accepted.getBody()).isEqualTo(202);
        String id = json.readTree(accepted.getBody()).get("id").asString();
        String job = stack.url("ingest-service") + "/api/imports/" + id;
        await().atMost(Duration.ofSeconds(60)).until(() -> json.readTree(send("GET", job,
                basic("admin", stack.adminPassword())).body()).get("status").asString().equals("COMPLETED"));
        String rows = send("GET", job + "/rows", basic("admin", stack.adminPassword())).body();
        assertThat(rows).doesNotContain("\"FAILED\"");
        return rows;
    }

    private static void expect(List<String> wrong, String service, String operation, String who,
                               HttpResponse<String> response, int status) {
        boolean problemBody = status < 400 || response.headers().firstValue("Content-Type").orElse("")
                .startsWith("application/problem+json");
        if (response.statusCode() != status || !problemBody) {
            wrong.add("%s %s with %s answered %d (expected %d%s): %s".formatted(service, operation, who,
                    response.statusCode(), status, status >= 400 ? " with a problem body" : "", response.body()));
        }
    }

    private static HttpResponse<String> send(String method, String url, String authorization)
            throws IOException, InterruptedException {
        return send(method, url, authorization, method.equals("GET") ? null : "{}");
    }

    private static HttpResponse<String> send(String method, String url, String authorization, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Accept", url.contains("/actuator/") ? "*/*" : "application/json")
                .method(method.toUpperCase(), body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
