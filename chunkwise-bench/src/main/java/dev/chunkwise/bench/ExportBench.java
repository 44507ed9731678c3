package dev.chunkwise.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code chunkwise export} of {@code bench_entry} in each format (CSV, JSON Lines, gzip and zstd CSV,
 * Parquet) against the database's own dump to a file, in one run, interleaved run by run:
 * PostgreSQL's {@code COPY ... TO STDOUT} (through
 * {@code psql -c "\copy ..."}) and MariaDB's {@code mariadb --quick} (tab-separated, streamed).
 * Every way is a separate process started the same way, so the JVM's start is inside the time of
 * chunkwise's runs (about 0.3 s) and the client's start inside the dump's.
 *
 * <p>{@code java -cp chunkwise-bench.jar dev.chunkwise.bench.ExportBench --db postgresql --rows 1000000
 * --jar chunkwise-cli/target/chunkwise.jar}
 */
@Command(
        name = "chunkwise-export-bench",
        mixinStandardHelpOptions = true,
        description = "Times chunkwise export per format against the database's own dump of bench_entry.")
public final class ExportBench implements Callable<Integer> {

    @Option(names = "--db", required = true, description = "postgresql or mariadb")
    String db;

    @Option(
            names = "--url",
            description = "the database's JDBC URL (default: the database test on 127.0.0.1); the dump reads the"
                    + " database it names")
    String url;

    @Option(names = "--rows", defaultValue = "1000000", description = "rows in bench_entry; default ${DEFAULT-VALUE}")
    long rows;

    @Option(names = "--repeats", defaultValue = "3", description = "runs per way; default ${DEFAULT-VALUE}")
    int repeats;

    @Option(
            names = "--formats",
            split = ",",
            defaultValue = "csv,jsonl,csv.gz,csv.zst,parquet",
            description = "chunkwise's outputs, by file extension, and /N for --parallel N into a directory"
                    + " (csv/2); default ${DEFAULT-VALUE}")
    List<String> formats;

    @Option(
            names = "--jar",
            split = ",",
            defaultValue = "chunkwise-cli/target/chunkwise.jar",
            description = "the chunkwise command's jar, or several (before,after) to compare them in one run;"
                    + " default ${DEFAULT-VALUE}")
    List<Path> jars;

    @Option(names = "--heap", defaultValue = "64m", description = "chunkwise's -Xmx; default ${DEFAULT-VALUE}")
    String heap;

    @Option(names = "--dir", defaultValue = "target/export-bench", description = "where the files are written")
    Path directory;

    public static void main(String[] args) {
        System.exit(new CommandLine(new ExportBench()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Database database = Database.parse(db);
        if (database != Database.POSTGRESQL && database != Database.MARIADB) {
            throw new CommandLine.ParameterException(
                    new CommandLine(this), "--db: the dumps compared with are PostgreSQL's and MariaDB's");
        }
        if (url == null) {
            url = database.defaultUrl(directory);
        }
        EntryTable.ensure(database, url, rows);
        Files.createDirectories(directory);
        Map<String, List<String>> ways = new LinkedHashMap<>();
        ways.put(
                database == Database.POSTGRESQL ? "psql \\copy (COPY TO STDOUT), csv" : "mariadb --quick, tsv",
                dump(database));
        for (int j = 0; j < jars.size(); j++) {
            for (String format : formats) {
                ways.put(
                        "chunkwise " + format + (jars.size() == 1 ? "" : " (jar " + (j + 1) + ")"),
                        chunkwise(jars.get(j), url, format));
            }
        }
        Map<String, List<double[]>> results = new LinkedHashMap<>();
        ways.keySet().forEach(way -> results.put(way, new ArrayList<>()));
        for (List<String> command : ways.values()) {
            run(command); // warm-up: the buffer pool, the page cache
        }
        for (int repeat = 0; repeat < repeats; repeat++) {
            List<String> order = new ArrayList<>(ways.keySet());
            Collections.rotate(order, repeat);
            for (String way : order) {
                results.get(way).add(run(ways.get(way)));
            }
        }
        double baseline = median(results.values().iterator().next(), 0);
        System.out.printf(
                Locale.ROOT,
                "%n%s, %,d rows, %d runs each, chunkwise at -Xmx%s%n",
                database.label(),
                rows,
                repeats,
                heap);
        System.out.println(
                "| way | wall s (median) | rows/s | MB written | speed vs the dump | client CPU s (median) |");
        System.out.println("|---|---|---|---|---|---|");
        for (Map.Entry<String, List<double[]>> way : results.entrySet()) {
            double seconds = median(way.getValue(), 0);
            System.out.printf(
                    Locale.ROOT,
                    "| %s | %.2f | %,.0f | %.0f | %.2f | %s |%n",
                    way.getKey(),
                    seconds,
                    rows / seconds,
                    way.getValue().get(0)[1] / 1e6,
                    baseline / seconds,
                    Double.isNaN(median(way.getValue(), 2))
                            ? "-"
                            : String.format(Locale.ROOT, "%.2f", median(way.getValue(), 2)));
        }
        return 0;
    }

    private List<String> dump(Database database) {
        Path file = directory.resolve("dump." + (database == Database.POSTGRESQL ? "csv" : "tsv"));
        if (database == Database.POSTGRESQL) {
            return List.of(
                    "psql",
                    "-h",
                    "127.0.0.1",
                    "-U",
                    "postgres",
                    "-d",
                    databaseName(),
                    "-qc",
                    "\\copy " + EntryTable.NAME + " TO '" + file.toAbsolutePath() + "' WITH (FORMAT csv, HEADER true)");
        }
        return List.of(
                "sh",
                "-c",
                "mariadb -h 127.0.0.1 -u root --quick --batch -e 'SELECT * FROM " + EntryTable.NAME + "' "
                        + databaseName() + " > '" + file.toAbsolutePath() + "'");
    }

    /** The database the URL names: {@code jdbc:postgresql://host:port/NAME?...}. */
    private String databaseName() {
        String path = url.replaceFirst("^jdbc:[a-z]+://[^/]*/", "");
        return path.replaceFirst("[?;].*$", "");
    }

    private List<String> chunkwise(Path jar, String url, String way) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        String format = way.replaceFirst("/.*$", "");
        List<String> command = new ArrayList<>(List.of(
                java.toString(),
                "-Xmx" + heap,
                "-jar",
                jar.toString(),
                "export",
                "--url",
                url,
                "--table",
                EntryTable.NAME,
                "--format",
                format.startsWith("jsonl") ? "jsonl" : format.startsWith("parquet") ? "parquet" : "csv"));
        if (way.contains("/")) {
            // --parallel N: one file per partition in a directory, replaced run by run
            command.addAll(List.of("--force", "--parallel", way.substring(way.indexOf('/') + 1)));
        }
        command.addAll(List.of(
                "--out", directory.resolve("chunkwise." + way.replace('/', '-')).toString()));
        return command;
    }

    /** One run of a command: {seconds, bytes written}. */
    private double[] run(List<String> command) throws Exception {
        // a file of an earlier run is removed rather than replaced with --force, which older jars lack
        Path out = Path.of(command.get(command.size() - 1));
        if (command.get(0).endsWith("java") && Files.isRegularFile(out)) {
            Files.delete(out);
        }
        // the client's CPU time (user + system, its children included) by GNU time, where installed
        Path times = Files.createTempFile("export-bench-", ".time");
        List<String> timed = new ArrayList<>(command);
        if (Files.isExecutable(TIME)) {
            timed.addAll(0, List.of(TIME.toString(), "-q", "-f", "%U %S", "-o", times.toString()));
        }
        long started = System.nanoTime();
        Process process = new ProcessBuilder(timed)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        int exit = process.waitFor();
        double seconds = (System.nanoTime() - started) / 1e9;
        if (exit != 0) {
            throw new IllegalStateException("exit " + exit + " from " + String.join(" ", command));
        }
        double cpu = Double.NaN;
        String[] userAndSystem = Files.readString(times).trim().split("\\s+");
        if (userAndSystem.length == 2) {
            cpu = Double.parseDouble(userAndSystem[0]) + Double.parseDouble(userAndSystem[1]);
        }
        Files.deleteIfExists(times);
        String last = command.get(command.size() - 1);
        Path written = command.get(0).equals("psql")
                ? directory.resolve("dump.csv")
                : command.get(0).equals("sh") ? directory.resolve("dump.tsv") : Path.of(last);
        return new double[] {seconds, size(written), cpu};
    }

    /** A file's bytes, or a directory's files' (a parallel export). */
    private static long size(Path written) throws java.io.IOException {
        if (!Files.isDirectory(written)) {
            return Files.size(written);
        }
        try (java.util.stream.Stream<Path> files = Files.list(written)) {
            long total = 0;
            for (Path file : (Iterable<Path>) files::iterator) {
                total += Files.size(file);
            }
            return total;
        }
    }

    private static final Path TIME = Path.of("/usr/bin/time");

    private static double median(List<double[]> runs, int index) {
        double[] values = runs.stream().mapToDouble(run -> run[index]).sorted().toArray();
        int middle = values.length / 2;
        return values.length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }
}
