package io.userimport.notification.welcome;

import io.userimport.notification.config.NotificationProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.stereotype.Component;

/**
 * Whether noteworthy row outcomes are arriving, that is whether an import that fails rows or
 * sends welcome emails is running: while one is, the welcome emails leave it most of the
 * processor ({@link WelcomeEmailSender}). Outcomes count as arriving until two send intervals
 * have passed without any.
 */
@Component
public class ImportActivity {

    private final Clock clock;
    private final Duration quiet;
    private volatile Instant lastOutcomes = Instant.MIN;

    public ImportActivity(Clock clock, NotificationProperties properties) {
        this.clock = clock;
        this.quiet = properties.sendInterval().multipliedBy(2);
    }

    public void outcomesArrived() {
        lastOutcomes = clock.instant();
    }

    boolean importing() {
        return lastOutcomes != Instant.MIN && clock.instant().isBefore(lastOutcomes.plus(quiet));
    }
}
