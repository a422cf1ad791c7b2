package io.userimport.notification.welcome;

import io.userimport.kafka.PipelineKafka;
import io.userimport.model.Topics;
import io.userimport.model.UserActivated;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Hands the passwords chosen through welcome links to the directory: each spent link's stored
 * activation is published as a {@link UserActivated} event, and forgotten once Kafka has it. A
 * crash after publishing publishes it again, which the directory ignores (it activates a user
 * only while pending).
 */
@Component
class ActivationPublisher {

    private static final Logger log = LoggerFactory.getLogger(ActivationPublisher.class);
    private static final int BATCH = 100;

    private final WelcomeEmails outbox;
    private final KafkaTemplate<String, Object> kafka;
    private final TransactionTemplate transaction;

    ActivationPublisher(WelcomeEmails outbox, KafkaTemplate<String, Object> kafka, TransactionTemplate transaction) {
        this.outbox = outbox;
        this.kafka = kafka;
        this.transaction = transaction;
    }

    /** Publishes every stored activation; also called right after a link is spent, so a user waits for nothing. */
    @Scheduled(fixedDelayString = "${app.notification.send-interval:500ms}")
    synchronized void publishDue() {
        try {
            Integer published;
            do {
                published = transaction.execute(status -> {
                    List<UserActivated> due = outbox.dueActivations(BATCH);
                    CompletableFuture.allOf(due.stream()
                            .map(event -> kafka.send(Topics.ACTIVATIONS, Topics.userKey(event.loginId()), event))
                            .toArray(CompletableFuture[]::new)).join();
                    outbox.activationsPublished(due);
                    return due.size();
                });
            } while (published != null && published == BATCH);
        } catch (RuntimeException e) {
            log.warn("Activations wait to be published, tried again shortly: {}", PipelineKafka.rootMessage(e));
        }
    }
}
