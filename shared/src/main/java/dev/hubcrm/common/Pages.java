package dev.hubcrm.common;

import java.util.function.Function;
import java.util.function.Predicate;

/** Reading a paged list from its first page on, for the services that need more than one page of it. */
public final class Pages {
    private Pages() {
    }

    /**
     * Hands each page that {@code read} gives for a cursor (null for the first) to {@code each},
     * until the last page or until {@code each} answers false.
     *
     * @return whether the last page was reached
     */
    public static <T> boolean each(Function<String, Page<T>> read, Predicate<Page<T>> each) {
        String cursor = null;
        do {
            Page<T> page = read.apply(cursor);
            if (!each.test(page)) {
                return page.nextCursor() == null;
            }
            cursor = page.nextCursor();
        } while (cursor != null);
        return true;
    }
}
