package io.userimport.worker.directory;

import io.userimport.kafka.PipelineKafka;
import io.userimport.model.CaseKey;
import io.userimport.model.Topics;
import io.userimport.model.UserActivated;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Activates users who chose their password through the welcome email. Only a user still
 * pending activation changes, so a redelivered event does nothing.
 */
@Component
class ActivationListener {

    private final JdbcTemplate jdbc;

    ActivationListener(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @KafkaListener(id = "import-worker-activations", topics = Topics.ACTIVATIONS,
            concurrency = "1", properties = {PipelineKafka.QUIET_TOPIC,
                    "spring.json.value.default.type=io.userimport.model.UserActivated"})
    public void onActivations(List<ConsumerRecord<String, UserActivated>> records) {
        PipelineKafka.processEach(records, events -> jdbc.batchUpdate("""
                update directory_user set password_hash = ?, status = 'ACTIVE', updated_at = now()
                where login_key = ? and status = 'PENDING_ACTIVATION'
                """, events.stream().map(event -> new Object[] {event.passwordHash(), CaseKey.of(event.loginId())})
                .toList()));
    }
}
