package io.userimport.ingest.deadletters;

import io.swagger.v3.oas.annotations.Operation;
import io.userimport.kafka.DeadLetters;
import io.userimport.security.DirectoryAccount;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The pipeline's dead letters: how many wait, and their replay once their cause is fixed (see
 * {@link DeadLetters}). A row the worker dead-lettered was reported {@code FAILED} already and
 * is replayed as a no-op; a result a service could not record is recorded then.
 */
@RestController
@RequestMapping("/api/dead-letters")
class DeadLetterController {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterController.class);

    private final DeadLetters deadLetters;

    DeadLetterController(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    @Operation(summary = "How many dead letters of each topic wait to be replayed (null when Kafka cannot say)")
    @GetMapping
    Pending pending() {
        return new Pending(deadLetters.pending());
    }

    @Operation(summary = "Send every dead letter not replayed yet back to its topic, to be processed again")
    @PostMapping("/replay")
    Replayed replay(@AuthenticationPrincipal DirectoryAccount account) {
        Map<String, Integer> replayed = deadLetters.replay();
        log.info("Dead letters replayed by {}: {}", account.loginId(), replayed);
        return new Replayed(replayed);
    }

    /** @param pending per dead letter topic, the records not replayed yet */
    record Pending(Map<String, Long> pending) {
    }

    /** @param replayed per dead letter topic, the records sent back to the topic they came from */
    record Replayed(Map<String, Integer> replayed) {
    }
}
