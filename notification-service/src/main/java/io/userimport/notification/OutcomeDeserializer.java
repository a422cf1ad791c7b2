package io.userimport.notification;

import io.userimport.model.RowOutcome;
import io.userimport.model.RowProcessed;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.springframework.kafka.support.serializer.JacksonJsonDeserializer;

/**
 * Reads row outcomes, except those their producer marked not {@linkplain RowProcessed#noteworthy
 * noteworthy}: this service acts on none of them, and most rows of a large import are such, so
 * their JSON is not parsed at all. They arrive as {@link #NOT_NOTEWORTHY}. Any other record (one
 * without the header, or another topic's event) is read as JSON.
 */
public class OutcomeDeserializer extends JacksonJsonDeserializer<Object> {

    /** What stands for an outcome that was not read: itself not {@link RowProcessed#noteworthy} (a dry run's). */
    static final RowProcessed NOT_NOTEWORTHY = RowProcessed.notApplied(new UUID(0, 0), 0, 1, null, null,
            RowOutcome.UNCHANGED, null, true, Instant.EPOCH);

    @Override
    public Object deserialize(String topic, Headers headers, byte[] data) {
        Header noteworthy = headers == null ? null : headers.lastHeader(RowProcessed.NOTEWORTHY_HEADER);
        if (data != null && noteworthy != null && "false".equals(new String(noteworthy.value(),
                StandardCharsets.US_ASCII))) {
            return NOT_NOTEWORTHY;
        }
        return super.deserialize(topic, headers, data);
    }
}
