package io.kvs.load.report;

import java.util.Arrays;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts of one series by elapsed second, safe for concurrent adders. Seconds are kept in
 * chunks of {@value #CHUNK} adders; adding a chunk copies the table of references (never the
 * counts), so no concurrent increment is lost.
 */
final class PerSecond {
  private static final int CHUNK = 64;

  private volatile LongAdder[][] chunks = new LongAdder[4][];

  /** Adds {@code n} to second {@code second} (0 or more). */
  void add(int second, long n) {
    int c = second / CHUNK;
    LongAdder[][] table = chunks;
    if (c >= table.length || table[c] == null) {
      table = grow(c);
    }
    table[c][second % CHUNK].add(n);
  }

  /** The counts of seconds 0 .. length - 1. */
  long[] counts(int length) {
    long[] out = new long[length];
    LongAdder[][] table = chunks;
    for (int s = 0; s < length; s++) {
      int c = s / CHUNK;
      if (c < table.length && table[c] != null) {
        out[s] = table[c][s % CHUNK].sum();
      }
    }
    return out;
  }

  /** The sum over every second. */
  long total() {
    long sum = 0;
    for (LongAdder[] chunk : chunks) {
      if (chunk != null) {
        for (LongAdder a : chunk) {
          sum += a.sum();
        }
      }
    }
    return sum;
  }

  private synchronized LongAdder[][] grow(int c) {
    LongAdder[][] table = chunks;
    if (c < table.length && table[c] != null) {
      return table;
    }
    // Copy on write: a published table is never modified, so readers see whole chunks.
    int length = c < table.length ? table.length : Math.max(c + 1, table.length * 2);
    LongAdder[][] grown = Arrays.copyOf(table, length);
    LongAdder[] chunk = new LongAdder[CHUNK];
    for (int i = 0; i < CHUNK; i++) {
      chunk[i] = new LongAdder();
    }
    grown[c] = chunk;
    chunks = grown;
    return grown;
  }
}
