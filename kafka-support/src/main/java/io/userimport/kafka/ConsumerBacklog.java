package io.userimport.kafka;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.springframework.beans.factory.DisposableBean;

/** How many records of a topic a consumer group has not consumed yet, asked of the broker. */
public final class ConsumerBacklog implements DisposableBean {

    private static final long TIMEOUT_SECONDS = 10;

    private final Admin admin;

    /** @param adminConfig the settings of an admin client (those of Spring's {@code KafkaAdmin}) */
    public ConsumerBacklog(Map<String, Object> adminConfig) {
        this.admin = Admin.create(adminConfig);
    }

    /**
     * The records of {@code topic} after {@code group}'s committed offsets (from the first record
     * kept, for a partition it never committed); empty when the broker cannot say now.
     */
    public OptionalLong of(String group, String topic) {
        try {
            List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS).get(topic).partitions().stream()
                    .map(partition -> new TopicPartition(topic, partition.partition())).toList();
            Map<TopicPartition, ListOffsetsResultInfo> first = offsets(partitions, OffsetSpec.earliest());
            Map<TopicPartition, ListOffsetsResultInfo> end = offsets(partitions, OffsetSpec.latest());
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            long backlog = 0;
            for (TopicPartition partition : partitions) {
                OffsetAndMetadata at = committed.get(partition);
                backlog += end.get(partition).offset() - (at != null ? at.offset() : first.get(partition).offset());
            }
            return OptionalLong.of(Math.max(0, backlog));
        } catch (ExecutionException | TimeoutException e) {
            return OptionalLong.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalLong.empty();
        }
    }

    private Map<TopicPartition, ListOffsetsResultInfo> offsets(List<TopicPartition> partitions, OffsetSpec spec)
            throws ExecutionException, InterruptedException, TimeoutException {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(partition -> request.put(partition, spec));
        return admin.listOffsets(request).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    public void destroy() {
        admin.close(java.time.Duration.ofSeconds(5));
    }
}
