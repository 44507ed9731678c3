package dev.chunkwise.spark;

import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;

/**
 * The one local Spark session of this module's tests (local[2], bound to the loopback, no UI),
 * started by the first test that needs it and stopped when the JVM ends; and a count of the task
 * attempts that did not succeed, kept by a listener.
 */
final class SharedSpark {

    private static SparkSession session;
    private static final AtomicInteger FAILED_TASKS = new AtomicInteger();

    private SharedSpark() {}

    static synchronized SparkSession session() {
        if (session == null) {
            session = SparkSession.builder()
                    .master("local[2]")
                    .appName("chunkwise-spark-tests")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.ui.enabled", "false")
                    .config("spark.sql.shuffle.partitions", "2")
                    .config("spark.sql.adaptive.enabled", "false")
                    .config("spark.task.maxFailures", "4")
                    .getOrCreate();
            session.sparkContext().setLogLevel("WARN");
            session.sparkContext().addSparkListener(new SparkListener() {
                @Override
                public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
                    if (taskEnd.taskInfo().failed() || taskEnd.taskInfo().killed()) {
                        FAILED_TASKS.incrementAndGet();
                    }
                }
            });
            Runtime.getRuntime().addShutdownHook(new Thread(session::stop));
        }
        return session;
    }

    /** The task attempts that failed or were killed so far, once the listeners have seen every event. */
    static int failedTasks() {
        try {
            session().sparkContext().listenerBus().waitUntilEmpty(10_000);
        } catch (TimeoutException timeout) {
            throw new IllegalStateException(timeout);
        }
        return FAILED_TASKS.get();
    }
}
