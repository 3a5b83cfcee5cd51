package io.kvs.load.report;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A live progress bar on a terminal; does nothing when disabled or when there is no console.
 *
 * <p>The bar is drawn on stderr, since stdout carries the summary or the JSON document. It
 * is drawn only when enabled and {@link System#console()} exists, that is when both stdin
 * and stdout are terminals; otherwise every method is a no-op and nothing is printed.
 * {@link #step} only adds to a counter; a daemon thread moves the bar to it every
 * {@value #REFRESH_MS} ms.
 */
public final class Progress implements AutoCloseable {
  static final int REFRESH_MS = 200;
  private static final Progress DISABLED = new Progress(null, null);

  private final LongAdder done = new LongAdder();
  private final ProgressBar bar;
  private final ScheduledExecutorService ticker;
  private final AtomicBoolean closed = new AtomicBoolean();

  private Progress(ProgressBar bar, ScheduledExecutorService ticker) {
    this.bar = bar;
    this.ticker = ticker;
  }

  /**
   * A bar for {@code task} out of {@code total} steps (0 or less: an open-ended count), or a
   * silent one when {@code enabled} is false or there is no console.
   */
  public static Progress start(String task, long total, boolean enabled) {
    if (!enabled || System.console() == null) {
      return DISABLED;
    }
    ProgressBar bar = new ProgressBarBuilder()
        .setTaskName(task)
        .setInitialMax(total > 0 ? total : -1)
        .setStyle(ProgressBarStyle.ASCII)
        .setUpdateIntervalMillis(REFRESH_MS)
        .setConsumer(new ConsoleProgressBarConsumer(System.err))
        .build();
    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "progress-" + task);
      t.setDaemon(true);
      return t;
    });
    Progress p = new Progress(bar, ticker);
    ticker.scheduleAtFixedRate(p::sync, REFRESH_MS, REFRESH_MS, TimeUnit.MILLISECONDS);
    return p;
  }

  /** Whether this progress draws a bar. */
  public boolean enabled() {
    return bar != null;
  }

  /** Adds {@code n} steps. Thread-safe and cheap. */
  public void step(long n) {
    if (bar != null) {
      done.add(n);
    }
  }

  /** Shows {@code extra} after the bar, e.g. the current rate. */
  public void message(String extra) {
    if (bar != null) {
      bar.setExtraMessage(extra);
    }
  }

  /** Draws the final state and ends the bar's line. */
  @Override
  public void close() {
    if (bar != null && closed.compareAndSet(false, true)) {
      ticker.shutdownNow();
      sync();
      bar.close();
    }
  }

  private void sync() {
    bar.stepTo(done.sum());
  }
}
