package dev.chunkwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code chunkwise demo}: creates its table once, exports it and says what that showed. */
class DemoTest {

    @TempDir
    Path directory;

    @Test
    void createsTheDemoTableOnceExportsItAndReports() {
        String url = "jdbc:h2:file:" + directory.resolve("chunkwise-demo");
        Cli.Run first = Cli.run("demo", "--url", url, "--rows", "5000", "--chunk-size", "500");
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out())
                .contains("5,000 rows, created in ")
                .contains("exported 5,000 rows in 10 chunks of 500")
                .contains("rows/s")
                .containsPattern("heap during the export: at most [\\d,]+ MB in use, (at most [\\d,]+ MB live after a"
                        + " garbage collection|no garbage collection ran) \\(of a [\\d,]+ MB maximum heap\\)")
                .contains("What this showed:")
                .contains("the same export in a separate JVM limited to 24 MB of heap (-Xmx24m): 5,000 rows exported");

        Matcher heap = Pattern.compile("at most ([\\d,]+) MB in use.*of a ([\\d,]+) MB maximum")
                .matcher(first.out());
        assertThat(heap.find()).isTrue();
        assertThat(Long.parseLong(heap.group(1).replace(",", "")))
                .isLessThanOrEqualTo(Long.parseLong(heap.group(2).replace(",", "")));

        Cli.Run second = Cli.run("demo", "--url", url, "--rows", "5000", "--chunk-size", "500");
        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(second.out()).contains("5,000 rows, created by an earlier run");
    }
}
