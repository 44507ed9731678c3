package dev.chunkwise.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The records that chunkwise writes to one {@code System.Logger}, as a test reads them. Without an
 * application's bridge (SLF4J, Log4j), {@code System.getLogger(name)} is backed by the JDK's
 * {@code java.util.logging} logger of the same name ({@code DEBUG} is {@code FINE}, {@code TRACE}
 * is {@code FINER}); this attaches a handler to it, lets every level through while it is open, and
 * puts the logger back as it was on {@link #close()}. Thread-safe.
 */
public final class CapturedLog implements AutoCloseable {

    private final Logger logger;
    private final Level levelBefore;
    private final boolean parentHandlersBefore;
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    private CapturedLog(String name) {
        this.logger = Logger.getLogger(name);
        this.levelBefore = logger.getLevel();
        this.parentHandlersBefore = logger.getUseParentHandlers();
        handler.setLevel(Level.ALL);
        logger.addHandler(handler);
        logger.setLevel(Level.ALL);
        logger.setUseParentHandlers(false);
    }

    /** Starts capturing what is logged to the logger {@code name}. */
    public static CapturedLog of(String name) {
        return new CapturedLog(name);
    }

    /** The records so far, oldest first. */
    public List<LogRecord> records() {
        return List.copyOf(records);
    }

    /** The records so far at {@code level}, oldest first. */
    public List<LogRecord> at(Level level) {
        return records.stream().filter(record -> record.getLevel() == level).toList();
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
        logger.setLevel(levelBefore);
        logger.setUseParentHandlers(parentHandlersBefore);
    }
}
