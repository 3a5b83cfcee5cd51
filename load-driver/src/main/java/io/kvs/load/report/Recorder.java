package io.kvs.load.report;

import io.kvs.load.cluster.Latency;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;

/**
 * Thread-safe record of one run: latency per operation, errors by errno, counts per second.
 *
 * <p>{@link #ok}, {@link #error} and {@link #count} may be called from any number of threads;
 * they take no lock once an operation or series has been seen. Seconds are counted from
 * construction ({@link System#nanoTime()}); events after {@link #stop()} count in the last
 * second. Readers see exact values once recording has finished, approximate ones during it.
 */
public final class Recorder {
  private static final long HIGHEST = Latency.histogram().getHighestTrackableValue();
  private static final int DIGITS = Latency.histogram().getNumberOfSignificantValueDigits();

  private final LongSupplier clock;
  private final long start;
  private volatile long stoppedElapsed = -1;
  private volatile long pausedNanos;
  private volatile long pausedAt = -1;
  private final AtomicInteger lastSecond = new AtomicInteger(-1);
  private final Map<String, Op> ops = new ConcurrentHashMap<>();
  private final Map<String, PerSecond> series = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();

  /** Starts the run's clock now. */
  public Recorder() {
    this(System::nanoTime);
  }

  /** A recorder timed by {@code nanoClock}, a monotonic clock in nanoseconds. */
  Recorder(LongSupplier nanoClock) {
    this.clock = nanoClock;
    this.start = nanoClock.getAsLong();
  }

  /** Records one success of {@code op} that took {@code latencyNanos}. */
  public void ok(String op, long latencyNanos) {
    Op o = op(op);
    o.latency.recordValue(Math.max(0, Math.min(latencyNanos, HIGHEST)));
    o.oks.add(second(), 1);
  }

  /** Counts one failure of {@code op} by errno name ({@code "EEXIST"}, ...). */
  public void error(String op, String errno) {
    Op o = op(op);
    adder(errno).increment();
    o.errors().add(second(), 1);
  }

  /** Adds {@code n} to {@code series} in the current elapsed second. */
  public void count(String series, long n) {
    counts(series).add(second(), n);
  }

  /** Nanoseconds since construction, or until {@link #stop()} once stopped. */
  public long elapsedNanos() {
    long stopped = stoppedElapsed;
    return stopped >= 0 ? stopped : running();
  }

  /** Time since construction less the time spent paused. */
  private long running() {
    long paused = pausedAt;
    return (paused >= 0 ? paused : clock.getAsLong()) - start - pausedNanos;
  }

  /**
   * Stops the clock until {@link #resume()} (e.g. while a cluster starts between two measured
   * phases): elapsed time and per-second series leave the pause out.
   */
  public synchronized void pause() {
    if (pausedAt < 0) {
      pausedAt = clock.getAsLong();
    }
  }

  /** Restarts the clock after {@link #pause()}. */
  public synchronized void resume() {
    if (pausedAt >= 0) {
      pausedNanos += clock.getAsLong() - pausedAt;
      pausedAt = -1;
    }
  }

  /** Freezes {@link #elapsedNanos()}; later calls keep the first frozen value. */
  public synchronized void stop() {
    if (stoppedElapsed < 0) {
      stoppedElapsed = running();
    }
  }

  /** Copies of the latency histograms (nanoseconds), by operation name. */
  public SortedMap<String, Histogram> histograms() {
    SortedMap<String, Histogram> out = new TreeMap<>();
    ops.forEach((name, op) -> out.put(name, op.snapshot()));
    return out;
  }

  /** Errors over every operation, by errno name. */
  public SortedMap<String, Long> errors() {
    SortedMap<String, Long> out = new TreeMap<>();
    errors.forEach((errno, n) -> out.put(errno, n.sum()));
    return out;
  }

  /** Errors over every operation and errno. */
  public long errorCount() {
    return errors.values().stream().mapToLong(LongAdder::sum).sum();
  }

  /** The total of a series; for an operation, its successes. 0 when never seen. */
  public long total(String seriesOrOp) {
    PerSecond s = series.get(seriesOrOp);
    return s == null ? 0 : s.total();
  }

  /** Every per-second series, sorted: operations, {@code op.errors} and counted series. */
  public List<String> series() {
    List<String> names = new ArrayList<>(series.keySet());
    names.sort(null);
    return names;
  }

  /**
   * Counts of {@code name} for elapsed seconds 0 .. last, where last is the last second any
   * series counted in; the same length for every series (0 when nothing was counted).
   */
  public long[] perSecond(String name) {
    int length = lastSecond.get() + 1;
    PerSecond s = series.get(name);
    return s == null ? new long[length] : s.counts(length);
  }

  private int second() {
    int s = (int) Math.min(Integer.MAX_VALUE - 1, elapsedNanos() / 1_000_000_000L);
    if (s > lastSecond.get()) {
      lastSecond.accumulateAndGet(s, Math::max);
    }
    return s;
  }

  private Op op(String name) {
    Op o = ops.get(name);
    return o != null ? o : ops.computeIfAbsent(name, n -> new Op(n, counts(n)));
  }

  private PerSecond counts(String name) {
    PerSecond s = series.get(name);
    return s != null ? s : series.computeIfAbsent(name, n -> new PerSecond());
  }

  private LongAdder adder(String errno) {
    LongAdder a = errors.get(errno);
    return a != null ? a : errors.computeIfAbsent(errno, e -> new LongAdder());
  }

  /** One operation: a lossless interval recorder drained into a cumulative histogram. */
  private final class Op {
    final String name;
    final org.HdrHistogram.Recorder latency = new org.HdrHistogram.Recorder(HIGHEST, DIGITS);
    final PerSecond oks;
    private final Histogram cumulative = Latency.histogram();
    private Histogram spare;
    private volatile PerSecond errorSeries;

    Op(String name, PerSecond oks) {
      this.name = name;
      this.oks = oks;
    }

    PerSecond errors() {
      PerSecond e = errorSeries;
      if (e == null) {
        e = counts(name + ".errors");
        errorSeries = e;
      }
      return e;
    }

    synchronized Histogram snapshot() {
      spare = latency.getIntervalHistogram(spare);
      cumulative.add(spare);
      return cumulative.copy();
    }
  }
}
