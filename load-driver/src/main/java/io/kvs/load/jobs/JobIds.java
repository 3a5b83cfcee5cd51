package io.kvs.load.jobs;

import java.util.Locale;

/**
 * Job ids shaped like Flux's FLUIDs (40 bits of milliseconds since an epoch, 14 bits of
 * generator, 10 bits of sequence within the millisecond), so that the dotted-hex keys of
 * consecutive jobs spread over small directories in {@code primary}, as in a real instance.
 * Thread-safe.
 */
public final class JobIds {
  /** 2026-01-01T00:00:00Z, in milliseconds since the Unix epoch. */
  static final long EPOCH_MS = 1_767_225_600_000L;
  private static final int SEQ_BITS = 10;
  private static final int GEN_BITS = 14;

  private final long generator;
  private long lastMs = -1;
  private long seq;

  /** {@code generator} (0-16383) keeps ids of simultaneous runs apart. */
  public JobIds(long generator) {
    if (generator < 0 || generator >= (1L << GEN_BITS)) {
      throw new IllegalArgumentException("generator must be 0-16383");
    }
    this.generator = generator;
  }

  /** The next id; waits for the next millisecond when 1,024 were made in this one. */
  public synchronized long next() {
    long ms = Math.max(System.currentTimeMillis() - EPOCH_MS, lastMs);
    if (ms == lastMs) {
      if (++seq == (1L << SEQ_BITS)) {
        while (System.currentTimeMillis() - EPOCH_MS <= lastMs) {
          Thread.onSpinWait();
        }
        ms = System.currentTimeMillis() - EPOCH_MS;
        seq = 0;
      }
    } else {
      seq = 0;
    }
    lastMs = ms;
    return (ms << (GEN_BITS + SEQ_BITS)) | (generator << SEQ_BITS) | seq;
  }

  /** {@code 0000.0004.b200.0000}: the id's 16 hex digits in four dotted groups. */
  public static String dothex(long id) {
    return String.format(Locale.ROOT, "%04x.%04x.%04x.%04x", (id >>> 48) & 0xffff,
        (id >>> 32) & 0xffff, (id >>> 16) & 0xffff, id & 0xffff);
  }

  /** The guest namespace of job {@code id}: {@code job-<decimal id>}. */
  public static String namespace(long id) {
    return "job-" + Long.toUnsignedString(id);
  }

  /** The job's directory in {@code primary}: {@code job.<dothex id>}. */
  public static String key(long id) {
    return "job." + dothex(id);
  }
}
