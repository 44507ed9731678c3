package dev.chunkwise.partition;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chunkwise.PartitionStrategy;
import dev.chunkwise.Scan;
import dev.chunkwise.ScanPartition;
import dev.chunkwise.testing.TestDatabase;
import dev.chunkwise.testing.TextCollations;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * G9 coverage and disjointness as properties on each database and for every strategy: the rows
 * of {@code scan.partitions(n)}, concatenated in partition order, are exactly the rows of the
 * scan itself, for n in {1, 2, 7, 64}, over a nullable integer with many duplicates, text under
 * several collations (NULLs included), a unique UUID, composite orders with mixed directions and
 * NULLs rules, reverse, a filter, the empty table, one row and fewer rows than partitions. On
 * PostgreSQL and MariaDB some tries analyse the table and then change it, so that the statistics
 * are stale; the other MariaDB tries analyse it last (its histograms, JSON_HB, exist only then).
 */
class PartitionCoveragePropertyTest {

    private static final int TRIES = 30;
    private static final String TABLE = "prop_part";
    private static final List<String> TEXTS = List.of("a", "A", "b", "B", "b ", "\u00e9", "E", "e", "", "ab");
    private static final List<String> ORDERS = List.of(
            "id",
            "id desc",
            "a",
            "a desc nulls first",
            "a nulls last, s desc",
            "s",
            "s desc nulls first, a nulls first",
            "u",
            "u desc",
            "a desc nulls last, u");

    /** One try: each row's {@code a} and {@code s} index (-1 for NULL), and how to partition it. */
    record Case(
            List<int[]> rows,
            int collation,
            String order,
            boolean reverse,
            boolean filter,
            int partitions,
            PartitionStrategy strategy,
            boolean analyseThenChange) {
        @Override
        public String toString() {
            return rows.size() + " rows "
                    + rows.stream()
                            .map(row -> "(" + row[0] + "," + row[1] + ")")
                            .collect(Collectors.joining(" "))
                    + " collation " + collation + " order '" + order + "'" + (reverse ? " reversed" : "")
                    + (filter ? " filtered" : "") + " n " + partitions + " " + strategy
                    + (analyseThenChange ? " stale statistics" : "");
        }
    }

    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<int[]> row = Combinators.combine(
                        Arbitraries.integers().between(-1, 4),
                        Arbitraries.integers().between(-1, TEXTS.size() - 1))
                .as((a, s) -> new int[] {a, s});
        Arbitrary<List<int[]>> rows = Arbitraries.oneOf(
                row.list().ofMaxSize(2), row.list().ofMaxSize(12), row.list().ofMaxSize(90));
        return Combinators.combine(
                        rows,
                        Arbitraries.integers().between(0, 2),
                        Arbitraries.of(ORDERS),
                        Arbitraries.of(false, true),
                        Arbitraries.of(false, true),
                        Arbitraries.of(1, 2, 7, 64),
                        Arbitraries.of(PartitionStrategy.class),
                        Arbitraries.of(false, true))
                .as(Case::new)
                .withoutEdgeCases();
    }

    @Property(tries = 2 * TRIES) // more tries: three strategies of their own here
    void onPostgresqlPartitionsCoverTheScanExactlyInOrder(@ForAll("cases") Case partitionCase) {
        check(TestDatabase.POSTGRESQL, partitionCase);
    }

    @Property(tries = TRIES)
    void onMariaDbPartitionsCoverTheScanExactlyInOrder(@ForAll("cases") Case partitionCase) {
        check(TestDatabase.MARIADB, partitionCase);
    }

    @Property(tries = TRIES)
    void onMariaDbWithTheMySqlDriverPartitionsCoverTheScanExactlyInOrder(@ForAll("cases") Case partitionCase) {
        check(TestDatabase.MYSQL_DRIVER, partitionCase);
    }

    /**
     * MariaDB's histograms: STATISTICS over orders led by the unique, NOT NULL {@code u}, whose
     * histogram exists once the table is analysed (a single-column primary key has none).
     */
    @Provide
    Arbitrary<Case> histogramCases() {
        return Combinators.combine(cases(), Arbitraries.of("u", "u desc", "u, id desc"))
                .as((base, order) -> new Case(
                        base.rows(),
                        base.collation(),
                        order,
                        base.reverse(),
                        base.filter(),
                        base.partitions(),
                        PartitionStrategy.STATISTICS,
                        base.analyseThenChange()));
    }

    @Property(tries = TRIES)
    void onMariaDbCutsFromItsHistogramsCoverTheScanExactlyInOrder(@ForAll("histogramCases") Case partitionCase) {
        assertHistogramUsed(check(TestDatabase.MARIADB, partitionCase), partitionCase);
    }

    @Property(tries = TRIES)
    void onMariaDbWithTheMySqlDriverCutsFromItsHistogramsCoverTheScanExactlyInOrder(
            @ForAll("histogramCases") Case partitionCase) {
        assertHistogramUsed(check(TestDatabase.MYSQL_DRIVER, partitionCase), partitionCase);
    }

    private static void assertHistogramUsed(PartitionStrategy used, Case partitionCase) {
        // a histogram of fewer than 3 bounds is not used; 10 rows analysed give more
        if (partitionCase.rows().size() >= 10 && !partitionCase.analyseThenChange()) {
            assertThat(used).as("%s", partitionCase).isEqualTo(PartitionStrategy.STATISTICS);
        }
    }

    @Property(tries = TRIES)
    void onH2PartitionsCoverTheScanExactlyInOrder(@ForAll("cases") Case partitionCase) {
        check(TestDatabase.H2, partitionCase);
    }

    @Property(tries = TRIES)
    void onSqlitePartitionsCoverTheScanExactlyInOrder(@ForAll("cases") Case partitionCase) {
        check(TestDatabase.SQLITE, partitionCase);
    }

    /** Checks one case; returns the strategy that found the cuts. */
    private static PartitionStrategy check(TestDatabase database, Case partitionCase) {
        create(database, partitionCase);
        Scan.Builder builder = Scan.over(database.dataSource())
                .table(TABLE)
                .orderBy(partitionCase.order())
                .chunkSize(4);
        if (partitionCase.reverse()) {
            builder.reverse();
        }
        if (partitionCase.filter()) {
            builder.where("id % 3 <> ?", 1);
        }
        Scan<Long> scan = builder.build(row -> row.getLong("id"));
        List<Long> expected = new ArrayList<>();
        scan.forEach(expected::add);

        List<ScanPartition<Long>> partitions = scan.partitions(partitionCase.partitions(), partitionCase.strategy());

        String what = database + ": " + partitionCase + " gave " + partitions;
        net.jqwik.api.statistics.Statistics.collect(
                partitionCase.strategy(), partitions.get(0).strategy());
        assertThat(partitions).as(what).isNotEmpty().hasSizeLessThanOrEqualTo(partitionCase.partitions());
        List<Long> concatenated = new ArrayList<>();
        for (ScanPartition<Long> partition : partitions) {
            List<Long> rows = new ArrayList<>();
            partition.scan().forEach(rows::add);
            assertThat(rows.stream().filter(concatenated::contains).toList())
                    .as("%s: partition %s holds rows of an earlier one", what, partition.index())
                    .isEmpty();
            concatenated.addAll(rows);
            assertThat(partition.count()).isEqualTo(partitions.size());
            assertThat(partition.strategy()).isNotEqualTo(PartitionStrategy.AUTO);
        }
        assertThat(concatenated).as(what).containsExactlyElementsOf(expected);
        for (int i = 0; i < partitions.size(); i++) {
            ScanPartition<Long> partition = partitions.get(i);
            assertThat(partition.index()).isEqualTo(i);
            assertThat(partition.start().isPresent()).as(what).isEqualTo(i > 0);
            assertThat(partition.stop().isPresent()).as(what).isEqualTo(i < partitions.size() - 1);
            if (i > 0) {
                assertThat(partition.start())
                        .as(what)
                        .isEqualTo(partitions.get(i - 1).stop());
            }
        }
        if (partitions.get(0).strategy() == PartitionStrategy.INDEX_WALK) {
            assertThat(partitions)
                    .as("%s: an index walk splits the rows exactly", what)
                    .hasSize(Math.max(1, Math.min(partitionCase.partitions(), expected.size())));
            assertThat(partitions.stream().mapToLong(ScanPartition::estimatedRows))
                    .as(what)
                    .allMatch(rows -> rows >= expected.size() / partitions.size()
                            && rows <= (expected.size() + partitions.size() - 1) / partitions.size());
        }
        return partitions.get(0).strategy();
    }

    private static void create(TestDatabase database, Case partitionCase) {
        List<String> statements = new ArrayList<>();
        statements.add("DROP TABLE IF EXISTS " + TABLE);
        if (database == TestDatabase.POSTGRESQL) {
            statements.add(TextCollations.CREATE_POSTGRESQL_CASE_INSENSITIVE);
        }
        statements.add("CREATE TABLE " + TABLE + " (id " + database.bigint() + " NOT NULL PRIMARY KEY, a "
                + database.integer() + " NULL, s " + TextCollations.textType(database, partitionCase.collation())
                + " NULL, u "
                + database.uuid() + " NOT NULL UNIQUE)");
        List<String> inserts = new ArrayList<>();
        java.util.Random random = new java.util.Random(partitionCase.rows().size());
        int id = 0;
        for (int[] row : partitionCase.rows()) {
            id++;
            inserts.add("INSERT INTO " + TABLE + " (id, a, s, u) VALUES (" + (id * 37 % 1009) + ", "
                    + (row[0] < 0 ? "NULL" : Integer.toString(row[0])) + ", "
                    + (row[1] < 0 ? "NULL" : "'" + TEXTS.get(row[1]) + "'") + ", '"
                    + new UUID(random.nextLong(), random.nextLong()) + "')");
        }
        // MariaDB keeps value histograms (JSON_HB) only for the tables ANALYZE ... PERSISTENT read
        String analyse = database == TestDatabase.POSTGRESQL
                ? "ANALYZE " + TABLE
                : database.isMariaDb() ? "ANALYZE TABLE " + TABLE + " PERSISTENT FOR ALL" : null;
        if (database.isMariaDb()) {
            statements.add("SET SESSION histogram_type = 'JSON_HB'");
        }
        boolean stale = partitionCase.analyseThenChange() && analyse != null;
        if (stale) {
            int half = inserts.size() / 2;
            statements.addAll(inserts.subList(0, half));
            statements.add(analyse);
            statements.addAll(inserts.subList(half, inserts.size()));
            statements.add("DELETE FROM " + TABLE + " WHERE id % 5 = 0");
        } else {
            statements.addAll(inserts);
            if (database.isMariaDb()) {
                statements.add(analyse);
            }
        }
        database.execute(statements.toArray(String[]::new));
    }
}
