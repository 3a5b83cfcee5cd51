package io.kvs.events;

import io.kvs.KvsSerializable;
import java.util.List;

/** What travels on a topic: the events of one topic coalesced by the publisher, in order. */
public record EventBatch(String topic, List<KvsEvent> events) implements KvsSerializable {
  public EventBatch {
    events = List.copyOf(events);
  }
}
