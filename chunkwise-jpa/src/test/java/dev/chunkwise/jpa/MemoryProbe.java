package dev.chunkwise.jpa;

import dev.chunkwise.ScanStatistics;
import dev.chunkwise.jpa.entities.BigRow;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.hibernate.Session;

/**
 * The program {@link MemoryTest} runs in a forked JVM with a small heap: walks every
 * {@link BigRow} of PostgreSQL's {@code jpa_big_row} one way and prints one line,
 * {@code RESULT mode=<mode> outcome=<OK|OOM> rows=<n> peakHeapMb=<m> maxContextEntities=<k>}.
 * Peak heap is sampled every millisecond by a daemon thread and after every chunk.
 *
 * <p>Modes: {@code chunkwise} (forEachChunk, 1000 per chunk), {@code chunkwise-write}
 * (forEachChunkInTransaction incrementing every row's counter), {@code result-list}
 * ({@code getResultList()}), {@code result-stream} ({@code getResultStream()} in one
 * transaction, the usual "streaming" advice).
 */
public final class MemoryProbe {

    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
    private static final AtomicLong PEAK = new AtomicLong();
    private static final AtomicLong ROWS = new AtomicLong();
    private static final AtomicLong MAX_CONTEXT = new AtomicLong(-1);

    private MemoryProbe() {}

    public static void main(String[] arguments) {
        String mode = arguments[0];
        Thread sampler = new Thread(
                () -> {
                    while (true) {
                        sample();
                        try {
                            Thread.sleep(1);
                        } catch (InterruptedException stop) {
                            return;
                        }
                    }
                },
                "heap-sampler");
        sampler.setDaemon(true);
        sampler.start();
        String outcome = "OK";
        EntityManagerFactory factory = JpaDatabase.POSTGRESQL
                .configuration(Map.of("hibernate.hbm2ddl.auto", "none", "hibernate.jdbc.batch_size", "100"))
                .managedClass(BigRow.class)
                .createEntityManagerFactory();
        try {
            run(mode, factory);
        } catch (RuntimeException | Error failure) {
            if (!outOfMemory(failure)) {
                throw failure;
            }
            outcome = "OOM";
        } finally {
            try {
                factory.close();
            } catch (RuntimeException | OutOfMemoryError ignored) {
                // the result line matters more than a clean close after an OOM
            }
        }
        sample();
        System.out.println("RESULT mode=" + mode + " outcome=" + outcome + " rows=" + ROWS.get() + " peakHeapMb="
                + PEAK.get() / (1024 * 1024) + " maxContextEntities=" + MAX_CONTEXT.get());
        System.exit(0);
    }

    /**
     * Whether a failure is an OutOfMemoryError, or carries one: wrapped by a library, or surfacing
     * later as a failed class initialisation (the JVM then throws {@code NoClassDefFoundError:
     * Could not initialize class ...}, caused by an {@code ExceptionInInitializerError} that names
     * the OutOfMemoryError in its message).
     */
    private static boolean outOfMemory(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof OutOfMemoryError) {
                return true;
            }
            if (cause instanceof ExceptionInInitializerError
                    && String.valueOf(cause.getMessage()).contains(OutOfMemoryError.class.getName())) {
                return true;
            }
        }
        return false;
    }

    private static void sample() {
        long used = MEMORY.getHeapMemoryUsage().getUsed();
        PEAK.accumulateAndGet(used, Math::max);
    }

    private static void run(String mode, EntityManagerFactory factory) {
        switch (mode) {
            case "chunkwise": {
                ScanStatistics statistics = JpaScan.of(factory, BigRow.class)
                        .chunkSize(1000)
                        .build()
                        .forEachChunk(chunk -> {
                            for (BigRow row : chunk.rows()) {
                                ROWS.addAndGet(row.getPayload().isEmpty() ? 0 : 1);
                            }
                            sample();
                        });
                System.out.println("chunks=" + statistics.chunks() + " " + statistics.rowsPerSecond() + " rows/s");
                break;
            }
            case "chunkwise-write": {
                ScanStatistics statistics = JpaScan.of(factory, BigRow.class)
                        .chunkSize(1000)
                        .build()
                        .forEachChunkInTransaction((chunk, entityManager) -> {
                            for (BigRow row : chunk.rows()) {
                                row.increment();
                                ROWS.incrementAndGet();
                            }
                            MAX_CONTEXT.accumulateAndGet(
                                    entityManager
                                            .unwrap(Session.class)
                                            .getStatistics()
                                            .getEntityCount(),
                                    Math::max);
                            sample();
                        });
                System.out.println("chunks=" + statistics.chunks() + " " + statistics.rowsPerSecond() + " rows/s");
                break;
            }
            case "result-list": {
                EntityManager entityManager = factory.createEntityManager();
                for (BigRow row : entityManager
                        .createQuery("SELECT e FROM BigRow e ORDER BY e.id", BigRow.class)
                        .getResultList()) {
                    ROWS.addAndGet(row.getPayload().isEmpty() ? 0 : 1);
                }
                entityManager.close();
                break;
            }
            case "result-stream": {
                EntityManager entityManager = factory.createEntityManager();
                entityManager.getTransaction().begin();
                try (Stream<BigRow> rows = entityManager
                        .createQuery("SELECT e FROM BigRow e ORDER BY e.id", BigRow.class)
                        .setHint("org.hibernate.fetchSize", 1000)
                        .getResultStream()) {
                    Iterator<BigRow> iterator = rows.iterator();
                    while (iterator.hasNext()) {
                        ROWS.addAndGet(iterator.next().getPayload().isEmpty() ? 0 : 1);
                        if (ROWS.get() % 1000 == 0) {
                            MAX_CONTEXT.set(entityManager
                                    .unwrap(Session.class)
                                    .getStatistics()
                                    .getEntityCount());
                        }
                    }
                }
                entityManager.getTransaction().commit();
                entityManager.close();
                break;
            }
            default:
                throw new IllegalArgumentException("unknown mode " + mode);
        }
    }
}
