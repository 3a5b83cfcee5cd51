package io.kvs;

import java.time.Duration;

/**
 * The settings a running rank can change when told to reload its configuration
 * ({@code kvs.config-reload}): shared by the rank's actors, read at each use. Everything else
 * in {@code kvs.*} is fixed for the life of the rank.
 */
public final class Tunables {

  /**
   * One consistent set of values.
   *
   * @param transactionMerge {@code kvs.transaction-merge}
   * @param maxTxnOps {@code kvs.max-txn-ops}
   * @param idleExpiry {@code kvs.follower.namespace-idle-expiry}
   * @param resyncAfter {@code kvs.follower.resync-after}
   * @param inlineBlobBytes {@code kvs.events.inline-blob-bytes}
   */
  public record Values(boolean transactionMerge, int maxTxnOps, Duration idleExpiry,
      Duration resyncAfter, long inlineBlobBytes) {

    public Values {
      if (inlineBlobBytes < 0) {
        throw new IllegalArgumentException(
            "kvs: events.inline-blob-bytes must be >= 0, got " + inlineBlobBytes);
      }
      if (maxTxnOps < 1) {
        throw new IllegalArgumentException("kvs: max-txn-ops must be >= 1, got " + maxTxnOps);
      }
      if (idleExpiry.isNegative() || idleExpiry.isZero() || resyncAfter.isNegative()
          || resyncAfter.isZero()) {
        throw new IllegalArgumentException(
            "kvs: follower.namespace-idle-expiry and follower.resync-after must be > 0");
      }
    }
  }

  private volatile Values values;

  public Tunables(Values values) {
    this.values = java.util.Objects.requireNonNull(values);
  }

  /** These values, with blobs up to 4 KiB carried by setroot events. */
  public static Tunables of(boolean transactionMerge, int maxTxnOps, Duration idleExpiry,
      Duration resyncAfter) {
    return new Tunables(new Values(transactionMerge, maxTxnOps, idleExpiry, resyncAfter, 4096));
  }

  public Values get() {
    return values;
  }

  /** Replaces every value at once; actors see the new ones at their next use. */
  public void set(Values next) {
    values = java.util.Objects.requireNonNull(next);
  }

  public boolean transactionMerge() {
    return values.transactionMerge();
  }

  public int maxTxnOps() {
    return values.maxTxnOps();
  }

  public Duration idleExpiry() {
    return values.idleExpiry();
  }

  public Duration resyncAfter() {
    return values.resyncAfter();
  }

  public long inlineBlobBytes() {
    return values.inlineBlobBytes();
  }
}
