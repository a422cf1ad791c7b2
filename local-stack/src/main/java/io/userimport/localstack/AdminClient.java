package io.userimport.localstack;

import java.util.Map;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The pipeline's HTTP API as the built-in Administrator uses it: for the benchmark and the
 * end-to-end tests. Error answers are returned, not thrown. Uploads are streamed from their
 * resource, so a file of a gigabyte is never held in memory.
 */
public final class AdminClient {

    public static final JsonMapper JSON = JsonMapper.builder().build();

    private final LocalStack stack;
    private final RestClient rest;
    private final RestClient scraper;

    public AdminClient(LocalStack stack) {
        this.stack = stack;
        this.rest = RestClient.builder().requestFactory(new JdkClientHttpRequestFactory())
                .defaultHeaders(headers -> headers.setBasicAuth("admin", stack.adminPassword()))
                .defaultStatusHandler(HttpStatusCode::isError, (request, response) -> { }).build();
        // the metrics token alone: a scrape costs no password check, as Prometheus's does not
        this.scraper = RestClient.builder().requestFactory(new JdkClientHttpRequestFactory())
                .defaultHeaders(headers -> headers.setBearerAuth(stack.metricsToken())).build();
    }

    /** Signed in as the Administrator; error answers are returned, not thrown. */
    public RestClient rest() {
        return rest;
    }

    /** Uploads a file with form fields, as the web page and curl do. */
    public ResponseEntity<String> upload(Resource file, Map<String, String> fields) {
        MultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
        form.add("file", file);
        fields.forEach(form::add);
        return rest.post().uri(stack.url("ingest-service") + "/api/imports").contentType(MediaType.MULTIPART_FORM_DATA)
                .body(form).retrieve().toEntity(String.class);
    }

    /**
     * One metric of a service, in Prometheus's text format, read with the metrics token: the
     * service writes only that one, a small part of the cost of a whole scrape. {@code name} is
     * the metric's name without the {@code _total} of a counter's samples.
     */
    public String metrics(String service, String name) {
        return scraper.get().uri(stack.url(service) + "/actuator/prometheus?includedNames={name}", name)
                .retrieve().body(String.class);
    }

    public JsonNode job(String id) {
        return get(stack.url("ingest-service") + "/api/imports/" + id);
    }

    public JsonNode get(String url) {
        return JSON.readTree(rest.get().uri(url).retrieve().body(String.class));
    }

    /** Posts a JSON body and returns the answer's status. */
    public int post(String url, Object body) {
        return rest.post().uri(url).contentType(MediaType.APPLICATION_JSON).body(body).retrieve().toBodilessEntity()
                .getStatusCode().value();
    }
}
