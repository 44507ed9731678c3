package dev.chunkwise.jpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.chunkwise.ChunkwiseException;
import dev.chunkwise.Position;
import dev.chunkwise.RetryPolicy;
import dev.chunkwise.ScanClock;
import dev.chunkwise.ScanIterator;
import dev.chunkwise.ScanListener;
import dev.chunkwise.ScanStatistics;
import dev.chunkwise.jpa.entities.Ledger;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * G6 for JPA scans: the server side of the scan's connection is killed (PostgreSQL
 * {@code pg_terminate_backend}, MariaDB {@code KILL}) from a connection of its own, between
 * chunks and in the middle of a chunk (just before its query, or inside the write handler before
 * the flush), several times in one run. The run retries on a fresh entity manager from the last
 * position read: the caller sees every entity once, in order, and a writer handles every entity
 * exactly once as far as the database is concerned.
 */
@ExtendWith(ClosesFactories.class)
class LostConnectionTest {

    private static final int ENTITIES = 200;
    private static final int CHUNK = 20;

    private static final Map<JpaDatabase, Setup> SETUPS = new EnumMap<>(JpaDatabase.class);

    /** A factory over {@link Ledger} whose connections can be killed. */
    private record Setup(
            EntityManagerFactory factory, KillableConnections connections, KillableConnections.KillBefore killer) {}

    private static synchronized Setup setup(JpaDatabase database) {
        return SETUPS.computeIfAbsent(database, key -> {
            KillableConnections connections = new KillableConnections(key);
            KillableConnections.KillBefore killer =
                    new KillableConnections.KillBefore(connections, "from hx_jpa_ledger");
            EntityManagerFactory factory = key.configuration(Map.of("hibernate.hbm2ddl.auto", "create-drop"))
                    .property("hibernate.connection.provider_class", connections)
                    .property("hibernate.session_factory.statement_inspector", killer)
                    .managedClass(Ledger.class)
                    .createEntityManagerFactory();
            return new Setup(factory, connections, killer);
        });
    }

    @AfterAll
    static synchronized void closeFactories() {
        SETUPS.values().forEach(setup -> {
            setup.factory().close();
            setup.connections().closeIdle();
        });
        SETUPS.clear();
    }

    private static Setup ledgers(JpaDatabase database) {
        Setup setup = setup(database);
        setup.killer().disarm();
        EntityManager entityManager = setup.factory().createEntityManager();
        try {
            entityManager.getTransaction().begin();
            entityManager.createQuery("DELETE FROM Ledger").executeUpdate();
            for (long id = 1; id <= ENTITIES; id++) {
                entityManager.persist(new Ledger(id));
            }
            entityManager.getTransaction().commit();
        } finally {
            entityManager.close();
        }
        return setup;
    }

    private static Map<Long, Integer> visits(Setup setup) {
        Map<Long, Integer> visits = new HashMap<>();
        EntityManager entityManager = setup.factory().createEntityManager();
        try {
            for (Object[] row : entityManager
                    .createQuery("SELECT l.id, l.visits FROM Ledger l", Object[].class)
                    .getResultList()) {
                visits.put((Long) row[0], (Integer) row[1]);
            }
        } finally {
            entityManager.close();
        }
        return visits;
    }

    private static List<Long> all() {
        return LongStream.rangeClosed(1, ENTITIES).boxed().toList();
    }

    private static JpaScan.Builder<Ledger> scan(Setup setup, RecordingClock clock) {
        return JpaScan.of(setup.factory(), Ledger.class)
                .chunkSize(CHUNK)
                .retry(RetryPolicy.defaults())
                .clock(clock);
    }

    @ParameterizedTest
    @EnumSource(
            value = JpaDatabase.class,
            names = {"POSTGRESQL", "MARIADB"})
    void readsEveryEntityOnceInOrderWhenTheConnectionDiesBetweenChunks(JpaDatabase database) {
        Setup setup = ledgers(database);
        RecordingClock clock = new RecordingClock();
        Set<Long> killAfterChunk = Set.of(2L, 5L, 6L, 9L);
        List<Long> delivered = new ArrayList<>();
        int openedBefore = setup.connections().opened().size();

        ScanStatistics statistics = scan(setup, clock).detached().build().forEachChunk(chunk -> {
            chunk.rows().forEach(ledger -> delivered.add(ledger.getId()));
            if (killAfterChunk.contains(chunk.number())) {
                setup.connections().killOpen();
            }
        });

        assertThat(delivered).containsExactlyElementsOf(all());
        assertThat(statistics.rows()).isEqualTo(ENTITIES);
        assertThat(statistics.chunks()).isEqualTo(ENTITIES / CHUNK);
        assertThat(statistics.retries()).isEqualTo(4);
        assertThat(statistics.retryCauses())
                .hasSize(4)
                .allSatisfy(cause -> assertThat(cause).startsWith("chunk ").contains("SQLState"));
        assertThat(clock.sleeps()).as("one backoff per retry").hasSize(4);
        assertThat(setup.connections().opened().size() - openedBefore)
                .as("a new connection per kill")
                .isEqualTo(4);
        assertThat(setup.connections().inUse()).isZero();
    }

    @ParameterizedTest
    @EnumSource(
            value = JpaDatabase.class,
            names = {"POSTGRESQL", "MARIADB"})
    void readsEveryEntityOnceWhenTheConnectionDiesWhileTheChunkIsInItsTransaction(JpaDatabase database) {
        Setup setup = ledgers(database);
        List<Long> delivered = new ArrayList<>();
        // managed chunks: the action runs inside the chunk's read transaction, whose rollback then fails
        ScanStatistics statistics = scan(setup, new RecordingClock()).build().forEachChunk(chunk -> {
            chunk.rows().forEach(ledger -> delivered.add(ledger.getId()));
            if (chunk.number() % 3 == 1) {
                setup.connections().killOpen();
            }
        });

        assertThat(delivered).containsExactlyElementsOf(all());
        assertThat(statistics.chunks()).isEqualTo(ENTITIES / CHUNK);
        assertThat(setup.connections().inUse()).isZero();
    }

    @ParameterizedTest
    @EnumSource(
            value = JpaDatabase.class,
            names = {"POSTGRESQL", "MARIADB"})
    void retriesTheChunkWhoseQueryMeetsADeadConnectionSeveralTimesInARow(JpaDatabase database) {
        Setup setup = ledgers(database);
        RecordingClock clock = new RecordingClock();
        // attempts 3 and 4 are the same chunk: two retries in a row; attempt 9 is a later chunk
        setup.killer().arm(Set.of(1, 3, 4, 9));
        List<Long> delivered = new ArrayList<>();

        ScanStatistics statistics = scan(setup, clock).build().forEachChunk(chunk -> chunk.rows()
                .forEach(ledger -> delivered.add(ledger.getId())));
        setup.killer().disarm();

        assertThat(delivered).containsExactlyElementsOf(all());
        assertThat(statistics.retries()).isEqualTo(4);
        assertThat(statistics.retryCauses()).hasSize(4);
        assertThat(clock.sleeps()).hasSize(4);
        assertThat(clock.sleeps().get(2))
                .as("the second retry in a row waits longer")
                .isGreaterThan(clock.sleeps().get(1));
        assertThat(setup.connections().inUse()).isZero();
    }

    @ParameterizedTest
    @EnumSource(
            value = JpaDatabase.class,
            names = {"POSTGRESQL", "MARIADB"})
    void streamsEveryEntityOnceInOrderWhenTheConnectionDiesMidWalk(JpaDatabase database) {
        Setup setup = ledgers(database);
        Set<Long> killAtEntity = Set.of(7L, 25L, 55L, 133L, 199L);
        List<Long> delivered = new ArrayList<>();
        ScanStatistics statistics;
        try (ScanIterator<Ledger> iterator =
                scan(setup, new RecordingClock()).build().iterator()) {
            while (iterator.hasNext()) {
                Ledger ledger = iterator.next();
                delivered.add(ledger.getId());
                if (killAtEntity.contains(ledger.getId())) {
                    setup.connections().killOpen();
                }
            }
            statistics = iterator.statistics();
        }

        assertThat(delivered).containsExactlyElementsOf(all());
        assertThat(statistics.rows()).isEqualTo(ENTITIES);
        assertThat(statistics.retries()).isEqualTo(killAtEntity.size());
        assertThat(setup.connections().inUse()).isZero();
    }

    @ParameterizedTest
    @EnumSource(
            value = JpaDatabase.class,
            names = {"POSTGRESQL", "MARIADB"})
    void updatesEveryEntityExactlyOnceWhenTheConnectionDiesBeforeTheCommit(JpaDatabase database) {
        Setup setup = ledgers(database);
        setup.killer().arm(Set.of(8));
        Set<Long> killInChunk = Set.of(2L, 3L, 7L);
        Map<Long, Integer> handled = new HashMap<>();
        List<Position> checkpoints = new CopyOnWriteArrayList<>();

        ScanStatistics statistics = scan(setup, new RecordingClock())
                .onCheckpoint(checkpoints::add)
                .build()
                .forEachChunkInTransaction((chunk, entityManager) -> {
                    chunk.rows().forEach(Ledger::visit);
                    int times = handled.merge(chunk.rows().get(0).getId(), 1, Integer::sum);
                    if (killInChunk.contains(chunk.number()) && times == 1) {
                        setup.connections().killOpen();
                    }
                });
        setup.killer().disarm();

        assertThat(visits(setup)).hasSize(ENTITIES).allSatisfy((id, count) -> assertThat(count)
                .as("visits of ledger %d", id)
                .isEqualTo(1));
        assertThat(statistics.rows()).isEqualTo(ENTITIES);
        assertThat(statistics.chunks()).isEqualTo(ENTITIES / CHUNK);
        assertThat(statistics.retries()).isEqualTo(4);
        assertThat(checkpoints).hasSize(ENTITIES / CHUNK);
        assertThat(statistics.lastPosition()).contains(checkpoints.get(checkpoints.size() - 1));
        assertThat(setup.connections().inUse()).isZero();
    }

    @ParameterizedTest
    @EnumSource(
            value = JpaDatabase.class,
            names = {"POSTGRESQL", "MARIADB"})
    void failsAtOnceOnANonTransientFailureReportingTheLastCommittedPosition(JpaDatabase database) {
        Setup setup = ledgers(database);
        AtomicLong handlerCalls = new AtomicLong();
        JpaScan<Ledger> scan = scan(setup, new RecordingClock()).build();

        ChunkwiseException failure = catchThrowableOfType(
                ChunkwiseException.class,
                () -> scan.forEachChunkInTransaction((chunk, entityManager) -> {
                    handlerCalls.incrementAndGet();
                    chunk.rows().forEach(Ledger::visit);
                    if (chunk.number() == 3) {
                        entityManager
                                .createNativeQuery("SELECT no_such_column FROM hx_jpa_ledger")
                                .getResultList();
                    }
                }));

        assertThat(failure).isNotNull();
        assertThat(handlerCalls).as("the failing chunk is not retried").hasValue(3);
        assertThat(failure.chunk()).isEqualTo(3);
        assertThat(failure.lastPosition()).map(Position::values).contains(List.of(40L));
        assertThat(visits(setup).values().stream().mapToInt(Integer::intValue).sum())
                .isEqualTo(40);
        assertThat(setup.connections().inUse()).isZero();
    }

    @ParameterizedTest
    @EnumSource(
            value = JpaDatabase.class,
            names = {"POSTGRESQL", "MARIADB"})
    void failsWhenRetriesAreExhaustedNamingTheLastPositionRead(JpaDatabase database) {
        Setup setup = ledgers(database);
        List<Long> delivered = new ArrayList<>();
        JpaScan<Ledger> scan = scan(setup, new RecordingClock())
                .retry(RetryPolicy.none())
                .detached()
                .build();

        ChunkwiseException failure = catchThrowableOfType(
                ChunkwiseException.class,
                () -> scan.forEachChunk(chunk -> {
                    chunk.rows().forEach(ledger -> delivered.add(ledger.getId()));
                    if (chunk.number() == 4) {
                        setup.connections().killOpen();
                    }
                }));

        assertThat(failure).isNotNull();
        assertThat(failure.chunk()).isEqualTo(5);
        assertThat(failure.lastPosition()).map(Position::values).contains(List.of(80L));
        List<Long> rest = new ArrayList<>();
        scan.startAfter(failure.lastPosition().orElseThrow()).forEach(ledger -> rest.add(ledger.getId()));
        delivered.addAll(rest);
        assertThat(delivered).containsExactlyElementsOf(all());
        assertThat(setup.connections().inUse()).isZero();
    }

    @ParameterizedTest
    @EnumSource(
            value = JpaDatabase.class,
            names = {"POSTGRESQL", "MARIADB"})
    void doesNotRetryARunThatIsOneTransaction(JpaDatabase database) {
        Setup setup = ledgers(database);
        JpaScan<Ledger> scan =
                scan(setup, new RecordingClock()).singleTransaction().build();

        ChunkwiseException failure = catchThrowableOfType(
                ChunkwiseException.class,
                () -> scan.forEachChunk(chunk -> {
                    if (chunk.number() == 2) {
                        setup.connections().killOpen();
                    }
                }));

        assertThat(failure).isNotNull();
        assertThat(failure).hasMessageContaining("one transaction");
        assertThat(setup.connections().inUse()).isZero();
    }

    /** A clock that records every backoff and advances its time instead of sleeping. */
    @ParameterizedTest
    @EnumSource(
            value = JpaDatabase.class,
            names = {"POSTGRESQL", "MARIADB"})
    void reportsTheRetryToTheScansListenerAndLogsItAtWarning(JpaDatabase database) {
        Setup setup = ledgers(database);
        List<String> events = new CopyOnWriteArrayList<>();
        List<ScanListener.Run> runs = new CopyOnWriteArrayList<>();
        ScanListener listener = new ScanListener() {
            @Override
            public void chunkDone(ChunkDone event) {
                events.add("done " + event.chunk() + " " + event.rows() + " " + event.outcome());
            }

            @Override
            public void retry(Retry event) {
                events.add("retry " + event.chunk() + " attempt " + event.attempt());
            }

            @Override
            public void runFinished(RunFinished event) {
                events.add("end " + event.outcome());
                runs.add(event.run());
            }
        };
        JpaScan<Ledger> scan = scan(setup, new RecordingClock())
                .detached()
                .build()
                .named("ledger-job")
                .listener(listener);
        List<LogRecord> records = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger runLog = Logger.getLogger("dev.chunkwise.run");
        runLog.addHandler(capture);
        try {
            scan.forEachChunk(chunk -> {
                if (chunk.number() == 3) {
                    setup.connections().killOpen();
                }
            });
        } finally {
            runLog.removeHandler(capture);
        }

        assertThat(events)
                .containsSubsequence("done 3 20 SUCCESS", "retry 4 attempt 1", "done 4 20 SUCCESS")
                .endsWith("done 10 20 SUCCESS", "done 11 0 SUCCESS", "end SUCCESS")
                .filteredOn(event -> event.startsWith("retry"))
                .hasSize(1);
        assertThat(runs).singleElement().satisfies(run -> {
            assertThat(run.scanName()).contains("ledger-job");
            assertThat(run.source()).isEqualTo("Ledger");
        });
        assertThat(records)
                .filteredOn(record -> record.getLevel() == Level.WARNING)
                .singleElement()
                .extracting(LogRecord::getMessage)
                .asString()
                .startsWith("retrying chunk 4 of the scan 'ledger-job' over Ledger");
    }

    static final class RecordingClock implements ScanClock {
        private final AtomicLong offset = new AtomicLong();
        private final List<Duration> sleeps = new CopyOnWriteArrayList<>();

        @Override
        public long nanoTime() {
            return System.nanoTime() + offset.get();
        }

        @Override
        public void sleep(Duration duration) {
            sleeps.add(duration);
            offset.addAndGet(duration.toNanos());
        }

        List<Duration> sleeps() {
            return List.copyOf(sleeps);
        }
    }
}
