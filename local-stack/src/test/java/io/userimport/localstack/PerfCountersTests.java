package io.userimport.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class PerfCountersTests {

    @Test
    void readsTheHeapInUseOfARunningJvmFromItsOwnCounters() {
        OptionalLong used = PerfCounters.heapUsed(ProcessHandle.current().pid());

        assertThat(used).isPresent();
        assertThat(used.getAsLong()).isBetween(1L << 20, Runtime.getRuntime().maxMemory());
    }

    @Test
    void aProcessWithoutCountersHasNoHeapToReport() throws Exception {
        Path dir = Path.of("/tmp", "hsperfdata_" + System.getProperty("user.name"));
        long pid = Long.MAX_VALUE - 7; // no such process, and no such file
        assertThat(PerfCounters.heapUsed(pid)).isEmpty();

        Files.createDirectories(dir);
        long fake = 4_000_000_000L + ProcessHandle.current().pid(); // beyond any pid this kernel hands out
        Path file = dir.resolve(Long.toString(fake));
        try {
            Files.write(file, "not the counters of a JVM, just some bytes of text".getBytes());
            assertThat(PerfCounters.heapUsed(fake)).isEmpty();
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
