package io.kvs.namespace;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The version waiters of one namespace: who waits for which {@code seq}, and since when, so
 * that waiters whose requester has given up (its ask timed out; the client may be gone) can be
 * dropped instead of being kept until a version that may never come. Pure; not thread-safe.
 *
 * @param <R> what answers a waiter (an actor reference)
 */
final class VersionWaiters<R> {
  private record Waiter<R>(R replyTo, long sinceNanos) {}

  private final TreeMap<Long, List<Waiter<R>>> bySeq = new TreeMap<>();
  private int size;

  /** {@code replyTo} waits, from {@code nowNanos}, until the namespace reaches {@code seq}. */
  void add(long seq, R replyTo, long nowNanos) {
    bySeq.computeIfAbsent(seq, s -> new ArrayList<>(1)).add(new Waiter<>(replyTo, nowNanos));
    size++;
  }

  /** Removes and returns every waiter for a seq at most {@code seq}. */
  List<R> takeReady(long seq) {
    Map<Long, List<Waiter<R>>> ready = bySeq.headMap(seq, true);
    List<R> out = new ArrayList<>();
    ready.values().forEach(list -> list.forEach(w -> out.add(w.replyTo())));
    ready.clear();
    size -= out.size();
    return out;
  }

  /** Removes {@code replyTo}'s wait for {@code seq}; whether there was one. */
  boolean remove(long seq, R replyTo) {
    List<Waiter<R>> list = bySeq.get(seq);
    if (list == null) {
      return false;
    }
    int before = list.size();
    if (!list.removeIf(w -> w.replyTo().equals(replyTo))) {
      return false;
    }
    size -= before - list.size();
    if (list.isEmpty()) {
      bySeq.remove(seq);
    }
    return true;
  }

  /** Removes and returns every waiter. */
  List<R> takeAll() {
    return takeReady(Long.MAX_VALUE);
  }

  /** Drops the waiters that started before {@code cutoffNanos}; returns how many. */
  int dropOlderThan(long cutoffNanos) {
    int dropped = 0;
    for (Iterator<List<Waiter<R>>> lists = bySeq.values().iterator(); lists.hasNext(); ) {
      List<Waiter<R>> list = lists.next();
      int before = list.size();
      list.removeIf(w -> w.sinceNanos() - cutoffNanos < 0);
      dropped += before - list.size();
      if (list.isEmpty()) {
        lists.remove();
      }
    }
    size -= dropped;
    return dropped;
  }

  /** When the longest-waiting one started; only when not empty. */
  long oldestSince() {
    long oldest = Long.MAX_VALUE;
    boolean first = true;
    for (List<Waiter<R>> list : bySeq.values()) {
      for (Waiter<R> w : list) {
        if (first || w.sinceNanos() - oldest < 0) {
          oldest = w.sinceNanos();
          first = false;
        }
      }
    }
    return oldest;
  }

  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }
}
