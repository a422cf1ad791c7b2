package io.userimport.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.JsonNode;

/**
 * Two worker instances share the partitions of the row topic: one import's rows are applied by
 * both, each row once, with exact counts.
 */
class ScaleOutIT extends EndToEndTest {

    private static final int ROWS = 4_000;

    @Test
    void twoWorkerInstancesShareTheRowsOfOneImportEachRowAppliedOnce() {
        String second = stack.startInstance("import-worker");
        try {
            // the group has rebalanced: four consumers (two in each instance) share the six partitions
            await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> assertThat(rowConsumers())
                    .containsExactlyInAnyOrder(1, 1, 2, 2));
            long firstBefore = applied("import-worker");
            String prefix = "scale" + UUID.randomUUID().toString().substring(0, 6) + "-";
            StringBuilder csv = new StringBuilder("login_id,email,first_name,last_name\n");
            for (int i = 1; i <= ROWS; i++) {
                csv.append(prefix).append(i).append(',').append(prefix).append(i).append("@example.com,Scale,Out\n");
            }

            String id = api.start("scale.csv", csv.toString());
            await().atMost(Duration.ofMinutes(3)).untilAsserted(() ->
                    assertThat(api.job(id).get("status").asString()).isEqualTo("COMPLETED"));

            JsonNode job = api.job(id);
            assertThat(List.of(job.get("totalRows").asInt(), job.get("processedRows").asInt(),
                    job.get("created").asInt(), job.get("failed").asInt())).containsExactly(ROWS, ROWS, ROWS, 0);
            long byFirst = applied("import-worker") - firstBefore;
            long bySecond = applied(second);
            assertThat(byFirst).as("rows the first worker applied").isPositive();
            assertThat(bySecond).as("rows the second worker applied").isPositive();
            assertThat(byFirst + bySecond).as("each row applied once, by one of them").isEqualTo(ROWS);
            ResponseEntity<String> users = api.rest().get().uri(stack.url("import-worker") + "/api/users?search="
                    + prefix + "&size=1").retrieve().toEntity(String.class);
            assertThat(users.getHeaders().getFirst("X-Total-Count")).isEqualTo(String.valueOf(ROWS));
        } finally {
            stack.stop(second);
        }
    }

    /** How many partitions of the row topic each consumer of the workers' group has. */
    private static List<Integer> rowConsumers() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                stack.kafkaBootstrapServers()))) {
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of("import-worker-rows"))
                    .describedGroups().get("import-worker-rows").get();
            return group.members().stream().map(member -> member.assignment().topicPartitions().size()).toList();
        }
    }

    /** The rows a worker instance applied since it started, by its own metrics. */
    private static long applied(String instance) {
        JsonNode metric = api.get(stack.url(instance) + "/actuator/metrics/userimport.rows.applied");
        return metric.has("measurements") ? (long) metric.get("measurements").get(0).get("value").asDouble() : 0;
    }
}
