package io.kvs.load.pubsub;

import io.kvs.KvsSerializable;
import java.util.List;

/**
 * Messages of the pub/sub benchmark. All cross the network, so all implement
 * {@link KvsSerializable}, which the benchmark binds to Akka's {@code jackson-json}
 * serializer (Java serialization is switched off).
 */
public final class Msgs {
  private Msgs() {}

  /** Element type of every topic (typed Topic&lt;NsMsg&gt;). */
  public interface NsMsg extends KvsSerializable {}

  /** A namespace event: namespace + seq + a 71-char blobref (sha256-<64 hex>). */
  public record Event(String namespace, long seq, String blobref) implements NsMsg {}

  /** Several events of one shard coalesced into one message. */
  public record EventBatch(int shard, List<Event> events) implements NsMsg {}

  /** Propagation probe; {@code early} = published within 1 s of the subscribes. */
  public record Probe(int shard, int round, long sendNanos, boolean early) implements NsMsg {}

  /** Latency ping; the receiver compares {@code sendNanos} with its own clock (same JVM). */
  public record Ping(int seq, long sendNanos) implements NsMsg {}

  public static final String BLOBREF =
      "sha256-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

  static {
    if (BLOBREF.length() != 71) throw new AssertionError("blobref must be 71 chars");
  }
}
