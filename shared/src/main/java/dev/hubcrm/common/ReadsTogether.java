package dev.hubcrm.common;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Reads by key that concurrent callers share: whoever asks while no read runs reads its key, and the keys asked for
 * meanwhile are read together by the next read (smart batching: a batch is what gathered during the last read, so
 * there is no timer and a lone caller waits for nothing). The reader keeps reading until nothing is left, then
 * the next caller reads. A failed read fails exactly the keys it was for.
 *
 * @param <K> the key
 * @param <V> what is read; absent keys read as null
 */
public final class ReadsTogether<K, V> {
    private final Function<Set<K>, Map<K, V>> read;
    private final ReentrantLock lock = new ReentrantLock();
    /** Guarded by {@link #lock}: the keys asked for and not yet being read, and whether a caller is reading. */
    private Map<K, CompletableFuture<V>> asked = new LinkedHashMap<>();
    private boolean reading;

    /** @param read the keys' values in one go (absent keys left out) */
    public ReadsTogether(Function<Set<K>, Map<K, V>> read) {
        this.read = read;
    }

    /** The value of {@code key}, or null when there is none. */
    public V get(K key) {
        CompletableFuture<V> mine;
        boolean reader;
        lock.lock();
        try {
            mine = asked.computeIfAbsent(key, k -> new CompletableFuture<>());
            reader = !reading;
            reading = true;
        } finally {
            lock.unlock();
        }
        if (reader) {
            readUntilNoneAsked();
        }
        try {
            return mine.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    private void readUntilNoneAsked() {
        while (true) {
            Map<K, CompletableFuture<V>> batch;
            lock.lock();
            try {
                if (asked.isEmpty()) {
                    reading = false;
                    return;
                }
                batch = asked;
                asked = new LinkedHashMap<>();
            } finally {
                lock.unlock();
            }
            try {
                Map<K, V> found = read.apply(batch.keySet());
                batch.forEach((key, future) -> future.complete(found.get(key)));
            } catch (RuntimeException e) {
                batch.values().forEach(future -> future.completeExceptionally(e));
            }
        }
    }
}
