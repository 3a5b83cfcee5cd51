package io.kvs.load.pubsub;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;

/** Process CPU, GC time and heap (after System.gc()), plus percentile helpers. */
final class Meter {
  private Meter() {}

  record Sample(long wallNanos, long cpuNanos, long gcMs, long heap) {}

  static Sample sample() {
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long gc = 0;
    for (GarbageCollectorMXBean g : ManagementFactory.getGarbageCollectorMXBeans()) gc += Math.max(0, g.getCollectionTime());
    return new Sample(System.nanoTime(), os.getProcessCpuTime(), gc,
        ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
  }

  /** Heap used after two full collections (System.gc()); taken before the CPU/GC counters. */
  static Sample sampleAfterGc() throws InterruptedException {
    System.gc();
    Thread.sleep(200);
    System.gc();
    Thread.sleep(200);
    return sample();
  }

  /** CPU used between two samples, in percent of one core. */
  static double cpuPct(Sample a, Sample b) {
    return 100.0 * (b.cpuNanos() - a.cpuNanos()) / Math.max(1, b.wallNanos() - a.wallNanos());
  }

  static double mb(long bytes) {
    return bytes / (1024.0 * 1024.0);
  }

  static long[] sorted(List<Long> xs) {
    return xs.stream().mapToLong(Long::longValue).sorted().toArray();
  }

  /** Nearest-rank percentile of a sorted array; p = 100 gives the max; NaN when empty. */
  static double pct(long[] sorted, double p) {
    if (sorted.length == 0) return Double.NaN;
    int idx = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.min(sorted.length - 1, Math.max(0, idx))];
  }
}
