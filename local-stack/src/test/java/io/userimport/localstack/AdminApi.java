package io.userimport.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The pipeline's HTTP API as the built-in Administrator uses it, for the end-to-end tests. */
final class AdminApi {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final LocalStack stack;
    private final RestClient rest;

    AdminApi(LocalStack stack) {
        this.stack = stack;
        this.rest = RestClient.builder().defaultHeaders(headers -> headers.setBasicAuth("admin", stack.adminPassword()))
                .defaultStatusHandler(HttpStatusCode::isError, (request, response) -> { }).build();
    }

    /** Signed in as the Administrator; error answers are returned, not thrown. */
    RestClient rest() {
        return rest;
    }

    /** Uploads a file with form fields, as the web page and curl do. */
    ResponseEntity<String> upload(String fileName, byte[] content, Map<String, String> fields) {
        MultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
        form.add("file", new ByteArrayResource(content) {
            @Override
            public String getFilename() {
                return fileName;
            }
        });
        fields.forEach(form::add);
        return rest.post().uri(stack.url("ingest-service") + "/api/imports").contentType(MediaType.MULTIPART_FORM_DATA)
                .body(form).retrieve().toEntity(String.class);
    }

    /** Uploads a CSV that must be accepted, and returns its job's id. */
    String start(String fileName, String csv) {
        ResponseEntity<String> accepted = upload(fileName, csv.getBytes(StandardCharsets.UTF_8), Map.of());
        assertThat(accepted.getStatusCode().value()).as(accepted.getBody()).isEqualTo(202);
        return JSON.readTree(accepted.getBody()).get("id").asString();
    }

    JsonNode job(String id) {
        return get(stack.url("ingest-service") + "/api/imports/" + id);
    }

    JsonNode get(String url) {
        return JSON.readTree(rest.get().uri(url).retrieve().body(String.class));
    }

    static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String to(MimeMessage message) {
        try {
            return message.getRecipients(Message.RecipientType.TO)[0].toString();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
