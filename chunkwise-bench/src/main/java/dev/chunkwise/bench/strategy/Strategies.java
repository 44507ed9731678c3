package dev.chunkwise.bench.strategy;

import dev.chunkwise.bench.Database;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The strategies the runner knows, in report order, each with the databases it runs on. A
 * strategy that cannot run yet (its module is not built) is listed with the reason, so that
 * reports name it as pending instead of leaving it out silently.
 */
public final class Strategies {

    /** What a strategy is, for the report and the goals. */
    public enum Kind {
        BASELINE,
        REFERENCE,
        NAIVE,
        CHUNKWISE,
        PEER
    }

    /**
     * One strategy.
     *
     * @param name the name on the command line and in reports
     * @param kind what it is
     * @param databases where it runs
     * @param factory makes a fresh instance for one run (absent while pending)
     * @param pending why it cannot run yet (absent when it can)
     */
    public record Entry(
            String name,
            Kind kind,
            Set<Database> databases,
            Optional<Supplier<Strategy>> factory,
            Optional<String> pending) {

        public boolean runsOn(Database database) {
            return databases.contains(database);
        }
    }

    private static final Set<Database> ALL = EnumSet.allOf(Database.class);
    private static final List<Entry> ENTRIES = List.of(
            available("naive", Kind.NAIVE, ALL, Naive::new),
            available("cursor", Kind.BASELINE, ALL, Cursor::new),
            available("offset", Kind.PEER, ALL, Offset::new),
            available("chunkwise", Kind.CHUNKWISE, ALL, () -> new Chunkwise(Chunkwise.Sizing.DEFAULT)),
            available("chunkwise-1000", Kind.CHUNKWISE, ALL, () -> new Chunkwise(Chunkwise.Sizing.FIXED)),
            available("chunkwise-adaptive", Kind.CHUNKWISE, ALL, () -> new Chunkwise(Chunkwise.Sizing.ADAPTIVE)),
            available("chunkwise-jpa", Kind.CHUNKWISE, ALL, () -> new ChunkwiseJpa(false)),
            available("chunkwise-jpa-stateless", Kind.CHUNKWISE, ALL, () -> new ChunkwiseJpa(true)),
            available("spring-batch-paging", Kind.PEER, ALL, SpringBatchPaging::new),
            available("spring-data-scroll", Kind.PEER, ALL, SpringDataScroll::new),
            available("hibernate-scroll", Kind.PEER, ALL, HibernateScroll::new),
            available("jooq-seek", Kind.PEER, ALL, JooqSeek::new),
            available("jpa-stream", Kind.PEER, ALL, JpaStream::new),
            available("plain-seek", Kind.REFERENCE, ALL, PlainSeek::new),
            available("plain-seek-read-ahead", Kind.REFERENCE, ALL, PlainSeekReadAhead::new),
            available("copy", Kind.REFERENCE, EnumSet.of(Database.POSTGRESQL), Copy::new));

    private Strategies() {}

    private static Entry available(String name, Kind kind, Set<Database> databases, Supplier<Strategy> factory) {
        return new Entry(name, kind, databases, Optional.of(factory), Optional.empty());
    }

    /** Every strategy, in report order. */
    public static List<Entry> all() {
        return ENTRIES;
    }

    /** The named strategy. */
    public static Entry named(String name) {
        for (Entry entry : ENTRIES) {
            if (entry.name().equals(name)) {
                return entry;
            }
        }
        List<String> names = new ArrayList<>();
        ENTRIES.forEach(entry -> names.add(entry.name()));
        throw new IllegalArgumentException("unknown strategy '" + name + "'; known: " + String.join(", ", names));
    }
}
