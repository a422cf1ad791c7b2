package io.userimport.localstack;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * A HotSpot JVM's own performance counters, from the file it keeps them in
 * ({@code /tmp/hsperfdata_<user>/<pid>}, the file {@code jstat} reads). Reading them costs that
 * JVM nothing, where a scrape of its metrics costs it about 10 ms of processor time: the
 * benchmark's looks at the services' heaps are then no part of the figures it prints.
 *
 * <p>The file is a prologue (a magic number, the byte order, where the entries start and how many
 * there are) and entries, each with its length, where its name and its value are, and its type.
 */
final class PerfCounters {

    private static final int MAGIC = 0xcafec0c0;
    private static final String HEAP_SPACE = "sun.gc.generation.";

    private PerfCounters() {
    }

    /**
     * The bytes the JVM of process {@code pid} has in use in its heap (the sum of its
     * generations' spaces), or empty when its counters cannot be read (no such file, another
     * format, a JVM started with {@code -XX:-UsePerfData}).
     */
    static OptionalLong heapUsed(long pid) {
        Path file = Path.of("/tmp", "hsperfdata_" + System.getProperty("user.name"), Long.toString(pid));
        ByteBuffer data;
        try {
            data = ByteBuffer.wrap(Files.readAllBytes(file));
        } catch (IOException e) {
            return OptionalLong.empty();
        }
        if (data.limit() < 32 || data.order(ByteOrder.BIG_ENDIAN).getInt(0) != MAGIC) {
            return OptionalLong.empty();
        }
        data.order(data.get(4) == 0 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        int entry = data.getInt(24);
        int entries = data.getInt(28);
        long used = 0;
        boolean found = false;
        for (int i = 0; i < entries && entry + 20 <= data.limit(); i++) {
            int length = data.getInt(entry);
            String name = name(data, entry + data.getInt(entry + 4));
            boolean scalarLong = data.get(entry + 12) == 'J' && data.getInt(entry + 8) == 0;
            // sun.gc.generation.<n>.space.<m>.used: eden, survivors and the old generation
            if (scalarLong && name.startsWith(HEAP_SPACE) && name.contains(".space.") && name.endsWith(".used")) {
                used += data.getLong(entry + data.getInt(entry + 16));
                found = true;
            }
            if (length <= 0) {
                break;
            }
            entry += length;
        }
        return found ? OptionalLong.of(used) : OptionalLong.empty();
    }

    private static String name(ByteBuffer data, int at) {
        StringBuilder name = new StringBuilder(48);
        for (int i = at; i < data.limit() && data.get(i) != 0; i++) {
            name.append((char) data.get(i));
        }
        return name.toString();
    }
}
