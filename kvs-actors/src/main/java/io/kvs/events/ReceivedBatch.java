package io.kvs.events;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.Predicate;

/**
 * An {@link EventBatch} as it arrives from another rank: each event's namespace is read, the
 * rest of each event only when asked for. A follower holds a few of the namespaces that share
 * a topic, and most events of its topics are for namespaces it does not hold: it decodes only
 * those it uses ({@link #select}). Made by the serializer; delivered to the rank's
 * {@link EventSubscriber} alone. Never changed once made: each {@link #select} decodes the
 * events it selects anew.
 */
public final class ReceivedBatch {
  private final String topic;
  private final String[] namespaces;
  private final IntFunction<KvsEvent> decoder;

  /**
   * A batch of {@code namespaces.length} events on {@code topic}; {@code decoder} decodes
   * event {@code i} (throwing {@link IllegalArgumentException} if it is malformed).
   */
  public ReceivedBatch(String topic, String[] namespaces, IntFunction<KvsEvent> decoder) {
    this.topic = topic;
    this.namespaces = namespaces;
    this.decoder = decoder;
  }

  public String topic() {
    return topic;
  }

  /** The number of events. */
  public int size() {
    return namespaces.length;
  }

  /** The namespace of event {@code i}, without decoding the event. */
  public String namespace(int i) {
    return namespaces[i];
  }

  /**
   * The events whose namespace {@code wanted} accepts, decoded, in order; an empty batch if
   * none. Throws {@link IllegalArgumentException} if one of them is malformed.
   */
  public EventBatch select(Predicate<String> wanted) {
    List<KvsEvent> out = new ArrayList<>(Math.min(namespaces.length, 16));
    for (int i = 0; i < namespaces.length; i++) {
      if (wanted.test(namespaces[i])) {
        out.add(decoder.apply(i));
      }
    }
    return new EventBatch(topic, out);
  }

  /** Every event, decoded, in order. */
  public EventBatch all() {
    return select(ns -> true);
  }

  @Override
  public String toString() {
    return "ReceivedBatch[topic=" + topic + ", " + namespaces.length + " events]";
  }
}
