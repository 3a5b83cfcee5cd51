package io.kvs.content;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the root rank's {@link ContentCollector} on a thread of its own ({@code kvs-content-gc},
 * a daemon), off the actors' dispatchers: every {@code check-interval} it compares the store's
 * size with a threshold, {@code growth} times what the last cycle kept and at least {@code
 * min-bytes}, and collects when the store has reached it. So the work of collecting is
 * proportional to what the store keeps and paid once per growth of the store by that factor.
 */
public final class ContentGc implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ContentGc.class);

  private final MemoryContentStore store;
  private final ContentCollector collector;
  private final ContentGcSettings settings;
  private final ScheduledExecutorService thread;
  private final AtomicLong cycles = new AtomicLong();
  private final AtomicLong freedBlobs = new AtomicLong();
  private final AtomicLong freedBytes = new AtomicLong();
  private volatile long threshold;

  private ContentGc(MemoryContentStore store, LiveRoots roots, ContentGcSettings settings) {
    this.store = store;
    this.collector = new ContentCollector(store, roots);
    this.settings = settings;
    this.threshold = settings.minBytes();
    this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "kvs-content-gc");
      t.setDaemon(true);
      return t;
    });
  }

  /** Starts collecting {@code store}, keeping what {@code roots} reach. */
  public static ContentGc start(MemoryContentStore store, LiveRoots roots,
      ContentGcSettings settings) {
    ContentGc gc = new ContentGc(store, roots, settings);
    long every = settings.checkInterval().toNanos();
    gc.thread.scheduleWithFixedDelay(gc::check, every, every, TimeUnit.NANOSECONDS);
    return gc;
  }

  private void check() {
    try {
      if (store.totalBytes() >= threshold) {
        collect();
      }
    } catch (RuntimeException e) {
      LOG.error("kvs: content collection failed; the store keeps everything until the next", e);
    }
  }

  /** Runs one cycle now, on the caller's thread. */
  public ContentCollector.Cycle collect() {
    ContentCollector.Cycle c;
    synchronized (collector) {
      c = collector.collect();
    }
    cycles.incrementAndGet();
    freedBlobs.addAndGet(c.freedBlobs());
    freedBytes.addAndGet(c.freedBytes());
    threshold = Math.max(settings.minBytes(), (long) (c.keptBytes() * settings.growth()));
    LOG.info("kvs: content collected: {} blobs ({} bytes) freed, {} blobs reached, {} bytes "
        + "kept, in {} ms; next at {} bytes", c.freedBlobs(), c.freedBytes(), c.liveBlobs(),
        c.keptBytes(), c.nanos() / 1_000_000, threshold);
    return c;
  }

  /** Cycles run, and blobs and bytes freed, since the start. */
  public long[] totals() {
    return new long[] {cycles.get(), freedBlobs.get(), freedBytes.get()};
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
