package io.userimport.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.userimport.model.Topics;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

class PipelineKafkaTests {

    @Test
    void connectingAsAServiceStartsGivesUpAfterItsWaitWhenNoBrokerAnswers() {
        DefaultKafkaProducerFactory<String, String> producers = new DefaultKafkaProducerFactory<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:1", // nothing listens there
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
        KafkaTemplate<String, String> template = new KafkaTemplate<>(producers);
        try {
            long start = System.nanoTime();

            boolean connected = PipelineKafka.connect(template, Duration.ofMillis(500), Topics.ROWS);

            assertThat(connected).isFalse();
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .as("not the minute a send would wait (max.block.ms)").isLessThan(Duration.ofSeconds(5));
        } finally {
            producers.destroy();
        }
    }
}
