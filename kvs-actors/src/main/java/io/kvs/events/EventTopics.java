package io.kvs.events;

import java.nio.charset.StandardCharsets;

/**
 * Which topic carries a namespace's events. With sharded topics, {@code kvs.ns.<shard>} with
 * {@code shard = hash(namespace) mod shards}; in the pre-fix comparison mode, one topic per
 * namespace, {@code kvs.namespace.<name>}. The hash is FNV-1a over the UTF-8 bytes, so every
 * rank and every JVM agrees on it.
 */
public final class EventTopics {
  private static final String SHARD_PREFIX = "kvs.ns.";
  private static final String NAMESPACE_PREFIX = "kvs.namespace.";

  private final int shards;
  private final boolean perNamespace;
  /** The shard topics' names, made once: a topic is looked up for every event published. */
  private final String[] shardTopics;

  public EventTopics(int shards, boolean perNamespace) {
    if (shards < 1) {
      throw new IllegalArgumentException("shards must be >= 1");
    }
    this.shards = shards;
    this.perNamespace = perNamespace;
    this.shardTopics = new String[shards];
    for (int i = 0; i < shards; i++) {
      shardTopics[i] = shardTopic(i);
    }
  }

  public int shards() {
    return shards;
  }

  public boolean perNamespace() {
    return perNamespace;
  }

  /** The shard of a namespace, 0 .. shards-1. */
  public int shardOf(String namespace) {
    int h = 0x811c9dc5;
    for (int i = 0; i < namespace.length(); i++) {
      char c = namespace.charAt(i);
      if (c >= 0x80) {
        return shardOfUtf8(namespace); // an ASCII character is its own UTF-8 byte
      }
      h ^= c;
      h *= 0x01000193;
    }
    return Integer.remainderUnsigned(h, shards);
  }

  private int shardOfUtf8(String namespace) {
    int h = 0x811c9dc5;
    for (byte b : namespace.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x01000193;
    }
    return Integer.remainderUnsigned(h, shards);
  }

  /** The topic of a shard. */
  public static String shardTopic(int shard) {
    return SHARD_PREFIX + shard;
  }

  /** The topic that carries {@code namespace}'s events in this mode. */
  public String topicOf(String namespace) {
    return perNamespace ? NAMESPACE_PREFIX + namespace : shardTopics[shardOf(namespace)];
  }
}
