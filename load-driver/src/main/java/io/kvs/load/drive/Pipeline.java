package io.kvs.load.drive;

import io.kvs.client.Errno;
import io.kvs.client.KvsClientException;
import io.kvs.load.report.Progress;
import io.kvs.load.report.Recorder;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * Sends requests keeping at most {@code window} unanswered (a semaphore released by each reply
 * on the client's reader thread), recording each one's latency or errno. Bounded in time.
 */
public final class Pipeline {
  private final int window;
  private final long timeoutSeconds;
  private final Recorder recorder;
  private final Progress progress;
  private final java.util.concurrent.atomic.AtomicReference<String> firstError =
      new java.util.concurrent.atomic.AtomicReference<>();

  public Pipeline(int window, long timeoutSeconds, Recorder recorder, Progress progress) {
    if (window < 1) {
      throw new IllegalArgumentException("kvs-load: --window must be >= 1");
    }
    this.window = window;
    this.timeoutSeconds = timeoutSeconds;
    this.recorder = recorder;
    this.progress = progress;
  }

  /** {@code count} requests {@code op}; returns the elapsed nanoseconds of the whole run. */
  public long run(String op, int count, IntFunction<CompletableFuture<?>> request)
      throws InterruptedException {
    Semaphore slots = new Semaphore(window);
    CountDownLatch done = new CountDownLatch(count);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      acquire(slots, deadline);
      long t = System.nanoTime();
      request.apply(i).whenComplete((r, e) -> {
        record(op, t, e);
        progress.step(1);
        slots.release();
        done.countDown();
      });
    }
    await(done, deadline);
    return System.nanoTime() - start;
  }

  /** Records the outcome of one request started at {@code startNanos}. */
  public void record(String op, long startNanos, Throwable error) {
    if (error == null) {
      recorder.ok(op, System.nanoTime() - startNanos);
    } else {
      recorder.error(op, errno(error));
      firstError.compareAndSet(null, String.valueOf(error.getMessage()));
    }
  }

  /** The message of the first failed request, or null. */
  public String firstError() {
    return firstError.get();
  }

  public Progress progress() {
    return progress;
  }

  public void acquire(Semaphore slots, long deadline) throws InterruptedException {
    if (!slots.tryAcquire(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
      throw new IllegalStateException("kvs-load: no reply within " + timeoutSeconds + " s");
    }
  }

  public void await(CountDownLatch done, long deadline) throws InterruptedException {
    if (!done.await(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
      throw new IllegalStateException("kvs-load: " + done.getCount() + " replies missing after "
          + timeoutSeconds + " s");
    }
  }

  public long timeoutSeconds() {
    return timeoutSeconds;
  }

  public int window() {
    return window;
  }

  public Recorder recorder() {
    return recorder;
  }

  /**
   * The errno name of a failed request ({@code EEXIST}); {@code ETIMEDOUT} for a local timeout,
   * {@code EIO} for any other local failure.
   */
  public static String errno(Throwable e) {
    Throwable t = e;
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof java.util.concurrent.TimeoutException) {
      return "ETIMEDOUT";
    }
    return t instanceof KvsClientException k ? Errno.name(k.errnum()) : "EIO";
  }
}
