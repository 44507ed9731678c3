package dev.chunkwise.bench;

import java.nio.file.Path;
import java.util.Map;

/**
 * What one forked run reported, parsed from its result line, or how it failed.
 *
 * @param strategy the strategy
 * @param heap the -Xmx it ran with
 * @param status ok, oom, timeout, error or wrong (did not read every row in order)
 * @param fields the result line's fields
 * @param latencyFile where its chunk latencies are, if it had chunks
 */
record RunOutcome(String strategy, String heap, String status, Map<String, String> fields, Path latencyFile) {

    boolean ok() {
        return status.equals("ok");
    }

    long number(String key) {
        String value = fields.get(key);
        return value == null ? -1 : Long.parseLong(value);
    }

    long nanos() {
        return number("nanos");
    }

    String message() {
        return fields.getOrDefault("message", "");
    }
}
