package dev.chunkwise.bench.strategy;

import java.time.LocalDateTime;
import java.util.Arrays;

/**
 * What every strategy hands each row to: the same small work per row (a checksum over every
 * column, and a check that ids arrive in ascending order, each once), and the chunk clock.
 *
 * <p>Chunk latency is the wall time from the end of one chunk (or page) to the end of the next:
 * the chunk's query, reading its rows, and the per-row work. Strategies that see their page
 * boundaries call {@link #chunkEnded()}; those whose library pages internally (Spring Batch,
 * Spring Data's {@code WindowIterator}) are clocked every page-size rows by
 * {@link #clockEvery(int)}. One thread only.
 */
public final class Probe {

    private long rows;
    private long checksum;
    private long lastId = Long.MIN_VALUE;
    private long outOfOrder;
    private int clockEvery;
    private int rowsSinceChunk;
    private long chunkStart;
    private long[] chunkNanos = new long[1024];
    private long[] chunkEndRows = new long[1024];
    private int chunks;
    private long warmUpRows = -1;
    private long warmedAt;

    /** Starts the clock: call just before the timed scan. */
    public void start() {
        chunkStart = System.nanoTime();
    }

    /**
     * Notes the time when {@code rows} rows have been read, so that throughput can also be given
     * for the rest of the scan, after the cold JVM's first rows.
     */
    public void warmUpAfter(long rows) {
        this.warmUpRows = rows;
    }

    /** The time ({@link System#nanoTime()}) when the warm-up rows had been read, or 0. */
    public long warmedAt() {
        return warmedAt;
    }

    /** Marks a chunk boundary every {@code pageSize} rows (for libraries that page internally). */
    public void clockEvery(int pageSize) {
        this.clockEvery = pageSize;
    }

    /** One row, already mapped to {@link EntryRow}. */
    public void accept(EntryRow row) {
        row(
                row.id(),
                row.authorId(),
                row.title(),
                row.slug(),
                row.body(),
                row.status(),
                row.views(),
                row.score(),
                row.createdAt(),
                row.updatedAt());
    }

    /** One row, as a JPA entity. */
    public void accept(BenchEntry entry) {
        row(
                entry.getId(),
                entry.getAuthorId(),
                entry.getTitle(),
                entry.getSlug(),
                entry.getBody(),
                entry.getStatus(),
                entry.getViews(),
                entry.getScore(),
                entry.getCreatedAt(),
                entry.getUpdatedAt());
    }

    /** One row, column by column. */
    public void row(
            long id,
            long authorId,
            String title,
            String slug,
            String body,
            String status,
            int views,
            double score,
            LocalDateTime createdAt,
            LocalDateTime updatedAt) {
        if (id <= lastId) {
            outOfOrder++;
        }
        lastId = id;
        long sum = id * 31
                + authorId
                + title.length()
                + slug.length()
                + body.length()
                + status.length()
                + views
                + (long) score
                + createdAt.getSecond()
                + (updatedAt == null ? 0 : updatedAt.getMinute());
        checksum = checksum * 17 + sum;
        rows++;
        if (rows == warmUpRows) {
            warmedAt = System.nanoTime();
        }
        if (clockEvery > 0 && ++rowsSinceChunk == clockEvery) {
            rowsSinceChunk = 0;
            chunkEnded();
        }
    }

    /** Marks the end of a chunk or page. */
    public void chunkEnded() {
        long now = System.nanoTime();
        if (chunks == chunkNanos.length) {
            chunkNanos = Arrays.copyOf(chunkNanos, chunks * 2);
            chunkEndRows = Arrays.copyOf(chunkEndRows, chunks * 2);
        }
        chunkNanos[chunks] = now - chunkStart;
        chunkEndRows[chunks] = rows;
        chunks++;
        chunkStart = now;
    }

    /** Ends the clock: a partial last page of an internally paging library counts as a chunk. */
    public void finish() {
        if (clockEvery > 0 && rowsSinceChunk > 0) {
            rowsSinceChunk = 0;
            chunkEnded();
        }
    }

    public long rows() {
        return rows;
    }

    public long checksum() {
        return checksum;
    }

    /** Rows whose id was not greater than the one before: 0 when the scan was correct. */
    public long outOfOrder() {
        return outOfOrder;
    }

    /** The time of each chunk, in order. */
    public long[] chunkNanos() {
        return Arrays.copyOf(chunkNanos, chunks);
    }

    /** For each chunk, the number of rows read when it ended (its position in the table). */
    public long[] chunkEndRows() {
        return Arrays.copyOf(chunkEndRows, chunks);
    }
}
