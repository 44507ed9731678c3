package dev.chunkwise.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A one-line description of the machine and JVM, for reports. */
final class Machine {

    private Machine() {}

    static String describe() {
        return Runtime.getRuntime().availableProcessors() + " cores (" + cpuModel() + "), load average "
                + loadAverage() + " at the end, Java " + System.getProperty("java.version") + " ("
                + System.getProperty("java.vm.name") + ")";
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException unavailable) {
            return "unknown CPU";
        }
        return "unknown CPU";
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " / " + parts[1] + " / " + parts[2];
        } catch (IOException | RuntimeException unavailable) {
            return "unknown";
        }
    }
}
