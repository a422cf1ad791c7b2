package io.userimport.ingest.directory;

import io.userimport.model.Memberships;
import io.userimport.security.DirectoryHttp;
import io.userimport.security.SecurityProperties;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;

/**
 * The user directory, which the import worker owns, as this service reads it: to capture a
 * mirror user's memberships when an import starts, and to let the web page search for one. It
 * signs in with the internal token ({@code app.security.internal-token}).
 */
@Component
public class DirectoryClient {

    private final RestClient http;

    DirectoryClient(SecurityProperties properties) {
        this.http = DirectoryHttp.builder(properties).defaultHeaders(headers -> {
                    if (properties.internalToken() != null) {
                        headers.setBearerAuth(properties.internalToken());
                    }
                }).build();
    }

    /**
     * The groups and business units of the user with this login id or email, or empty when no
     * user has it.
     *
     * @throws org.springframework.web.client.RestClientException when the directory cannot be asked
     */
    public Optional<Memberships> memberships(String loginIdOrEmail) {
        try {
            DirectoryUser user = http.get().uri("/api/users/{key}", loginIdOrEmail).retrieve().body(DirectoryUser.class);
            return Optional.ofNullable(user).map(u -> new Memberships(u.groups(), u.businessUnits()));
        } catch (HttpClientErrorException e) {
            if (e.getStatusCode() == HttpStatus.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** One page of the users whose login id, email or name contains {@code text}, with the total in X-Total-Count. */
    public ResponseEntity<List<DirectoryUser>> search(String text, int page, int size) {
        ResponseEntity<List<DirectoryUser>> found = http.get()
                .uri(uri -> uri.path("/api/users").queryParam("search", text).queryParam("page", page)
                        .queryParam("size", size).build())
                .retrieve().toEntity(new org.springframework.core.ParameterizedTypeReference<>() { });
        return ResponseEntity.ok().header("X-Total-Count", found.getHeaders().getFirst("X-Total-Count"))
                .body(found.getBody());
    }

    /** A directory user as the import needs it: who it is and what it belongs to. */
    public record DirectoryUser(String loginId, String email, String fullName, String status, List<String> groups,
                                List<String> businessUnits) {
    }
}
