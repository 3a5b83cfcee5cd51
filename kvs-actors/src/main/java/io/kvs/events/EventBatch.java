package io.kvs.events;

import io.kvs.KvsSerializable;
import java.util.List;
import java.util.function.Function;

/**
 * What travels on a topic: the events of one topic coalesced by the publisher, in order.
 * Immutable; it keeps its serialized form once made, so that a batch published to several
 * ranks is serialized once ({@link #serialized}).
 */
public final class EventBatch implements KvsSerializable {

  /**
   * Estimated bytes beyond which no more events join a batch, far below Artery's 256 KiB
   * frame: events carrying blobs (up to {@code kvs.events.inline-blob-bytes} each) must not add
   * up to a message the transport refuses.
   */
  public static final long MAX_BYTES = 128 * 1024;

  private final String topic;
  private final List<KvsEvent> events;
  /** Each event's binary form if made already (where the event was made), or null. */
  private final List<byte[]> encoded;
  private volatile byte[] serialized;

  public EventBatch(String topic, List<KvsEvent> events) {
    this.topic = topic;
    this.events = List.copyOf(events);
    this.encoded = null;
  }

  /**
   * A batch whose events' binary forms were made already: {@code encoded.get(i)} is event
   * {@code i}'s, or null (made when the batch is serialized).
   */
  public EventBatch(String topic, List<KvsEvent> events, List<byte[]> encoded) {
    if (encoded.size() != events.size()) {
      throw new IllegalArgumentException("kvs: " + events.size() + " events but "
          + encoded.size() + " encoded forms");
    }
    this.topic = topic;
    this.events = List.copyOf(events);
    this.encoded = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(encoded));
  }

  public String topic() {
    return topic;
  }

  public List<KvsEvent> events() {
    return events;
  }

  /** Event {@code i}'s binary form if it was made with the event, else null. */
  public byte[] encoded(int i) {
    return encoded == null ? null : encoded.get(i);
  }

  /**
   * This batch's serialized form: made by {@code serializer} the first time, then kept (two
   * threads may both make it; they make the same bytes). Callers must not modify the array.
   */
  public byte[] serialized(Function<EventBatch, byte[]> serializer) {
    byte[] b = serialized;
    if (b == null) {
      b = serializer.apply(this);
      serialized = b;
    }
    return b;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EventBatch b && topic.equals(b.topic) && events.equals(b.events);
  }

  @Override
  public int hashCode() {
    return 31 * topic.hashCode() + events.hashCode();
  }

  @Override
  public String toString() {
    return "EventBatch[topic=" + topic + ", events=" + events + "]";
  }

  /** A generous estimate of an event's serialized size, in bytes. */
  public static long estimatedSize(KvsEvent e) {
    long n = 256;
    if (e instanceof KvsEvent.RootChanged rc) {
      for (String k : rc.keys()) {
        n += k.length() + 8;
      }
      for (String t : rc.names()) {
        n += t.length() + 8;
      }
      for (KvsEvent.InlineBlob b : rc.blobs()) {
        n += b.data().length + 96;
      }
    }
    return n;
  }
}
