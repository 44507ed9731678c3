package dev.chunkwise.jpa.internal;

import dev.chunkwise.Chunk;
import dev.chunkwise.ChunkwiseException;
import dev.chunkwise.Position;
import dev.chunkwise.QueryLog;
import dev.chunkwise.ScanStatistics;
import jakarta.persistence.PersistenceException;
import jakarta.persistence.TypedQuery;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * One run of a JPA scan: reads chunk after chunk through its own session, walking the plan's
 * segments. It does not open, commit or clear anything itself: the caller (the public scan
 * methods) decides the transaction boundaries. Owns the session and closes it. One thread.
 */
public final class ChunkRun<T> implements AutoCloseable {

    private final ScanDefinition<T> definition;
    private final QuerySource source;
    private final boolean readOnly;
    private final RunLog log = new RunLog();
    private final long startNanos = System.nanoTime();
    private final String[] firstQueryText;
    private final String[] nextQueryText;

    private int segment;
    private List<Object> after;
    private boolean inclusive;
    private boolean done;
    private long chunks;
    private long rows;
    private Position lastPosition;
    private List<List<Object>> lastChunkKeys = List.of();

    public ChunkRun(ScanDefinition<T> definition, QuerySource source, boolean readOnly) {
        this.definition = definition;
        this.source = source;
        this.readOnly = readOnly;
        ChunkQueryPlan plan = definition.plan();
        this.after = definition.startValues();
        this.inclusive = definition.startInclusive();
        this.segment = after == null ? 0 : plan.segmentOf(after);
        this.firstQueryText = new String[plan.segmentCount()];
        this.nextQueryText = new String[plan.segmentCount()];
    }

    public QuerySource source() {
        return source;
    }

    /**
     * Reads the next non-empty chunk, or nothing when the scan is complete. Collection fetches
     * run right after the chunk query, in the same session.
     *
     * @throws ChunkwiseException when a query fails, naming the chunk and the last position
     */
    public Optional<Chunk<T>> nextChunk() {
        ChunkQueryPlan plan = definition.plan();
        int limit = definition.chunkSize();
        while (!done && segment < plan.segmentCount()) {
            long started = System.nanoTime();
            List<Object[]> found;
            try {
                TypedQuery<Object[]> query = plan.chunkQuery(source, segment, after, inclusive,
                        definition.stopValues(), definition.stopInclusive(), limit);
                if (readOnly) {
                    source.readOnly(query);
                }
                found = query.getResultList();
            } catch (PersistenceException failure) {
                done = true;
                throw new ChunkwiseException("the chunk query failed in scan over " + definition.entityName() + ": "
                        + failure.getMessage(), failure, queryText(), lastPosition, chunks + 1);
            }
            log.record(chunks + 1, queryText(), found.size(), System.nanoTime() - started);
            if (found.isEmpty()) {
                nextSegment();
                continue;
            }
            int width = plan.resultWidth();
            int keyCount = plan.keys().size();
            List<T> mapped = new ArrayList<>(found.size());
            List<Object> entities = new ArrayList<>(found.size());
            List<List<Object>> keys = new ArrayList<>(found.size());
            for (Object[] row : found) {
                mapped.add(definition.mapper().apply(row));
                entities.add(row[0]);
                keys.add(Arrays.asList(Arrays.copyOfRange(row, width, width + keyCount)));
            }
            lastChunkKeys = keys;
            List<Object> firstKey = Arrays.asList(Arrays.copyOfRange(found.get(0), width, width + keyCount));
            List<Object> lastKey = Arrays.asList(Arrays.copyOfRange(found.get(found.size() - 1), width, width + keyCount));
            if (found.size() < limit) {
                nextSegment();
            } else {
                after = new ArrayList<>(lastKey);
                inclusive = false;
            }
            for (String attribute : definition.collectionFetches()) {
                long fetchStarted = System.nanoTime();
                try {
                    source.fetchCollection(definition.entityName(), attribute, entities, readOnly);
                } catch (PersistenceException failure) {
                    done = true;
                    throw new ChunkwiseException("fetching " + attribute + " failed in scan over "
                            + definition.entityName() + ": " + failure.getMessage(), failure, null, lastPosition,
                            chunks + 1);
                }
                log.record(chunks + 1, "fetch " + definition.entityName() + "." + attribute, entities.size(),
                        System.nanoTime() - fetchStarted);
            }
            chunks++;
            rows += mapped.size();
            Position first = Position.of(definition.fingerprint(), firstKey);
            Position last = Position.of(definition.fingerprint(), lastKey);
            lastPosition = last;
            return Optional.of(new Chunk<>(mapped, chunks, first, last, Duration.ofNanos(System.nanoTime() - started)));
        }
        done = true;
        return Optional.empty();
    }

    private void nextSegment() {
        segment++;
        after = null;
        inclusive = false;
    }

    private String queryText() {
        int index = Math.min(segment, firstQueryText.length - 1);
        String[] texts = after == null ? firstQueryText : nextQueryText;
        if (texts[index] == null) {
            texts[index] = definition.plan().describe(index, after);
        }
        return texts[index];
    }

    /** The position of the row at {@code index} of the last chunk read. */
    public Position positionInLastChunk(int index) {
        return Position.of(definition.fingerprint(), lastChunkKeys.get(index));
    }

    /** The last position of the last chunk read, empty before the first. */
    public Optional<Position> lastPosition() {
        return Optional.ofNullable(lastPosition);
    }

    /** What this run did so far; {@code delivered} is the position to report as the last one. */
    public ScanStatistics statistics(Position delivered) {
        QueryLog queryLog = log.snapshot();
        return new ScanStatistics(rows, chunks, Duration.ofNanos(System.nanoTime() - startNanos),
                Optional.ofNullable(delivered), queryLog, 0, Duration.ZERO, List.of());
    }

    @Override
    public void close() {
        source.close();
    }
}
