/**
 * Spring Batch over chunkwise scans: {@link dev.chunkwise.spring.batch.ChunkwiseItemReader}, an
 * {@code ItemStreamReader} whose restart state is one position token, and
 * {@link dev.chunkwise.spring.batch.ChunkwisePartitioner}, a {@code Partitioner} whose partition
 * contexts hold partition tokens.
 */
package dev.chunkwise.spring.batch;
