package dev.hubcrm.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Reads shared by concurrent callers: each gets its own value, in far fewer reads than callers. */
class ReadsTogetherTest {
    private final List<Set<Integer>> reads = new CopyOnWriteArrayList<>();

    /** Squares of the keys, each read taking a few milliseconds as a DynamoDB call does; 13 is absent. */
    private Map<Integer, Integer> squares(Set<Integer> keys) {
        reads.add(Set.copyOf(keys));
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return keys.stream().filter(key -> key != 13).collect(Collectors.toMap(key -> key, key -> key * key));
    }

    @Test
    void manyCallersAtOnceEachGetTheirOwnValueInAFewReads() throws Exception {
        ReadsTogether<Integer, Integer> together = new ReadsTogether<>(this::squares);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> answers = new ArrayList<>();
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int key = 0; key < 200; key++) {
                int mine = key;
                answers.add(callers.submit(() -> {
                    start.await();
                    return together.get(mine);
                }));
            }
            start.countDown();
        }

        for (int key = 0; key < 200; key++) {
            assertThat(answers.get(key).get()).as("key " + key).isEqualTo(key == 13 ? null : key * key);
        }
        assertThat(reads.stream().flatMap(Set::stream)).as("each key read once").hasSize(200).doesNotHaveDuplicates();
        assertThat(reads).as("reads for 200 callers").hasSizeLessThan(20);
    }

    @Test
    void aLoneCallerReadsItsKeyAtOnce() {
        ReadsTogether<Integer, Integer> together = new ReadsTogether<>(this::squares);

        assertThat(together.get(7)).isEqualTo(49);
        assertThat(together.get(8)).isEqualTo(64);
        assertThat(reads).containsExactly(Set.of(7), Set.of(8));
    }

    @Test
    void aFailedReadFailsItsCallersAndTheNextReadWorks() {
        List<Integer> failOnce = new CopyOnWriteArrayList<>(List.of(1));
        ReadsTogether<Integer, Integer> together = new ReadsTogether<>(keys -> {
            if (!failOnce.isEmpty()) {
                failOnce.clear();
                throw new IllegalStateException("throttled");
            }
            return squares(keys);
        });

        assertThatThrownBy(() -> together.get(3)).isInstanceOf(IllegalStateException.class).hasMessage("throttled");
        assertThat(IntStream.of(3, 4).mapToObj(together::get)).containsExactly(9, 16);
    }
}
