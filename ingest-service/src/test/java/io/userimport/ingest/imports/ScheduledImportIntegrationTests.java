package io.userimport.ingest.imports;

import io.userimport.security.TestAccounts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.userimport.infra.RealInfrastructureInitializer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The scheduled import runs the configured file as an ordinary UPSERT job submitted by
 * {@code system}, skips a run while its previous job is unfinished, and records a file it
 * cannot read as a failed job with the reason. The worker is absent, so a job stays RUNNING until
 * the test ends it.
 */
@SpringBootTest(properties = {"app.ingest.password-hash-strength=4", "app.ingest.schedule.cron=* * * * * *",
        "app.ingest.schedule.report-to=ops@example.com"})
@ContextConfiguration(initializers = RealInfrastructureInitializer.class)
@Import(TestAccounts.InPlaceOfTheDirectory.class)
class ScheduledImportIntegrationTests {

    private static final Path FILE;

    static {
        try {
            FILE = Files.createTempDirectory("schedule").resolve("nightly-users.csv");
            Files.writeString(FILE, "login_id,email\nnightly1,nightly1@example.com\nnightly2,nightly2@example.com\n");
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @DynamicPropertySource
    static void schedule(DynamicPropertyRegistry registry) {
        registry.add("app.ingest.schedule.file", FILE::toString);
    }

    @Autowired
    JdbcClient jdbc;

    @Test
    void runsTheFileAsSystemSkipsWhileItsLastRunIsUnfinishedAndRecordsAnUnreadableFileAsAFailedJob() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> scheduledJobs().size() == 1
                && "RUNNING".equals(scheduledJobs().get(0).get("status")));
        Map<String, Object> first = scheduledJobs().get(0);
        assertThat(first).containsEntry("mode", "UPSERT").containsEntry("submitted_by", "system")
                .containsEntry("submitted_by_email", "ops@example.com").containsEntry("file_name", "nightly-users.csv")
                .containsEntry("total_rows", 2);
        assertThat(Files.exists(FILE)).as("the configured file is left where it is").isTrue();

        Thread.sleep(2_500); // two or three runs come due while the first job is still running: all skipped
        assertThat(scheduledJobs()).hasSize(1);

        Files.delete(FILE);
        finish(first);
        await().atMost(Duration.ofSeconds(30)).until(() -> scheduledJobs().size() == 2);
        assertThat(scheduledJobs().get(1)).containsEntry("status", "FAILED")
                .containsEntry("error", "The file " + FILE + " does not exist.");

        Files.createDirectory(FILE); // a directory cannot be read as a file
        await().atMost(Duration.ofSeconds(30)).until(() -> scheduledJobs().size() == 3);
        assertThat(scheduledJobs().get(2)).containsEntry("status", "FAILED");
        assertThat((String) scheduledJobs().get(2).get("error")).startsWith("The file " + FILE + " cannot be read (");
        Files.delete(FILE);
    }

    private void finish(Map<String, Object> job) {
        jdbc.sql("update import_job set status = 'COMPLETED', finished_at = now() where id = :id")
                .param("id", job.get("id")).update();
    }

    private List<Map<String, Object>> scheduledJobs() {
        return jdbc.sql("""
                select id, status, mode, submitted_by, submitted_by_email, file_name, total_rows, error
                from import_job where scheduled order by submitted_at
                """).query().listOfRows();
    }
}
