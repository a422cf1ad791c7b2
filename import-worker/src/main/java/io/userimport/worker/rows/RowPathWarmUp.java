package io.userimport.worker.rows;

import io.userimport.kafka.PipelineKafka;
import io.userimport.model.AuthType;
import io.userimport.model.ImportMode;
import io.userimport.model.RowSubmitted;
import io.userimport.model.Topics;
import io.userimport.model.UserFields;
import io.userimport.worker.config.WorkerProperties;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.serialization.Deserializer;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.kafka.support.serializer.JacksonJsonSerializer;
import org.springframework.stereotype.Component;

/**
 * Takes synthetic rows once through the code every row runs, as the service starts: each event
 * read as the row listener reads it, then the batch decided, written and its outcomes stored
 * and serialized, as a dry run does, in a transaction that is rolled back. It sends nothing and
 * counts nothing in the metrics, so nobody sees it; the first import no longer pays for the
 * code's first run, nor for making the outcomes' producer. {@code app.worker.warm-up-rows} rows
 * (0: none); a warm-up that fails only says so.
 */
@Component
class RowPathWarmUp implements ApplicationRunner {

    private final RowApplier applier;
    private final RowListener listener;
    private final WorkerProperties properties;
    private final ConsumerFactory<?, ?> consumerFactory;

    RowPathWarmUp(RowApplier applier, RowListener listener, WorkerProperties properties,
                  ConsumerFactory<?, ?> consumerFactory) {
        this.applier = applier;
        this.listener = listener;
        this.properties = properties;
        this.consumerFactory = consumerFactory;
    }

    @Override
    public void run(ApplicationArguments args) {
        PipelineKafka.warmUp(properties.warmUpRows(), listener::connect, count -> rehearse(count).size());
    }

    /** Decides {@code count} synthetic rows as a dry run does (rolled back) and returns their outcomes. */
    List<Outcome> rehearse(int count) {
        UUID importId = UUID.randomUUID();
        String run = importId.toString().substring(0, 8);
        List<RowSubmitted> rows = new ArrayList<>(count);
        try (JacksonJsonSerializer<Object> serializer = new JacksonJsonSerializer<>();
             Deserializer<Object> deserializer = new ErrorHandlingDeserializer<>()) {
            serializer.configure(Map.of("spring.json.add.type.headers", false), false);
            deserializer.configure(consumerFactory.getConfigurationProperties(), false);
            for (int i = 1; i <= count; i++) {
                String login = "warm-up-" + run + "-" + i;
                // a row in twenty names a group that does not exist, and fails as such a row does
                UserFields user = new UserFields(login, login + "@example.com", "First" + i, "Last" + i,
                        "First" + i + " Last" + i, null, AuthType.NATIVE, null,
                        i % 20 == 0 ? List.of("Warm-up Group " + run) : List.of(), List.of());
                byte[] event = serializer.serialize(Topics.ROWS, RowSubmitted.of(importId, i, ImportMode.CREATE_ONLY,
                        false, true, user));
                rows.add((RowSubmitted) deserializer.deserialize(Topics.ROWS, event));
            }
        }
        return applier.previewOutcomes(rows);
    }
}
