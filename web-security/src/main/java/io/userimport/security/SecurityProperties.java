package io.userimport.security;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may call a service, under {@code app.security}.
 *
 * @param directoryUrl    the import worker, which owns the accounts (used by the ingest and notification services)
 * @param internalToken   the bearer token the services use among themselves ({@code APP_SECURITY_INTERNAL_TOKEN});
 *                        grants reading the directory and checking accounts, nothing else
 * @param metricsToken    the bearer token a metrics scraper sends ({@code APP_SECURITY_METRICS_TOKEN}); grants
 *                        {@code /actuator/prometheus} only. Unset: only Security Administrators can read it
 * @param accountCacheFor how long an answer of the directory about an account is trusted
 */
@ConfigurationProperties("app.security")
public record SecurityProperties(
        @DefaultValue("http://localhost:8081") URI directoryUrl,
        String internalToken,
        String metricsToken,
        @DefaultValue("30s") Duration accountCacheFor) {
}
