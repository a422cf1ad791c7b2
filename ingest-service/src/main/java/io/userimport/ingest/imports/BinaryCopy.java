package io.userimport.ingest.imports;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.postgresql.util.ByteStreamWriter;

/**
 * Rows for {@code COPY ... from stdin (format binary)}, in PostgreSQL's binary copy format: each
 * field its length and its bytes, so that neither side escapes or parses anything. Staging a
 * batch this way took the database a quarter less time than the same rows as CSV (whose JSON
 * documents are full of quotes to double), and spares this service the escaping.
 *
 * <p>Text goes as UTF-8, the connection's encoding, and the database checks it as it would any
 * text. Write the columns of each row in the order the {@code COPY} names them.
 */
final class BinaryCopy {

    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0};

    private final Buffer bytes;

    BinaryCopy(int expectedBytes) {
        bytes = new Buffer(expectedBytes);
        bytes.writeBytes(SIGNATURE);
        int32(0); // flags: no OIDs
        int32(0); // no header extension
    }

    /** Begins a row of {@code columns} fields. */
    BinaryCopy row(int columns) {
        int16(columns);
        return this;
    }

    BinaryCopy uuid(UUID value) {
        int32(16);
        int64(value.getMostSignificantBits());
        int64(value.getLeastSignificantBits());
        return this;
    }

    BinaryCopy integer(int value) {
        int32(4);
        int32(value);
        return this;
    }

    /** A text or varchar field; null for SQL {@code NULL}. */
    BinaryCopy text(String value) {
        return utf8(value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    /** A text field given as its UTF-8 bytes (a JSON document as serialized); null for SQL {@code NULL}. */
    BinaryCopy utf8(byte[] value) {
        if (value == null) {
            int32(-1);
        } else {
            int32(value.length);
            bytes.writeBytes(value);
        }
        return this;
    }

    /** Ends the data and gives it to the driver, without copying it again. */
    ByteStreamWriter finish() {
        int16(-1);
        return ByteStreamWriter.of(bytes.contents());
    }

    private void int16(int value) {
        bytes.write(value >>> 8);
        bytes.write(value);
    }

    private void int32(int value) {
        int16(value >>> 16);
        int16(value);
    }

    private void int64(long value) {
        int32((int) (value >>> 32));
        int32((int) value);
    }

    /** A byte array stream whose contents can be read where they are. */
    private static final class Buffer extends ByteArrayOutputStream {

        Buffer(int size) {
            super(size);
        }

        ByteBuffer contents() {
            return ByteBuffer.wrap(buf, 0, count);
        }
    }
}
