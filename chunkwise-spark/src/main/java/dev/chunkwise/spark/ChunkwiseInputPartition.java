package dev.chunkwise.spark;

import org.apache.spark.sql.connector.read.InputPartition;

/**
 * One partition of a read: its place and the chunkwise partition token (the scan's fingerprint and
 * the partition's bounds, check-summed; {@code Scan.partition(token)} restores it). Strings and
 * numbers only: no connection, no password. Immutable.
 *
 * @param index the partition's place, from 0
 * @param count how many partitions the read has
 * @param token the chunkwise partition token
 */
record ChunkwiseInputPartition(int index, int count, String token) implements InputPartition {}
