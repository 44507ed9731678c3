/**
 * chunkwise-micrometer: Micrometer observations and counters for chunkwise scans, through
 * chunkwise-core's {@link dev.chunkwise.ScanListener}.
 */
module dev.chunkwise.micrometer {
    requires transitive dev.chunkwise;
    requires transitive micrometer.observation;
    requires transitive micrometer.core;
    requires transitive micrometer.commons;

    exports dev.chunkwise.micrometer;
}
