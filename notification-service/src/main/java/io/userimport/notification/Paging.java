package io.userimport.notification;

import java.util.List;
import java.util.function.ToIntFunction;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The lists of this service are paged by row: a page holds the items after row {@code afterRow},
 * at most {@code size} of them; {@code X-Total-Count} says how many there are in all, and a
 * {@code Link} header with {@code rel="next"} gives the next page while there may be one.
 */
public final class Paging {

    public static final int DEFAULT_SIZE = 100;
    public static final int MAX_SIZE = 1000;

    private Paging() {
    }

    /** The page size asked for, within 1 and {@link #MAX_SIZE}. */
    public static int size(int requested) {
        return Math.max(1, Math.min(requested, MAX_SIZE));
    }

    /**
     * The answer for a page of {@code items}, with {@code body} as its content (the items, or the
     * items and what goes with them on the page).
     */
    public static <T, B> ResponseEntity<B> page(List<T> items, B body, long total, int size,
                                                ToIntFunction<T> rowNumber) {
        ResponseEntity.BodyBuilder response = ResponseEntity.ok().header("X-Total-Count", Long.toString(total));
        if (items.size() >= size && !items.isEmpty()) {
            String next = ServletUriComponentsBuilder.fromCurrentRequest()
                    .replaceQueryParam("afterRow", rowNumber.applyAsInt(items.get(items.size() - 1)))
                    .replaceQueryParam("size", size).build().toUriString();
            response.header(HttpHeaders.LINK, "<" + next + ">; rel=\"next\"");
        }
        return response.body(body);
    }
}
