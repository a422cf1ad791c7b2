package io.userimport.ingest.imports;

import static org.awaitility.Awaitility.await;

import io.userimport.security.TestAccounts;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Consumer;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The imports API as the tests call it, signed in as the administrator: uploads as multipart
 * forms, jobs read and awaited as JSON.
 */
final class ImportsApi {

    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final RestClient http;
    private final JsonMapper json;

    ImportsApi(int port, JsonMapper json) {
        this.http = RestClient.builder().baseUrl("http://localhost:" + port)
                .defaultHeaders(headers -> headers.setBasicAuth(TestAccounts.ADMIN, TestAccounts.ADMIN_PASSWORD))
                .defaultStatusHandler(HttpStatusCode::isError, (request, response) -> { }).build();
        this.json = json;
    }

    RestClient http() {
        return http;
    }

    /** Uploads {@code csv} with form fields given as name, value, name, value... */
    ResponseEntity<String> upload(String csv, String fileName, String... fields) {
        MultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
        form.add("file", new ByteArrayResource(csv.getBytes(StandardCharsets.UTF_8)) {
            @Override
            public String getFilename() {
                return fileName;
            }
        });
        for (int i = 0; i < fields.length; i += 2) {
            form.add(fields[i], fields[i + 1]);
        }
        return http.post().uri("/api/imports").contentType(MediaType.MULTIPART_FORM_DATA).body(form).retrieve()
                .toEntity(String.class);
    }

    JsonNode job(UUID id) {
        return json.readTree(http.get().uri("/api/imports/{id}", id).retrieve().body(String.class));
    }

    void awaitJob(UUID id, Consumer<JsonNode> assertion) {
        await().atMost(TIMEOUT).untilAsserted(() -> assertion.accept(job(id)));
    }
}
