package dev.chunkwise.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.HashSet;
import java.util.Set;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Watches the heap of this JVM during a run, two ways:
 *
 * <ul>
 *   <li>peak heap: the most heap in use, sampled every 5 ms (includes garbage not yet collected,
 *       so it follows the collector's sizing as much as the program's needs);
 *   <li>peak live heap: the most heap still in use right after a garbage collection, summed over
 *       the heap pools, from the collectors' notifications: what the program retained.
 * </ul>
 */
final class HeapWatch implements AutoCloseable {

    private final Set<String> heapPools = new HashSet<>();
    private final Thread sampler;
    private final NotificationListener listener = (notification, handback) -> onGc(notification.getUserData());
    private volatile boolean running = true;
    private volatile long peakUsed;
    private volatile long peakLive = -1;

    HeapWatch() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                heapPools.add(pool.getName());
            }
        }
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) collector).addNotificationListener(listener, null, null);
        }
        sampler = new Thread(this::sample, "heap-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    private void sample() {
        while (running) {
            long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            if (used > peakUsed) {
                peakUsed = used;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException stop) {
                return;
            }
        }
    }

    private void onGc(Object data) {
        if (!(data instanceof CompositeData)) {
            return;
        }
        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) data);
        long live = 0;
        for (var pool : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
            if (heapPools.contains(pool.getKey())) {
                MemoryUsage usage = pool.getValue();
                live += usage.getUsed();
            }
        }
        synchronized (this) {
            if (live > peakLive) {
                peakLive = live;
            }
        }
    }

    long peakUsedBytes() {
        return Math.max(
                Math.max(peakUsed, peakLive),
                ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }

    /** The peak live heap, or -1 when no collection happened during the run. */
    long peakLiveBytes() {
        return peakLive;
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            try {
                ((NotificationEmitter) collector).removeNotificationListener(listener);
            } catch (javax.management.ListenerNotFoundException ignored) {
                // already gone
            }
        }
    }
}
