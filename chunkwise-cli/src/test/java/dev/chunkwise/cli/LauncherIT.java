package dev.chunkwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code chunkwise} launcher that {@code package} puts beside the jar, run as a user runs it:
 * through a chain of symbolic links on PATH, with a Java that records the arguments it was given
 * and then runs the real one.
 */
class LauncherIT {

    /** A filter with blanks, single and double quotes, a dollar and a star: the shell must pass it untouched. */
    private static final String WHERE = "name = 'it''s \"quoted\" $HOME *' OR id = 3";

    @TempDir
    Path directory;

    private Path bin;
    private Path javaHome;
    private Path recorded;
    private String url;

    /** What the launcher printed and returned. */
    record Result(int exitCode, String out, String err) {}

    private static Path launcher() {
        return Path.of(System.getProperty("chunkwise.launcher", "target/chunkwise"))
                .toAbsolutePath();
    }

    @BeforeEach
    void linkTheLauncherOntoPathAndMakeARecordingJava() throws Exception {
        // bin/chunkwise -> ../links/chunkwise (relative) -> target/chunkwise (absolute)
        Path links = Files.createDirectories(directory.resolve("links"));
        Files.createSymbolicLink(links.resolve("chunkwise"), launcher());
        bin = Files.createDirectories(directory.resolve("bin"));
        Files.createSymbolicLink(bin.resolve("chunkwise"), Path.of("../links/chunkwise"));

        recorded = directory.resolve("java-arguments.txt");
        javaHome = Files.createDirectories(directory.resolve("my jdk").resolve("bin"))
                .getParent();
        Path java = javaHome.resolve("bin").resolve("java");
        Files.writeString(
                java,
                "#!/bin/sh\nprintf '%s\\n' \"$@\" > '" + recorded + "'\nexec '"
                        + Path.of(System.getProperty("java.home"), "bin", "java") + "' \"$@\"\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));

        url = "jdbc:h2:file:" + directory.resolve("h2");
        try (Connection connection = DriverManager.getConnection(url);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE quoted (id INTEGER NOT NULL PRIMARY KEY, name VARCHAR(40))");
            statement.execute("INSERT INTO quoted VALUES (1, 'it''s \"quoted\" $HOME *'), (2, 'other'), (3, 'three')");
        }
    }

    private Result run(Map<String, String> environment, String... args) throws Exception {
        return run(bin, environment, args);
    }

    private Result run(Path pathDirectory, Map<String, String> environment, String... args) throws Exception {
        // the shell finds chunkwise on the PATH given below, as a user's shell does
        List<String> command = new ArrayList<>(List.of("/bin/sh", "-c", "chunkwise \"$@\"", "sh"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectOutput(directory.resolve("stdout.txt").toFile())
                .redirectError(directory.resolve("stderr.txt").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().remove("JAVA_HOME");
        builder.environment().remove("JAVA_OPTS");
        builder.environment().put("PATH", pathDirectory + ":/usr/bin:/bin");
        builder.environment().putAll(environment);
        Process process = builder.start();
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("finished in time").isTrue();
        return new Result(
                process.exitValue(),
                Files.readString(directory.resolve("stdout.txt")),
                Files.readString(directory.resolve("stderr.txt")));
    }

    private Map<String, String> withJavaHome(String javaOptions) {
        Map<String, String> environment = new HashMap<>(Map.of("JAVA_HOME", javaHome.toString()));
        if (javaOptions != null) {
            environment.put("JAVA_OPTS", javaOptions);
        }
        return environment;
    }

    @Test
    void runsTheJarBesideTheRealScriptWithTheArgumentsAsGiven() throws Exception {
        Result result = run(withJavaHome(null), "export", "--url", url, "--table", "quoted", "--where", WHERE);

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).isEqualTo("ID,NAME\r\n1,\"it's \"\"quoted\"\" $HOME *\"\r\n3,\"three\"\r\n");
        assertThat(Files.readAllLines(recorded, StandardCharsets.UTF_8))
                .as("the arguments the launcher gave java")
                .containsExactly(
                        "-jar",
                        launcher().getParent().resolve("chunkwise.jar").toString(),
                        "export",
                        "--url",
                        url,
                        "--table",
                        "quoted",
                        "--where",
                        WHERE);
    }

    @Test
    void worksFromADirectoryWithBlanksInItsName() throws Exception {
        Path home = Files.createDirectories(directory.resolve("chunkwise home"));
        Files.copy(launcher(), home.resolve("chunkwise"), java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        Files.createSymbolicLink(
                home.resolve("chunkwise.jar"), launcher().getParent().resolve("chunkwise.jar"));
        Path otherBin = Files.createDirectories(directory.resolve("other bin"));
        Files.createSymbolicLink(otherBin.resolve("chunkwise"), Path.of("../chunkwise home/chunkwise"));

        Result result = run(otherBin, withJavaHome(null), "export", "--url", url, "--table", "quoted", "--limit", "1");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).isEqualTo("ID,NAME\r\n1,\"it's \"\"quoted\"\" $HOME *\"\r\n");
        assertThat(Files.readAllLines(recorded, StandardCharsets.UTF_8))
                .startsWith("-jar", home.resolve("chunkwise.jar").toString());
    }

    @Test
    void putsJavaOptsBeforeTheJarAsSeparateOptions() throws Exception {
        Result result = run(withJavaHome("-Xmx64m  -Dchunkwise.test=a*"), "--version");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).startsWith("chunkwise ");
        assertThat(Files.readAllLines(recorded, StandardCharsets.UTF_8))
                .containsExactly(
                        "-Xmx64m",
                        "-Dchunkwise.test=a*",
                        "-jar",
                        launcher().getParent().resolve("chunkwise.jar").toString(),
                        "--version");
    }

    @Test
    void usesTheJavaOnPathWithoutJavaHome() throws Exception {
        Files.createSymbolicLink(bin.resolve("java"), javaHome.resolve("bin").resolve("java"));

        Result result = run(Map.of(), "--version");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(recorded).as("the java on PATH ran").exists();
    }

    @Test
    void returnsTheCommandsExitCode() throws Exception {
        Result unknownTable = run(withJavaHome(null), "export", "--url", url, "--table", "nope");
        assertThat(unknownTable.exitCode()).isEqualTo(2);
        assertThat(unknownTable.err()).startsWith("chunkwise: ").contains("nope");

        Result unknownOption = run(withJavaHome(null), "export", "--no-such-option");
        assertThat(unknownOption.exitCode()).isEqualTo(2);
    }

    @Test
    void ctrlCReachesTheJavaItRunsWhichStopsAfterAChunkWithExitCode130() throws Exception {
        try (Connection connection = DriverManager.getConnection(url);
                Statement statement = connection.createStatement()) {
            statement.execute(
                    "CREATE TABLE big (id BIGINT NOT NULL PRIMARY KEY) AS SELECT X FROM SYSTEM_RANGE(1, 100000)");
        }
        Path resume = directory.resolve("big.resume");
        // started as the link itself, so that the process is the launcher, and after its exec the JVM
        ProcessBuilder builder = new ProcessBuilder(
                        bin.resolve("chunkwise").toString(),
                        "export",
                        "--url",
                        url,
                        "--table",
                        "big",
                        "--chunk-size",
                        "1",
                        "--out",
                        directory.resolve("big.csv").toString(),
                        "--resume-file",
                        resume.toString())
                .directory(directory.toFile())
                .redirectOutput(directory.resolve("stdout.txt").toFile())
                .redirectError(directory.resolve("stderr.txt").toFile());
        builder.environment().put("JAVA_HOME", javaHome.toString());
        Process process = builder.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(resume) && process.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(process.isAlive()).as("still exporting when interrupted").isTrue();
        new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor();

        assertThat(process.waitFor(1, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).isEqualTo(130);
        assertThat(Files.readString(directory.resolve("stderr.txt"))).contains("interrupted after");
        assertThat(resume).exists();
    }

    @Test
    void saysWhatIsWrongWithABadJavaHome() throws Exception {
        Path missing = directory.resolve("no-jdk");

        Result result = run(Map.of("JAVA_HOME", missing.toString()), "--version");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err().strip())
                .isEqualTo("chunkwise: JAVA_HOME is " + missing + ", but " + missing
                        + "/bin/java is not an executable; fix or unset JAVA_HOME.");
        assertThat(recorded).doesNotExist();
    }
}
