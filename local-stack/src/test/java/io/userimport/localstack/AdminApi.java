package io.userimport.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The pipeline's HTTP API as the built-in Administrator uses it, for the end-to-end tests. */
final class AdminApi {

    static final JsonMapper JSON = AdminClient.JSON;

    private final AdminClient client;

    AdminApi(LocalStack stack) {
        this.client = new AdminClient(stack);
    }

    /** Signed in as the Administrator; error answers are returned, not thrown. */
    RestClient rest() {
        return client.rest();
    }

    /** Uploads a file with form fields, as the web page and curl do. */
    ResponseEntity<String> upload(String fileName, byte[] content, Map<String, String> fields) {
        return client.upload(new ByteArrayResource(content) {
            @Override
            public String getFilename() {
                return fileName;
            }
        }, fields);
    }

    /** Uploads a CSV that must be accepted, and returns its job's id. */
    String start(String fileName, String csv) {
        ResponseEntity<String> accepted = upload(fileName, csv.getBytes(StandardCharsets.UTF_8), Map.of());
        assertThat(accepted.getStatusCode().value()).as(accepted.getBody()).isEqualTo(202);
        return JSON.readTree(accepted.getBody()).get("id").asString();
    }

    JsonNode job(String id) {
        return client.job(id);
    }

    JsonNode get(String url) {
        return client.get(url);
    }
}
