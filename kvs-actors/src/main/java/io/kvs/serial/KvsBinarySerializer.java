package io.kvs.serial;

import akka.actor.ExtendedActorSystem;
import akka.actor.typed.ActorRefResolver;
import akka.actor.typed.javadsl.Adapter;
import akka.serialization.ByteBufferSerializer;
import akka.serialization.SerializerWithStringManifest;
import io.kvs.events.EventBatch;
import io.kvs.namespace.Committed;
import io.kvs.rank.KvsRank;
import java.io.NotSerializableException;
import java.nio.ByteBuffer;

/**
 * A compact hand-written binary form for the messages that cross the network most often:
 * event batches (root rank to every follower that holds a namespace of their topic), relayed
 * commits and their replies. Every other {@code KvsSerializable} message goes through Jackson
 * CBOR. Bound in {@code kvs-base.conf}; it writes into Artery's buffer and copies a received
 * message out of it before reading. An event batch is serialized once however many ranks it is
 * sent to ({@link EventBatch#serialized}), and read back as a {@link
 * io.kvs.events.ReceivedBatch}, whose events are decoded only for the namespaces used there.
 */
public final class KvsBinarySerializer extends SerializerWithStringManifest
    implements ByteBufferSerializer {
  /** This serializer's id in the actor system's serialization registry. */
  public static final int IDENTIFIER = 7341;

  static final String EVENT_BATCH = "E";
  static final String COMMIT = "C";
  static final String COMMITTED = "D";

  private final ExtendedActorSystem system;
  private volatile ActorRefResolver resolver;

  public KvsBinarySerializer(ExtendedActorSystem system) {
    this.system = system;
  }

  private ActorRefResolver resolver() {
    ActorRefResolver r = resolver;
    if (r == null) {
      r = ActorRefResolver.get(Adapter.toTyped(system));
      resolver = r;
    }
    return r;
  }

  /**
   * An event's binary form as it appears in a serialized {@link EventBatch}, for its maker to
   * make while the event is in the processor's caches ({@link
   * io.kvs.events.EventPublisher.Publish}).
   */
  public static byte[] encodeEvent(io.kvs.events.KvsEvent e) {
    return EventCodec.encode(e);
  }

  @Override
  public int identifier() {
    return IDENTIFIER;
  }

  @Override
  public String manifest(Object o) {
    if (o instanceof EventBatch) {
      return EVENT_BATCH;
    } else if (o instanceof KvsRank.Commit) {
      return COMMIT;
    } else if (o instanceof Committed) {
      return COMMITTED;
    }
    throw new IllegalArgumentException("serial: no binary form for " + o.getClass());
  }

  @Override
  public byte[] toBinary(Object o) {
    if (o instanceof EventBatch b) {
      return b.serialized(EventCodec::encode);
    } else if (o instanceof KvsRank.Commit c) {
      return CommitCodec.encode(c, ref -> resolver().toSerializationFormat(ref));
    } else if (o instanceof Committed c) {
      return CommitCodec.encode(c);
    }
    throw new IllegalArgumentException("serial: no binary form for " + o.getClass());
  }

  @Override
  public void toBinary(Object o, ByteBuffer buf) {
    buf.put(toBinary(o));
  }

  @Override
  public Object fromBinary(byte[] bytes, String manifest) throws NotSerializableException {
    switch (manifest) {
      case EVENT_BATCH:
        return EventCodec.decode(bytes);
      case COMMIT:
        return CommitCodec.decodeCommit(new WireIn(bytes), s -> resolver().resolveActorRef(s));
      case COMMITTED:
        return CommitCodec.decodeCommitted(new WireIn(bytes));
      default:
        throw new NotSerializableException("serial: unknown manifest " + manifest);
    }
  }

  /**
   * Copies the message out of Artery's buffer (which is reused once this returns: an event
   * batch is decoded later, and only in part, {@link io.kvs.events.ReceivedBatch}), then reads
   * it. An event batch arrives as a {@link io.kvs.events.ReceivedBatch}.
   */
  @Override
  public Object fromBinary(ByteBuffer buf, String manifest) throws NotSerializableException {
    byte[] bytes = new byte[buf.remaining()];
    buf.get(bytes);
    return fromBinary(bytes, manifest);
  }
}
