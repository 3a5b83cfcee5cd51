package io.kvs.load.drive;

import java.util.concurrent.atomic.AtomicLong;

/** Name prefixes for the namespaces a benchmark creates, unique per process and per call. */
public final class RunNames {
  private static final AtomicLong CALLS = new AtomicLong();

  private RunNames() {}

  /**
   * {@code <kind>-<pid>-<time in base 36>-<call>-}: two runs in one millisecond (a warm-up and
   * the measured run) or two processes never share a name.
   */
  public static String prefix(String kind) {
    return kind + "-" + ProcessHandle.current().pid() + "-"
        + Long.toString(System.currentTimeMillis() % 100_000_000L, 36) + "-"
        + CALLS.incrementAndGet() + "-";
  }
}
