package io.kvs.load.cluster;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;

/**
 * Sends {@code count} client requests keeping at most {@code window} unanswered (a semaphore
 * released by each reply on the client's reader thread) and reports the elapsed time and the
 * errors. Bounded by {@code timeoutSeconds}.
 */
public final class ClientPipeline {
  /** The outcome of a run. */
  public record Result(long nanos, long errors, String firstError) {
    public double rate(long count) {
      return nanos == 0 ? 0 : count / (nanos / 1e9);
    }
  }

  private ClientPipeline() {}

  public static Result run(int count, int window, long timeoutSeconds,
      IntFunction<CompletableFuture<?>> request) throws Exception {
    Semaphore slots = new Semaphore(window);
    CountDownLatch done = new CountDownLatch(count);
    AtomicLong errors = new AtomicLong();
    AtomicReference<String> first = new AtomicReference<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      if (!slots.tryAcquire(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
        throw new IllegalStateException("pipeline: no reply within " + timeoutSeconds + " s");
      }
      request.apply(i).whenComplete((r, e) -> {
        if (e != null) {
          errors.incrementAndGet();
          first.compareAndSet(null, String.valueOf(e.getMessage()));
        }
        slots.release();
        done.countDown();
      });
    }
    if (!done.await(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
      throw new IllegalStateException("pipeline: " + done.getCount() + " replies missing after "
          + timeoutSeconds + " s");
    }
    return new Result(System.nanoTime() - start, errors.get(), first.get());
  }
}
