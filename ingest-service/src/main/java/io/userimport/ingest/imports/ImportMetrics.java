package io.userimport.ingest.imports;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.userimport.ingest.config.IngestProperties;
import io.userimport.kafka.ConsumerBacklog;
import io.userimport.model.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * What dashboards show of the imports, refreshed every {@code app.ingest.metrics-interval}
 * (5 s): jobs by status ({@code userimport.jobs}), the rows of each import running or finished
 * in the last 10 minutes by kind ({@code userimport.import.rows}: total, staged, published,
 * processed, failed), and the records each consumer group of the pipeline has not consumed yet
 * ({@code userimport.consumer.lag}, asked of the broker).
 */
@Component
class ImportMetrics {

    /** The pipeline's consumer groups, with the topic each one's lag is measured on. */
    private final Map<String, String> groups;
    private final JdbcClient jdbc;
    private final ConsumerBacklog backlog;
    private final MultiGauge jobs;
    private final MultiGauge rows;
    private final MultiGauge lag;

    ImportMetrics(JdbcClient jdbc, ConsumerBacklog backlog, IngestProperties properties, MeterRegistry registry) {
        this.jdbc = jdbc;
        this.backlog = backlog;
        this.groups = Map.of(properties.workerGroup(), Topics.ROWS, ResultListener.GROUP, Topics.RESULTS,
                "notification-results", Topics.NOTEWORTHY_RESULTS);
        this.jobs = MultiGauge.builder("userimport.jobs").description("Import jobs by status").register(registry);
        this.rows = MultiGauge.builder("userimport.import.rows")
                .description("Rows of each import running or finished in the last 10 minutes, by kind").register(registry);
        this.lag = MultiGauge.builder("userimport.consumer.lag").baseUnit("records")
                .description("Records of its topic a consumer group of the pipeline has not consumed yet")
                .register(registry);
    }

    @Scheduled(initialDelayString = "5s", fixedDelayString = "${app.ingest.metrics-interval:5s}")
    void refresh() {
        jobs.register(jdbc.sql("""
                select s.status, count(j.id) as jobs
                from unnest(cast(:statuses as varchar[])) as s(status)
                left join import_job j on j.status = s.status group by s.status
                """).param("statuses", java.util.Arrays.stream(ImportStatus.values()).map(Enum::name)
                        .toArray(String[]::new))
                .query((rs, n) -> MultiGauge.Row.of(Tags.of("status", rs.getString("status")), rs.getLong("jobs")))
                .list(), true);
        List<MultiGauge.Row<?>> progress = new ArrayList<>();
        jdbc.sql("""
                select id, file_name, total_rows, staged_rows, published_rows, processed_rows, failed from import_job
                where status not in ('COMPLETED', 'FAILED', 'CANCELLED') or finished_at > now() - interval '10 minutes'
                """).query(rs -> {
            Tags job = Tags.of("import_id", rs.getString("id"), "file", String.valueOf(rs.getString("file_name")));
            for (String kind : List.of("total", "staged", "published", "processed", "failed")) {
                progress.add(MultiGauge.Row.of(job.and("kind", kind),
                        rs.getLong(kind.equals("failed") ? kind : kind + "_rows")));
            }
        });
        rows.register(progress, true);
        List<MultiGauge.Row<?>> lags = new ArrayList<>();
        groups.forEach((group, topic) -> backlog.of(group, topic).ifPresent(records ->
                lags.add(MultiGauge.Row.of(Tags.of("group", group, "topic", topic), records))));
        lag.register(lags, true);
    }
}
