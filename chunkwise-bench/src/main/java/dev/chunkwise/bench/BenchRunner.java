package dev.chunkwise.bench;

import dev.chunkwise.bench.strategy.Strategies;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The benchmark runner: makes sure {@code bench_entry} has the wanted rows, then runs each
 * strategy several times, each run in a JVM of its own with the heap limit under test, and
 * reports one line per strategy, the goals beside them, and optionally CSV, markdown and charts.
 *
 * <p>Runs are interleaved (every strategy once, then every strategy again, ...) so that load from
 * other processes on the machine spreads over all strategies alike; ratios within one run are
 * what the report compares.
 */
@Command(
        name = "chunkwise-bench",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Reads every row of a blog-like table with each strategy, in forked JVMs, and compares them.")
public final class BenchRunner implements Callable<Integer> {

    @Option(names = "--db", required = true, description = "postgresql, mariadb, h2 or sqlite")
    String db;

    @Option(
            names = "--rows",
            description = "rows in bench_entry (created or reused); default ${DEFAULT-VALUE}",
            defaultValue = "20000")
    long rows;

    @Option(
            names = "--heap",
            description = "-Xmx of every measured JVM; default ${DEFAULT-VALUE}",
            defaultValue = "32m")
    String heap;

    @Option(
            names = "--fallback-heap",
            description = "-Xmx to retry a strategy with after it ran out of memory "
                    + "(none to skip); default ${DEFAULT-VALUE}",
            defaultValue = "1g")
    String fallbackHeap;

    @Option(
            names = "--strategies",
            split = ",",
            description = "strategies to run, comma-separated; default: all that " + "run on the database")
    List<String> strategies;

    @Option(names = "--repeats", description = "runs per strategy; default ${DEFAULT-VALUE}", defaultValue = "3")
    int repeats;

    @Option(
            names = "--chunk-size",
            description = "rows per chunk or page, and fetch size; default ${DEFAULT-VALUE}",
            defaultValue = "1000")
    int chunkSize;

    @Option(
            names = "--timeout",
            description = "seconds before a run is killed; default ${DEFAULT-VALUE}",
            defaultValue = "900")
    long timeoutSeconds;

    @Option(
            names = "--single-run-after",
            description =
                    "seconds: a strategy whose first run took longer runs only " + "once; default ${DEFAULT-VALUE}",
            defaultValue = "60")
    long singleRunAfterSeconds;

    @Option(
            names = "--warmup",
            description =
                    "discarded cursor runs before measuring (warms the database cache); " + "default ${DEFAULT-VALUE}",
            defaultValue = "1")
    int warmup;

    @Option(names = "--url", description = "JDBC URL (default: the usual local address, or a file in --data-dir)")
    String url;

    @Option(
            names = "--data-dir",
            description = "where H2 and SQLite files live; default ${DEFAULT-VALUE}",
            defaultValue = "target/bench-data")
    Path dataDirectory;

    @Option(
            names = "--work-dir",
            description = "child logs and latency files; default ${DEFAULT-VALUE}",
            defaultValue = "target/bench-work")
    Path workDirectory;

    @Option(names = "--out", description = "CSV file of the results")
    Path csv;

    @Option(names = "--report-dir", description = "directory for the markdown report and PNG charts")
    Path reportDirectory;

    @Option(
            names = "--sweep",
            split = ",",
            description = "memory sweep: table sizes to run the strategies at, "
                    + "charting peak heap against size (ignores --rows)")
    List<Long> sweep;

    @Option(
            names = "--class-path",
            hidden = true,
            description = "class path of the measured JVMs (default: this one's)")
    String classPath;

    private final PrintStream out;

    public BenchRunner() {
        this(System.out);
    }

    BenchRunner(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchRunner()).execute(args));
    }

    @Override
    public Integer call() throws IOException, InterruptedException, SQLException {
        Database database = Database.parse(db);
        Files.createDirectories(dataDirectory);
        // where the results go is made (or refused) before measuring, not after an hour of it
        if (csv != null && csv.toAbsolutePath().getParent() != null) {
            Files.createDirectories(csv.toAbsolutePath().getParent());
        }
        if (reportDirectory != null) {
            Files.createDirectories(reportDirectory);
        }
        Path runDirectory = workDirectory.resolve(database.label() + "-"
                + ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        Files.createDirectories(runDirectory);
        String jdbcUrl = url != null ? url : database.defaultUrl(dataDirectory);
        List<Strategies.Entry> selected = select(database);
        Fork fork = new Fork(
                classPath != null ? classPath : System.getProperty("java.class.path"), runDirectory, timeoutSeconds);
        if (sweep != null && !sweep.isEmpty()) {
            return sweep(database, jdbcUrl, selected, fork);
        }
        prepareTable(database, jdbcUrl, rows);
        List<Summary> summaries = measure(database, jdbcUrl, rows, selected, fork);
        Report report = new Report(database, rows, heap, chunkSize, repeats, summaries);
        out.println();
        out.print(report.text());
        out.println();
        out.print(report.goals());
        if (csv != null) {
            Files.writeString(csv, report.csv(), StandardCharsets.UTF_8);
            out.println("CSV written to " + csv);
        }
        if (reportDirectory != null) {
            String stem = database.label() + "-" + rows;
            Files.writeString(
                    reportDirectory.resolve("results-" + stem + ".md"),
                    report.markdown(command(), stem),
                    StandardCharsets.UTF_8);
            report.charts(reportDirectory, stem);
            out.println("Report and charts written to " + reportDirectory);
        }
        boolean anySucceeded = summaries.stream().anyMatch(Summary::succeeded);
        return anySucceeded ? 0 : 1;
    }

    private List<Strategies.Entry> select(Database database) {
        List<Strategies.Entry> selected = new ArrayList<>();
        if (strategies == null || strategies.isEmpty()) {
            for (Strategies.Entry entry : Strategies.all()) {
                if (entry.runsOn(database)) {
                    selected.add(entry);
                }
            }
        } else {
            for (String name : strategies) {
                Strategies.Entry entry = Strategies.named(name.trim());
                if (!entry.runsOn(database)) {
                    throw new CommandLine.ParameterException(
                            new CommandLine(this), "strategy " + entry.name() + " does not run on " + database.label());
                }
                selected.add(entry);
            }
        }
        return selected;
    }

    private void prepareTable(Database database, String jdbcUrl, long size) throws SQLException {
        long start = System.nanoTime();
        out.printf("bench_entry on %s: making sure it has %,d rows%n", database.label(), size);
        boolean created = EntryTable.ensure(database, jdbcUrl, size);
        out.printf("  %s in %.1f s%n", created ? "created" : "reused", (System.nanoTime() - start) / 1e9);
    }

    private List<Summary> measure(
            Database database, String jdbcUrl, long size, List<Strategies.Entry> selected, Fork fork)
            throws IOException, InterruptedException {
        for (int i = 0; i < warmup; i++) {
            out.println("  warm-up: one discarded cursor run");
            fork.run("cursor", database, jdbcUrl, chunkSize, size, "1g");
        }
        Map<String, List<RunOutcome>> runs = new LinkedHashMap<>();
        for (Strategies.Entry entry : selected) {
            runs.put(entry.name(), new ArrayList<>());
        }
        for (int round = 1; round <= repeats; round++) {
            for (Strategies.Entry entry : selected) {
                List<RunOutcome> done = runs.get(entry.name());
                if (entry.factory().isEmpty() || stopRepeating(done)) {
                    continue;
                }
                done.add(runOnce(fork, entry, database, jdbcUrl, size, heap, round));
            }
        }
        List<Summary> summaries = new ArrayList<>();
        for (Strategies.Entry entry : selected) {
            List<RunOutcome> done = runs.get(entry.name());
            if (entry.factory().isEmpty()) {
                summaries.add(new Summary(
                        entry, heap, false, List.of(), entry.pending().orElse("not available")));
                continue;
            }
            boolean outOfMemory = done.stream().noneMatch(RunOutcome::ok)
                    && done.stream().anyMatch(run -> run.status().equals("oom"));
            if (outOfMemory && !fallbackHeap.equals("none")) {
                List<RunOutcome> retried = new ArrayList<>();
                for (int round = 1; round <= repeats && !stopRepeating(retried); round++) {
                    retried.add(runOnce(fork, entry, database, jdbcUrl, size, fallbackHeap, round));
                }
                summaries.add(new Summary(entry, fallbackHeap, true, retried, ""));
            } else {
                summaries.add(new Summary(entry, heap, false, done, ""));
            }
        }
        return summaries;
    }

    private boolean stopRepeating(List<RunOutcome> done) {
        if (done.isEmpty()) {
            return false;
        }
        RunOutcome first = done.get(0);
        return !first.ok() || first.nanos() > singleRunAfterSeconds * 1_000_000_000L;
    }

    private RunOutcome runOnce(
            Fork fork, Strategies.Entry entry, Database database, String jdbcUrl, long size, String runHeap, int round)
            throws IOException, InterruptedException {
        RunOutcome outcome = fork.run(entry.name(), database, jdbcUrl, chunkSize, size, runHeap);
        if (outcome.ok()) {
            out.printf(
                    "  run %d  %-20s -Xmx%-5s %8.2f s  %,12.0f rows/s%n",
                    round,
                    entry.name(),
                    runHeap,
                    outcome.nanos() / 1e9,
                    outcome.number("rows") / (outcome.nanos() / 1e9));
        } else {
            out.printf(
                    "  run %d  %-20s -Xmx%-5s %s %s%n",
                    round, entry.name(), runHeap, outcome.status(), outcome.message());
        }
        return outcome;
    }

    private Integer sweep(Database database, String jdbcUrl, List<Strategies.Entry> selected, Fork fork)
            throws IOException, InterruptedException, SQLException {
        List<Long> sizes = new ArrayList<>(sweep);
        sizes.sort(null);
        Map<Long, List<Summary>> bySize = new LinkedHashMap<>();
        String savedFallback = fallbackHeap;
        fallbackHeap = "none";
        try {
            for (long size : sizes) {
                prepareTable(database, jdbcUrl, size);
                bySize.put(size, measure(database, jdbcUrl, size, selected, fork));
            }
        } finally {
            fallbackHeap = savedFallback;
        }
        MemorySweep report = new MemorySweep(database, heap, bySize);
        out.println();
        out.print(report.text());
        if (reportDirectory != null) {
            String stem = "memory-" + database.label();
            Files.writeString(
                    reportDirectory.resolve(stem + ".md"), report.markdown(command(), stem), StandardCharsets.UTF_8);
            report.chart(reportDirectory.resolve(stem + ".png"));
            report.throughputChart(reportDirectory.resolve(MemorySweep.throughputStem(stem) + ".png"));
            out.println("Report and chart written to " + reportDirectory);
        }
        return 0;
    }

    private String command() {
        StringBuilder text = new StringBuilder("java -jar chunkwise-bench/target/chunkwise-bench.jar --db ").append(db);
        if (sweep != null && !sweep.isEmpty()) {
            text.append(" --sweep ")
                    .append(String.join(",", sweep.stream().map(String::valueOf).toList()));
        } else {
            text.append(" --rows ").append(rows);
        }
        text.append(" --heap ").append(heap).append(" --repeats ").append(repeats);
        if (chunkSize != 1000) {
            text.append(" --chunk-size ").append(chunkSize);
        }
        if (strategies != null && !strategies.isEmpty()) {
            text.append(" --strategies ").append(String.join(",", strategies));
        }
        return text.toString();
    }

    static String now() {
        return ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));
    }
}
