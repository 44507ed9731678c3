package dev.chunkwise.spring.batch;

import dev.chunkwise.Chunk;
import dev.chunkwise.Position;
import dev.chunkwise.Scan;
import dev.chunkwise.ScanIterator;
import dev.chunkwise.jpa.JpaScan;
import java.util.ArrayList;
import java.util.List;

/**
 * What the reader reads from: one chunk of a scan after a position, each run on its own
 * connection (or entity manager) that is given back before the rows are returned.
 */
interface ChunkSource<T> {

    /** The rows of one chunk and the position of each. */
    record Rows<T>(List<T> rows, List<Position> positions) {}

    /** The next chunk after {@code after} ({@code null}: from the start); no rows at the end. */
    Rows<T> chunkAfter(Position after);

    /** A position token of this source's scan. */
    Position parsePosition(String token);

    /** A JDBC scan, read with {@link Scan#forEachChunkWhile}, which stops after one chunk. */
    record OfScan<T>(Scan<T> scan) implements ChunkSource<T> {
        @Override
        public Rows<T> chunkAfter(Position after) {
            List<Chunk<T>> read = new ArrayList<>(1);
            (after == null ? scan : scan.startAfter(after)).forEachChunkWhile(chunk -> {
                read.add(chunk);
                return false;
            });
            return read.isEmpty()
                    ? new Rows<>(List.of(), List.of())
                    : new Rows<>(read.get(0).rows(), read.get(0).positions());
        }

        @Override
        public Position parsePosition(String token) {
            return scan.parsePosition(token);
        }
    }

    /**
     * A JPA scan, read with its iterator up to one chunk's results, then closed: its entity
     * manager is closed with it and the entities are detached.
     */
    record OfJpaScan<T>(JpaScan<T> scan) implements ChunkSource<T> {
        @Override
        public Rows<T> chunkAfter(Position after) {
            List<T> rows = new ArrayList<>();
            List<Position> positions = new ArrayList<>();
            int chunkSize = scan.chunkSize();
            try (ScanIterator<T> results = (after == null ? scan : scan.startAfter(after)).iterator()) {
                while (rows.size() < chunkSize && results.hasNext()) {
                    rows.add(results.next());
                    positions.add(results.position().orElseThrow());
                }
            }
            return new Rows<>(List.copyOf(rows), List.copyOf(positions));
        }

        @Override
        public Position parsePosition(String token) {
            return scan.parsePosition(token);
        }
    }
}
