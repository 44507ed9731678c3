package dev.chunkwise.spring.batch;

import dev.chunkwise.Position;
import dev.chunkwise.Scan;
import java.util.List;
import java.util.Objects;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamException;
import org.springframework.batch.infrastructure.item.ItemStreamReader;
import org.springframework.batch.infrastructure.item.ItemStreamSupport;

/**
 * A Spring Batch {@link ItemStreamReader} over a chunkwise {@link Scan}: it hands out the scan's
 * rows one at a time, in the scan's total order, and saves where it is as one string, the
 * {@linkplain Position#token() position token} of the last row it returned, under
 * {@code <name>.position} in the step's {@link ExecutionContext}. A restarted step continues
 * exactly after that row ({@code scan.startAfter(position)}); since the saved state is a string
 * and nothing else, it survives every {@code ExecutionContextSerializer} (the default Java
 * serialization and the Jackson ones alike), and a token of another scan (another table, filter or
 * order) is refused when the step opens. Build it with {@link ChunkwiseItemReaderBuilder}.
 *
 * <p>How it reads: one chunk of the scan at a time, each with its own connection taken from the
 * scan's source and given back before {@link #read()} returns the chunk's first row:
 * <pre>{@code SELECT <columns> FROM <table> WHERE (<filter>) AND (<key>) > (<last position>) ORDER BY <key> LIMIT <chunk size>}</pre>
 * Memory is bounded by one chunk of mapped rows; no connection is held and no transaction is open
 * between chunks, so the reader's statements are independent of the step's chunk transaction
 * (which the step's transaction manager opens on its own connection: a step takes two connections
 * from a pool while the reader reads). The scan's chunk size and the step's commit interval are
 * independent: a commit in the middle of a scan chunk saves the position of the last row the step
 * read. One more query, which finds no row, tells the end. A scan built with {@code chunkTime(...)}
 * starts each chunk at its initial size: the adaptive size does not carry from one chunk to the next.
 *
 * <p>Over a chunkwise-jpa {@code JpaScan} ({@link ChunkwiseItemReaderBuilder#jpaScan}), each chunk is
 * read by the scan's iterator with an entity manager of its own, in its own short transaction,
 * and the iterator is closed after one chunk's results: the rows the step sees are detached
 * entities (or projections), and a lazy association not fetched by the scan cannot load.
 *
 * <p>Thread-safety: {@link #read()} is synchronized, so that a multi-threaded step may share one
 * reader; such a step has no meaningful restart position, and its reader must be built with
 * {@code saveState(false)} (which saves nothing and ignores a saved position). Not {@code final}:
 * a {@code @StepScope} bean is a subclass proxy of it.
 *
 * @param <T> the type of one mapped row
 */
public class ChunkwiseItemReader<T> extends ItemStreamSupport implements ItemStreamReader<T> {

    /** The key, after the reader's name and a dot, of the saved position token. */
    public static final String POSITION_KEY = "position";

    private final ChunkSource<T> source;
    private final boolean saveState;
    private final boolean empty;

    private boolean open;
    private Position last;
    private List<T> rows = List.of();
    private List<Position> positions = List.of();
    private int next;
    private boolean exhausted;

    /**
     * A reader of {@code scan}. Prefer {@link ChunkwiseItemReaderBuilder}.
     *
     * @param name the reader's name, the prefix of its key in the execution context
     * @param scan the rows to read (a partition's scan for a partitioned step)
     * @param saveState whether to save the position (false for a multi-threaded step)
     * @param empty whether the reader reads nothing (a partition with no rows)
     */
    protected ChunkwiseItemReader(String name, Scan<T> scan, boolean saveState, boolean empty) {
        this(name, new ChunkSource.OfScan<>(Objects.requireNonNull(scan, "scan")), saveState, empty);
    }

    ChunkwiseItemReader(String name, ChunkSource<T> source, boolean saveState, boolean empty) {
        this.source = source;
        this.saveState = saveState;
        this.empty = empty;
        if (name != null) {
            setName(name);
        }
    }

    /**
     * Opens the reader: with {@code saveState} and a position token under
     * {@code <name>.position}, the reader continues after that row; otherwise from the scan's start.
     * No database work happens here.
     *
     * @throws ItemStreamException when the saved token is malformed or belongs to another scan
     */
    @Override
    public synchronized void open(ExecutionContext executionContext) throws ItemStreamException {
        Objects.requireNonNull(executionContext, "executionContext");
        last = null;
        rows = List.of();
        positions = List.of();
        next = 0;
        exhausted = empty;
        if (saveState) {
            String key = positionKey();
            if (executionContext.containsKey(key)) {
                Object saved = executionContext.get(key);
                if (!(saved instanceof String token)) {
                    throw new ItemStreamException("the execution context holds a "
                            + (saved == null ? "null" : saved.getClass().getName()) + " under '" + key
                            + "', where this reader saves a position token (a string)");
                }
                try {
                    last = source.parsePosition(token);
                } catch (IllegalArgumentException notThisScans) {
                    throw new ItemStreamException(
                            "cannot restart from the position saved under '" + key + "': " + notThisScans.getMessage(),
                            notThisScans);
                }
            }
        }
        open = true;
    }

    /**
     * The next row, or {@code null} after the last one. Reads the next chunk of the scan when the
     * rows read so far are used up.
     *
     * @throws dev.chunkwise.ChunkwiseException when a chunk cannot be read (after the scan's retries)
     * @throws IllegalStateException when the reader is not open
     */
    @Override
    public synchronized T read() {
        if (!open) {
            throw new IllegalStateException("the reader " + getName() + " is not open: the step opens it (open(...))");
        }
        if (next == rows.size()) {
            if (exhausted || !readChunk()) {
                return null;
            }
        }
        T row = rows.get(next);
        last = positions.get(next);
        next++;
        return row;
    }

    private boolean readChunk() {
        ChunkSource.Rows<T> chunk = source.chunkAfter(last);
        rows = chunk.rows();
        positions = chunk.positions();
        next = 0;
        if (rows.isEmpty()) {
            exhausted = true;
            return false;
        }
        return true;
    }

    /** Saves the position of the last row returned by {@link #read()}, unless saving state is off. */
    @Override
    public synchronized void update(ExecutionContext executionContext) throws ItemStreamException {
        Objects.requireNonNull(executionContext, "executionContext");
        if (saveState && last != null) {
            executionContext.putString(positionKey(), last.token());
        }
    }

    /** Forgets the rows read ahead; the reader can be opened again. */
    @Override
    public synchronized void close() throws ItemStreamException {
        open = false;
        rows = List.of();
        positions = List.of();
        next = 0;
    }

    /** The position of the last row returned by {@link #read()}, or {@code null} before the first. */
    public synchronized Position position() {
        return last;
    }

    /** Whether this reader saves its position in the execution context. */
    public boolean isSaveState() {
        return saveState;
    }

    private String positionKey() {
        return getExecutionContextKey(POSITION_KEY);
    }
}
