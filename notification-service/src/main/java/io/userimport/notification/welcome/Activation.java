package io.userimport.notification.welcome;

import io.userimport.notification.welcome.WelcomeEmails.TokenHolder;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

/**
 * Spends a welcome email's single-use token on a password. The token is marked used and the
 * password's hash stored with it in one statement (so two submissions cannot both spend it,
 * and a spent token always has its password); the {@link ActivationPublisher} then hands the
 * hash to the directory as a {@link io.userimport.model.UserActivated} event, at once or, if
 * Kafka is away, as soon as it is back.
 */
@Service
class Activation {

    private static final Logger log = LoggerFactory.getLogger(Activation.class);

    private final WelcomeEmails welcomeEmails;
    private final ActivationPublisher activations;
    private final PasswordEncoder passwordEncoder;
    private final Clock clock;

    Activation(WelcomeEmails welcomeEmails, ActivationPublisher activations, PasswordEncoder passwordEncoder,
               Clock clock) {
        this.welcomeEmails = welcomeEmails;
        this.activations = activations;
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
        if (state(welcomeEmails.findByTokenHash(tokenHash), now) != TokenState.VALID) {
            return state(welcomeEmails.findByTokenHash(tokenHash), now);
        }
        Optional<TokenHolder> spent = welcomeEmails.spendToken(tokenHash, passwordEncoder.encode(password), now);
        if (spent.isEmpty()) {
            return state(welcomeEmails.findByTokenHash(tokenHash), now); // spent by a submission racing this one
        }
        TokenHolder user = spent.get();
        log.info("User {} set a password through the welcome link (row {} of import {})", user.loginId(),
                user.rowNumber(), user.importId());
        activations.publishDue();
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
