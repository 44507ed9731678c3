package dev.chunkwise.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chunkwise.ScanStatistics;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** The hand-over between the walk's thread and the writer's: order, stops and failures. */
class ReadAheadTest {

    /** A walk of {@code count} items that fails at {@code failAt} (0: never) and counts the items it read. */
    private static ScanStatistics walk(Predicate<Integer> handOver, int count, int failAt, AtomicInteger read) {
        for (int i = 1; i <= count; i++) {
            if (i == failAt) {
                throw new IllegalStateException("chunk " + i + " failed");
            }
            read.incrementAndGet();
            if (!handOver.test(i)) {
                break;
            }
        }
        return null;
    }

    @Test
    void everyItemIsWrittenOnceInTheWalksOrderOnTheCallersThread() throws Exception {
        List<Integer> written = new ArrayList<>();
        Thread caller = Thread.currentThread();
        ReadAhead.<Integer>run(
                handOver -> walk(handOver, 1000, 0, new AtomicInteger()),
                item -> {
                    assertThat(Thread.currentThread()).isSameAs(caller);
                    written.add(item);
                    return true;
                },
                "test-walk");
        assertThat(written).hasSize(1000).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void aWriterThatStopsEndsTheWalkAFewItemsLater() throws Exception {
        AtomicInteger read = new AtomicInteger();
        List<Integer> written = new ArrayList<>();
        ReadAhead.<Integer>run(handOver -> walk(handOver, 1000, 0, read), item -> written.add(item) && item < 5, "w");
        assertThat(written).containsExactly(1, 2, 3, 4, 5);
        assertThat(read.get()).isBetween(5, 5 + ReadAhead.AHEAD + 1);
    }

    @Test
    void aFailureOfTheWalkIsThrownAsItWasAfterTheItemsBeforeItAreWritten() {
        List<Integer> written = new ArrayList<>();
        assertThatThrownBy(() -> ReadAhead.<Integer>run(
                        handOver -> walk(handOver, 10, 4, new AtomicInteger()), written::add, "w"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("chunk 4 failed");
        assertThat(written).containsExactly(1, 2, 3);
    }

    @Test
    void aFailureOfTheWriterEndsTheWalkAndIsThrown() {
        AtomicInteger read = new AtomicInteger();
        assertThatThrownBy(() -> ReadAhead.<Integer>run(
                        handOver -> walk(handOver, 1000, 0, read),
                        item -> {
                            throw new InterruptedRunException("stopped at " + item);
                        },
                        "w"))
                .isInstanceOf(InterruptedRunException.class)
                .hasMessage("stopped at 1");
        assertThat(read.get()).isLessThanOrEqualTo(1 + ReadAhead.AHEAD + 1);
    }
}
