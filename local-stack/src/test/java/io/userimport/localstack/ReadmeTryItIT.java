package io.userimport.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The README's "Try it from a shell" runs as written against the running pipeline (only its
 * ports, which the local run fixes and this test's stack chooses freely, are swapped): it
 * captures the job's id, waits for the outcome, lists the failed rows, finds the user in the
 * directory and finds the welcome link
 * through the inbox's Mailpit API.
 */
class ReadmeTryItIT extends EndToEndTest {

    @Test
    void theReadmesTryItSectionRunsAsWrittenAndEndsWithAWelcomeLink() throws Exception {
        Path home = Path.of("..").toAbsolutePath().normalize();
        String readme = Files.readString(home.resolve("README.md"));
        int section = readme.indexOf("### Try it from a shell");
        assertThat(section).as("the README's try-it section").isPositive();
        int start = readme.indexOf("```sh\n", section) + "```sh\n".length();
        String script = readme.substring(start, readme.indexOf("```", start))
                .replace("http://localhost:8080", stack.url("ingest-service"))
                .replace("http://localhost:8025", "http://localhost:" + stack.inbox().webPort())
                .replace("PASSWORD=local-admin-password", "PASSWORD='" + stack.adminPassword() + "'");

        Process bash = new ProcessBuilder("bash", "-euo", "pipefail", "-c", script).directory(home.toFile())
                .redirectErrorStream(true).start();
        boolean ended = bash.waitFor(3, TimeUnit.MINUTES);
        String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!ended) {
            bash.destroyForcibly();
        }

        assertThat(ended).as(output).isTrue();
        assertThat(bash.exitValue()).as(output).isZero();
        assertThat(output).containsPattern("import [0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\n")
                .contains("\"status\":\"COMPLETED\"", "\"outcome\":\"FAILED\"", "Duplicate login id in file",
                        "\"john.doe@example.com\"")
                .containsPattern("http://\\S+/set-password\\?token=[A-Za-z0-9_-]{43}\\s*$");
    }
}
