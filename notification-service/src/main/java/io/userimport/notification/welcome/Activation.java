package io.userimport.notification.welcome;

import io.userimport.model.Topics;
import io.userimport.model.UserActivated;
import io.userimport.notification.welcome.WelcomeEmails.TokenHolder;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

/**
 * Spends a welcome email's single-use token on a password. The token is marked used in one
 * statement (so two submissions cannot both spend it), then the password's hash travels to the
 * directory as a {@link UserActivated} event; if Kafka does not take the event, the token is
 * given back and the user can try again.
 */
@Service
class Activation {

    private static final Logger log = LoggerFactory.getLogger(Activation.class);

    private final WelcomeEmails welcomeEmails;
    private final KafkaTemplate<String, Object> kafka;
    private final PasswordEncoder passwordEncoder;
    private final Clock clock;

    Activation(WelcomeEmails welcomeEmails, KafkaTemplate<String, Object> kafka, PasswordEncoder passwordEncoder,
               Clock clock) {
        this.welcomeEmails = welcomeEmails;
        this.kafka = kafka;
        this.passwordEncoder = passwordEncoder;
        this.clock = clock;
    }

    /** What a token can still do. */
    enum TokenState { VALID, UNKNOWN, EXPIRED, USED }

    /** A token's state and the login id it was sent to (empty when the token is unknown). */
    record TokenCheck(TokenState state, String loginId) {
    }

    TokenCheck check(String token) {
        Optional<TokenHolder> holder = holder(token);
        return new TokenCheck(state(holder, clock.instant()), holder.map(TokenHolder::loginId).orElse(""));
    }

    /** Sets the password if the token is valid; returns the token's state before it was spent. */
    TokenState activate(String token, String password) {
        String tokenHash = WelcomeEmailSender.sha256(token == null ? "" : token);
        Instant now = clock.instant();
        Optional<TokenHolder> spent = welcomeEmails.spendToken(tokenHash, now);
        if (spent.isEmpty()) {
            return state(welcomeEmails.findByTokenHash(tokenHash), now);
        }
        TokenHolder user = spent.get();
        UserActivated event = UserActivated.of(user.importId(), user.rowNumber(), user.loginId(),
                passwordEncoder.encode(password), now);
        try {
            kafka.send(Topics.ACTIVATIONS, Topics.userKey(user.loginId()), event).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            welcomeEmails.restoreToken(tokenHash);
            throw new IllegalStateException("Could not record the new password; the link still works", e);
        } catch (InterruptedException e) {
            welcomeEmails.restoreToken(tokenHash);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
        log.info("User {} set a password through the welcome link (row {} of import {})", user.loginId(),
                user.rowNumber(), user.importId());
        return TokenState.VALID;
    }

    private Optional<TokenHolder> holder(String token) {
        return token == null || token.isBlank() ? Optional.empty()
                : welcomeEmails.findByTokenHash(WelcomeEmailSender.sha256(token));
    }

    private static TokenState state(Optional<TokenHolder> holder, Instant now) {
        if (holder.isEmpty()) {
            return TokenState.UNKNOWN;
        }
        if (holder.get().usedAt() != null) {
            return TokenState.USED;
        }
        return holder.get().expiresAt().isAfter(now) ? TokenState.VALID : TokenState.EXPIRED;
    }
}
