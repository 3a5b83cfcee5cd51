package io.kvs.events;

import io.kvs.RootVersion;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The setroot events that the transport dropped on their way to a subscriber, kept to be sent
 * to it again: per recipient, the newest setroot of each namespace (an older one adds nothing,
 * since every rank applies roots only in increasing seq). Other events are not kept: a lost
 * create or remove is found out by the ranks' own checks with the root rank. At most
 * {@code limit} events are kept; beyond, new ones are refused (and counted). Pure; not
 * thread-safe.
 *
 * @param <R> who the events were for (an actor reference)
 */
final class DroppedEvents<R> {
  private final Map<R, Map<String, KvsEvent.RootChanged>> byRecipient = new LinkedHashMap<>();
  private final Map<R, String> topics = new HashMap<>();
  private final int limit;
  private int size;
  private long refused;

  DroppedEvents(int limit) {
    this.limit = limit;
  }

  /** Keeps the setroots of {@code batch}, which the transport dropped on its way to {@code to}. */
  void add(R to, EventBatch batch) {
    Map<String, KvsEvent.RootChanged> pending = null;
    for (KvsEvent e : batch.events()) {
      if (!(e instanceof KvsEvent.RootChanged rc)) {
        continue;
      }
      if (pending == null) {
        pending = byRecipient.computeIfAbsent(to, r -> new LinkedHashMap<>());
        topics.put(to, batch.topic());
      }
      KvsEvent.RootChanged old = pending.get(rc.namespace());
      if (old == null) {
        if (size >= limit) {
          refused++;
          continue;
        }
        size++;
        pending.put(rc.namespace(), rc);
      } else if (RootVersion.isNewer(rc.epoch(), rc.rootseq(), old.epoch(), old.rootseq())) {
        pending.put(rc.namespace(), rc);
      }
    }
  }

  /**
   * Takes everything kept: per recipient, batches of at most {@code maxBatch} events and
   * {@link EventBatch#MAX_BYTES}, as the publisher makes them.
   */
  Map<R, List<EventBatch>> drain(int maxBatch) {
    Map<R, List<EventBatch>> out = new LinkedHashMap<>();
    byRecipient.forEach((to, pending) -> {
      List<EventBatch> batches = new ArrayList<>();
      List<KvsEvent> chunk = new ArrayList<>();
      long bytes = 0;
      for (KvsEvent.RootChanged rc : pending.values()) {
        long size = EventBatch.estimatedSize(rc);
        if (!chunk.isEmpty() && bytes + size > EventBatch.MAX_BYTES) {
          batches.add(new EventBatch(topics.get(to), chunk));
          chunk = new ArrayList<>();
          bytes = 0;
        }
        chunk.add(rc);
        bytes += size;
        if (chunk.size() == maxBatch) {
          batches.add(new EventBatch(topics.get(to), chunk));
          chunk = new ArrayList<>();
          bytes = 0;
        }
      }
      if (!chunk.isEmpty()) {
        batches.add(new EventBatch(topics.get(to), chunk));
      }
      out.put(to, batches);
    });
    byRecipient.clear();
    topics.clear();
    size = 0;
    return out;
  }

  boolean isEmpty() {
    return size == 0;
  }

  int size() {
    return size;
  }

  /** Events not kept because {@code limit} was reached, since the start. */
  long refused() {
    return refused;
  }
}
