package io.kvs.rank;

import com.typesafe.config.Config;
import io.kvs.treeobj.HashAlgorithm;
import java.time.Duration;
import java.util.Locale;

/**
 * The service's settings, read once from the {@code kvs} section of the configuration (see
 * cluster-config's reference.conf for every key, its unit and its default).
 */
public record KvsSettings(
    int rank,
    int size,
    long instanceOwner,
    HashAlgorithm hash,
    long blobSizeLimit,
    int maxTxnOps,
    boolean transactionMerge,
    Duration askTimeout,
    int eventShards,
    RootSubscription rootSubscription,
    int eventMaxBatch,
    Duration eventBusyFlushDelay,
    Duration eventRedeliveryDelay,
    int eventRedeliveryLimit,
    long followerCacheBytes,
    Duration followerIdleExpiry,
    Duration followerResyncAfter,
    long eventInlineBlobBytes) {

  /** How the root rank receives namespace events (DESIGN §5). */
  public enum RootSubscription {
    /** One subscription per shard topic, made once at start. */
    WILDCARD,
    /** A topic per namespace, subscribed synchronously on create: the pre-fix behaviour. */
    PER_NAMESPACE
  }

  public KvsSettings {
    if (size < 1 || rank < 0 || rank >= size) {
      throw new IllegalArgumentException(
          "kvs: kvs.rank must be in 0.." + (size - 1) + " and kvs.size >= 1, got rank " + rank
              + " size " + size);
    }
    if (eventBusyFlushDelay.isNegative()) {
      throw new IllegalArgumentException("kvs: events.busy-flush-delay must be >= 0");
    }
    if (eventRedeliveryLimit < 0 || eventRedeliveryDelay.isNegative()
        || eventRedeliveryDelay.isZero()) {
      throw new IllegalArgumentException(
          "kvs: events.redelivery-delay must be > 0 and events.redelivery-limit >= 0");
    }
    if (maxTxnOps < 1 || eventShards < 1 || eventMaxBatch < 1 || blobSizeLimit < 1) {
      throw new IllegalArgumentException(
          "kvs: max-txn-ops, events.shards, events.max-batch and content.blob-size-limit must be >= 1");
    }
  }

  /** Reads {@code kvs.*} from a full configuration. */
  public static KvsSettings fromConfig(Config root) {
    Config c = root.getConfig("kvs");
    long owner = c.getLong("instance-owner");
    return new KvsSettings(
        c.getInt("rank"),
        c.getInt("size"),
        owner < 0 ? ProcessUser.uid() : owner,
        HashAlgorithm.byName(c.getString("hash")),
        c.getBytes("content.blob-size-limit"),
        c.getInt("max-txn-ops"),
        c.getBoolean("transaction-merge"),
        c.getDuration("ask-timeout"),
        c.getInt("events.shards"),
        parseSubscription(c.getString("events.root-subscription")),
        c.getInt("events.max-batch"),
        c.getDuration("events.busy-flush-delay"),
        c.getDuration("events.redelivery-delay"),
        c.getInt("events.redelivery-limit"),
        c.getBytes("follower.cache-bytes"),
        c.getDuration("follower.namespace-idle-expiry"),
        c.getDuration("follower.resync-after"),
        c.getBytes("events.inline-blob-bytes"));
  }

  private static RootSubscription parseSubscription(String s) {
    switch (s.toLowerCase(Locale.ROOT)) {
      case "wildcard":
        return RootSubscription.WILDCARD;
      case "per-namespace":
        return RootSubscription.PER_NAMESPACE;
      default:
        throw new IllegalArgumentException(
            "kvs: events.root-subscription must be wildcard or per-namespace, got " + s);
    }
  }

  /** The values of the settings a running rank may reload. */
  public io.kvs.Tunables.Values tunables() {
    return new io.kvs.Tunables.Values(transactionMerge, maxTxnOps, followerIdleExpiry,
        followerResyncAfter, eventInlineBlobBytes);
  }

  public boolean isRoot() {
    return rank == 0;
  }
}
