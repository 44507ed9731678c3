/**
 * Spring Boot auto-configuration for chunkwise: {@link dev.chunkwise.spring.boot.ChunkwiseScans}
 * over the application's {@code DataSource}, {@code chunkwise.*} properties
 * ({@link dev.chunkwise.spring.boot.ChunkwiseProperties}), and scans that join the caller's
 * transaction ({@link dev.chunkwise.spring.boot.TransactionalConnectionSource}).
 */
package dev.chunkwise.spring.boot;
