package dev.chunkwise.cli;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.GcInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The heap this JVM used while it was watched, from the collectors' notifications: the most in use
 * (the heap pools summed just before a collection, when the heap is fullest, and at the end) and
 * the most live (summed just after one). Each pool's own peak would not do: the pools peak at
 * different moments, and their peaks summed exceeded the maximum heap.
 *
 * <p>Thread-safe: collections are reported on the JVM's notification thread. Closing stops the
 * watch.
 */
final class HeapPeaks implements NotificationListener, AutoCloseable {

    private final Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(pool -> pool.getType() == MemoryType.HEAP)
            .map(MemoryPoolMXBean::getName)
            .collect(Collectors.toSet());
    private final List<NotificationEmitter> collectors = ManagementFactory.getGarbageCollectorMXBeans().stream()
            .filter(NotificationEmitter.class::isInstance)
            .map(NotificationEmitter.class::cast)
            .collect(Collectors.toList());
    private long used;
    private long live = -1;

    /** Starts watching. */
    HeapPeaks() {
        collectors.forEach(collector -> collector.addNotificationListener(this, null, null));
    }

    @Override
    public void handleNotification(Notification notification, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            return;
        }
        GcInfo collection = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData())
                .getGcInfo();
        long before = heap(collection.getMemoryUsageBeforeGc());
        long after = heap(collection.getMemoryUsageAfterGc());
        synchronized (this) {
            used = Math.max(used, before);
            live = Math.max(live, after);
        }
    }

    private long heap(Map<String, MemoryUsage> pools) {
        return pools.entrySet().stream()
                .filter(pool -> heapPools.contains(pool.getKey()))
                .mapToLong(pool -> pool.getValue().getUsed())
                .sum();
    }

    /** The most heap in use, in bytes: garbage not yet collected included. */
    synchronized long used() {
        return Math.max(
                used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }

    /** The most heap still in use after a collection, in bytes, or -1 when none ran. */
    synchronized long live() {
        return live;
    }

    @Override
    public void close() {
        for (NotificationEmitter collector : collectors) {
            try {
                collector.removeNotificationListener(this);
            } catch (ListenerNotFoundException gone) {
                // nothing left to stop
            }
        }
    }
}
