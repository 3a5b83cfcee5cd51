package io.kvs.events;

import io.kvs.KvsSerializable;
import java.util.List;

/** What travels on a topic: the events of one topic coalesced by the publisher, in order. */
public record EventBatch(String topic, List<KvsEvent> events) implements KvsSerializable {

  /**
   * Estimated bytes beyond which no more events join a batch, far below Artery's 256 KiB
   * frame: events carrying blobs (up to {@code kvs.events.inline-blob-bytes} each) must not add
   * up to a message the transport refuses.
   */
  public static final long MAX_BYTES = 128 * 1024;

  public EventBatch {
    events = List.copyOf(events);
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
