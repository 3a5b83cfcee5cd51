package io.kvs.cli;

import io.kvs.client.KvsClientException;
import io.kvs.client.Watch;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs one watch of a verb to its end: the end of the stream (ENODATA, also after a cancel),
 * Ctrl-C (cancels, then ends like a cancel: exit 0) or a timeout. Any other end of the stream is
 * a {@link CliFailure}; so is an exception thrown by the verb's listener.
 */
final class WatchRun {
  private final AtomicReference<Watch> watch = new AtomicReference<>();
  private volatile boolean stopped;

  /** Cancels the watch, also when called by its listener before {@link #attach}. */
  void stop() {
    stopped = true;
    Watch w = watch.get();
    if (w != null) {
      w.cancel();
    }
  }

  /** Ties the running watch to this run. */
  WatchRun attach(Watch w) {
    watch.set(w);
    if (stopped) {
      w.cancel();
    }
    return this;
  }

  /**
   * Waits for the end of the watch, at most {@code timeout} when it is not null.
   *
   * @return false when the timeout expired (the watch is then cancelled)
   */
  boolean await(KvsCli cli, String subject, Duration timeout) throws Exception {
    Watch w = watch.get();
    try (AutoCloseable ignored = cli.interrupts().onInterrupt(this::stop)) {
      if (timeout == null) {
        w.done().get();
      } else {
        w.done().get(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
      }
      return true;
    } catch (TimeoutException e) {
      stop();
      try {
        w.done().get(5, TimeUnit.SECONDS);
      } catch (ExecutionException | TimeoutException ignored) {
        // giving up anyway
      }
      return false;
    } catch (InterruptedException e) {
      stop();
      Thread.currentThread().interrupt();
      throw e;
    } catch (ExecutionException e) {
      throw failure(subject, e.getCause());
    }
  }

  private static RuntimeException failure(String subject, Throwable cause) {
    if (cause instanceof KvsClientException k) {
      return CliFailure.of(subject, k);
    }
    if (cause instanceof CliFailure c) {
      return c;
    }
    String m = cause.getMessage() == null ? cause.toString() : cause.getMessage();
    return new CliFailure(m.startsWith("kvs: ") ? m.substring(5) : m, cause);
  }
}
