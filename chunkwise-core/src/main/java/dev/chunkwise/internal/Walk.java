package dev.chunkwise.internal;

import dev.chunkwise.ChunkwiseException;
import dev.chunkwise.Position;
import java.util.Arrays;
import java.util.List;

/**
 * Where one run's walk stands, JDBC or JPA: the segment of the order, the key values to seek past
 * (or at, inclusive) in it, and a snapshot of both where the current chunk began, so that a chunk
 * can be read again from its start after a failure. Also the safety net behind G1-G3: the keys a
 * run reads must be strictly increasing, so a key read with the very values it sought past means
 * a key that is not unique, or a bound value the database compares otherwise than the stored one.
 *
 * <p>One run, one thread.
 */
public final class Walk {

    private final int segmentCount;
    private final long fingerprint;
    private final String description;
    private final String remedy;

    private int segment;
    private Object[] seek;
    private boolean inclusive;
    private boolean exhausted;
    /** The key of the last row passed in any segment, or the exclusive start: what a resumed run starts after. */
    private Object[] last;

    private int chunkSegment;
    private Object[] chunkSeek;
    private boolean chunkInclusive;
    private Object[] chunkLast;
    /** The state before the last {@link #passed}, to undo it. */
    private Object[] passedFromSeek;

    private boolean passedFromInclusive;
    private Object[] passedFromLast;

    /**
     * @param segmentCount how many segments the order has
     * @param bounds where the run starts (its stop bound is the queries' business)
     * @param startSegment the segment that holds the start (0 without one)
     * @param fingerprint the scan's fingerprint, for the positions the failures name
     * @param description the key and the source, as failures name them: {@code the key [a ASC] of the scan over t}
     * @param remedy what a failure over a key that is not unique advises: {@code check key(...): ...}
     */
    public Walk(
            int segmentCount, Bounds bounds, int startSegment, long fingerprint, String description, String remedy) {
        this.segmentCount = segmentCount;
        this.fingerprint = fingerprint;
        this.description = description;
        this.remedy = remedy;
        this.segment = startSegment;
        this.seek = bounds.start() == null ? null : bounds.start().toArray();
        this.inclusive = seek != null && bounds.startInclusive();
        this.last = inclusive ? null : seek;
    }

    public int segment() {
        return segment;
    }

    /** The key values to seek past (or at, when {@link #inclusive()}), or {@code null} at a segment's start. */
    public List<Object> seek() {
        return seek == null ? null : Arrays.asList(seek);
    }

    public boolean inclusive() {
        return inclusive;
    }

    /** Whether every segment has been read to its end. */
    public boolean exhausted() {
        return exhausted;
    }

    /** A chunk begins here. */
    public void beginChunk() {
        chunkSegment = segment;
        chunkSeek = seek;
        chunkInclusive = inclusive;
        chunkLast = last;
    }

    /** Back to where the current chunk began, to read it again. */
    public void rewindToChunkStart() {
        segment = chunkSegment;
        seek = chunkSeek;
        inclusive = chunkInclusive;
        last = chunkLast;
        exhausted = false;
    }

    /**
     * The key of the last row before the current chunk (in this run, or the exclusive start), or
     * {@code null} if the chunk is the run's first and it started at the beginning or inclusive.
     */
    public Object[] chunkStart() {
        return chunkLast;
    }

    /**
     * A row with these key values was read: the walk continues after it. Called for every row:
     * {@code delivered}, the key of the last row delivered (or null), becomes a position only if
     * the check fails.
     *
     * @throws ChunkwiseException when the row has the very values the walk sought past
     */
    public void passed(Object[] key, String sql, Object[] delivered, long chunk) {
        if (seek != null && !inclusive && PositionCodec.sameValues(key, seek)) {
            throw new ChunkwiseException(
                    description + " came back with the same values twice in a row, "
                            + Position.of(fingerprint, Arrays.asList(seek)) + " and then "
                            + Position.of(fingerprint, Arrays.asList(key))
                            + ", so the walk cannot go on without delivering a row again or"
                            + " losing rows: the key is not unique, or the database does not compare the bound key values as"
                            + " it stores them; " + remedy,
                    null,
                    sql,
                    delivered == null ? null : Position.of(fingerprint, Arrays.asList(delivered)),
                    chunk);
        }
        passedFromSeek = seek;
        passedFromInclusive = inclusive;
        passedFromLast = last;
        seek = key;
        inclusive = false;
        last = key;
    }

    /**
     * The check of a row read past the end of a chunk: if it has the chunk's last key, the key is
     * not unique, and the next chunk, which seeks past that key, would skip it.
     *
     * @throws ChunkwiseException naming the key and both positions
     */
    public void checkPastChunk(Object[] next, String sql, Object[] delivered, long chunk) {
        if (seek != null && PositionCodec.sameValues(next, seek)) {
            throw new ChunkwiseException(
                    description + " is not unique: chunk " + chunk + " ended at "
                            + Position.of(fingerprint, Arrays.asList(seek)) + " and the next row has the same key "
                            + Position.of(fingerprint, Arrays.asList(next))
                            + "; a chunk boundary between rows with one key"
                            + " would lose rows, so the run stops; " + remedy,
                    null,
                    sql,
                    delivered == null ? null : Position.of(fingerprint, Arrays.asList(delivered)),
                    chunk);
        }
    }

    /** Undoes the last {@link #passed}: the row will be read again (its mapping failed). */
    public void unpass() {
        seek = passedFromSeek;
        inclusive = passedFromInclusive;
        last = passedFromLast;
    }

    /** The current segment has no more rows: on to the next one, or the walk is exhausted. */
    public void nextSegment() {
        segment++;
        seek = null;
        inclusive = false;
        if (segment >= segmentCount) {
            exhausted = true;
        }
    }
}
