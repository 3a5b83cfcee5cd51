package io.kvs.namespace;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The version waiters of one namespace: who waits for which {@code seq}, and since when, so
 * that waiters whose requester has given up (its ask timed out; the client may be gone) can be
 * dropped instead of being kept until a version that may never come. Used by the root rank's
 * {@link NamespaceRoot} and by a follower's replica. Pure; not thread-safe.
 *
 * @param <R> what answers a waiter (an actor reference)
 */
public final class VersionWaiters<R> {
  private record Waiter<R>(R replyTo, long sinceNanos) {}

  private final TreeMap<Long, List<Waiter<R>>> bySeq = new TreeMap<>();
  private int size;

  /** {@code replyTo} waits, from {@code nowNanos}, until the namespace reaches {@code seq}. */
  public void add(long seq, R replyTo, long nowNanos) {
    bySeq.computeIfAbsent(seq, s -> new ArrayList<>(1)).add(new Waiter<>(replyTo, nowNanos));
    size++;
  }

  /** Removes and returns every waiter for a seq at most {@code seq}. */
  public List<R> takeReady(long seq) {
    Map<Long, List<Waiter<R>>> ready = bySeq.headMap(seq, true);
    List<R> out = new ArrayList<>();
    ready.values().forEach(list -> list.forEach(w -> out.add(w.replyTo())));
    ready.clear();
    size -= out.size();
    return out;
  }

  /** Whether anyone waits for exactly {@code seq}. */
  public boolean waitsFor(long seq) {
    return bySeq.containsKey(seq);
  }

  /** Removes and returns the waiters for exactly {@code seq}. */
  public List<R> take(long seq) {
    List<Waiter<R>> list = bySeq.remove(seq);
    if (list == null) {
      return List.of();
    }
    size -= list.size();
    List<R> out = new ArrayList<>(list.size());
    list.forEach(w -> out.add(w.replyTo()));
    return out;
  }

  /** Removes {@code replyTo}'s wait for {@code seq}; whether there was one. */
  public boolean remove(long seq, R replyTo) {
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
  public List<R> takeAll() {
    return takeReady(Long.MAX_VALUE);
  }

  /** Drops the waiters that started before {@code cutoffNanos}; returns how many. */
  public int dropOlderThan(long cutoffNanos) {
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
  public long oldestSince() {
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

  public int size() {
    return size;
  }

  public boolean isEmpty() {
    return size == 0;
  }
}
