package io.userimport.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * Asks the import worker, which owns the directory, about accounts: {@code GET /api/auth/me} with
 * the caller's own Basic credentials (the worker checks the password against its hash), and
 * {@code GET /api/auth/users/{loginId}} with the internal token for a signed-in session's
 * current standing. Answers are kept for {@code app.security.account-cache-for} (30 s by
 * default), so a role removed or a user disabled takes effect within that time. The cache holds
 * no password: a verified one is keyed by its HMAC under a key made at start and never stored.
 */
public class RemoteDirectoryAccounts implements DirectoryAccounts {

    private final RestClient directory;
    private final String internalToken;
    private final Cache<String, DirectoryAccount> verified;
    private final Cache<String, DirectoryAccount> standing;
    private final SecretKeySpec cacheKey;

    public RemoteDirectoryAccounts(SecurityProperties properties) {
        this.directory = DirectoryHttp.builder(properties).build();
        this.internalToken = properties.internalToken();
        this.verified = Caffeine.newBuilder().expireAfterWrite(properties.accountCacheFor()).maximumSize(10_000).build();
        this.standing = Caffeine.newBuilder().expireAfterWrite(properties.accountCacheFor()).maximumSize(10_000).build();
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        this.cacheKey = new SecretKeySpec(key, "HmacSHA256");
    }

    @Override
    public Optional<DirectoryAccount> authenticate(String loginId, String password) {
        String key = loginId.toLowerCase(Locale.ROOT) + '\n' + hmac(password);
        return Optional.ofNullable(verified.get(key, k -> fetch(directory.get().uri("/api/auth/me")
                .headers(headers -> headers.setBasicAuth(loginId, password, StandardCharsets.UTF_8)))));
    }

    @Override
    public Optional<DirectoryAccount> current(String loginId) {
        if (internalToken == null || internalToken.isBlank()) {
            throw new AuthenticationServiceException("app.security.internal-token is not set, so signed-in sessions "
                    + "cannot be checked against the directory");
        }
        return Optional.ofNullable(standing.get(loginId.toLowerCase(Locale.ROOT), k -> fetch(directory.get()
                .uri("/api/auth/users/{loginId}", loginId).headers(headers -> headers.setBearerAuth(internalToken)))));
    }

    private static DirectoryAccount fetch(RestClient.RequestHeadersSpec<?> request) {
        try {
            return request.exchange((req, response) -> {
                if (response.getStatusCode().is2xxSuccessful()) {
                    return response.bodyTo(DirectoryAccount.class);
                }
                if (response.getStatusCode().isSameCodeAs(HttpStatus.UNAUTHORIZED)
                        || response.getStatusCode().isSameCodeAs(HttpStatus.NOT_FOUND)) {
                    return null;
                }
                throw new AuthenticationServiceException("The user directory answered " + response.getStatusCode()
                        + " when asked about an account");
            });
        } catch (RestClientException e) {
            throw new AuthenticationServiceException("The user directory cannot be reached to check the credentials", e);
        }
    }

    private String hmac(String password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(cacheKey);
            return HexFormat.of().formatHex(mac.doFinal(password.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
