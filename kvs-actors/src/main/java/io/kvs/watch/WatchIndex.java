package io.kvs.watch;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Which watchers watch what, per namespace: by normalized key, plus the WATCH_FULL ones that
 * see every commit. Adding and removing a watcher are O(1); an event reaches only the
 * watchers of the keys it names. Also remembers each namespace's last seq, to notice events
 * lost in transit. Pure, generic over the watcher handle.
 */
final class WatchIndex<W> {
  /** What routing an event to a namespace's watchers needs to know. */
  private static final class Namespace<W> {
    final Map<String, Set<W>> byKey = new HashMap<>();
    final Set<W> full = new HashSet<>();
    final Set<W> all = new HashSet<>();
    long epoch = -1;
    long seq = -1;
  }

  private final Map<String, Namespace<W>> namespaces = new HashMap<>();

  /** Adds a watcher; true if it is the namespace's first. */
  boolean add(String namespace, String key, boolean full, W watcher) {
    Namespace<W> ns = namespaces.computeIfAbsent(namespace, n -> new Namespace<>());
    ns.all.add(watcher);
    if (full) {
      ns.full.add(watcher);
    } else {
      ns.byKey.computeIfAbsent(key, k -> new HashSet<>(2)).add(watcher);
    }
    return ns.all.size() == 1;
  }

  /** Removes a watcher; true if it was the namespace's last. */
  boolean remove(String namespace, String key, W watcher) {
    Namespace<W> ns = namespaces.get(namespace);
    if (ns == null || !ns.all.remove(watcher)) {
      return false;
    }
    ns.full.remove(watcher);
    Set<W> k = ns.byKey.get(key);
    if (k != null && k.remove(watcher) && k.isEmpty()) {
      ns.byKey.remove(key);
    }
    if (ns.all.isEmpty()) {
      namespaces.remove(namespace);
      return true;
    }
    return false;
  }

  /**
   * Routes a setroot of {@code namespace} at ({@code epoch}, {@code seq}) naming {@code keys}:
   * {@code toOne(watcher, gap)} for each watcher concerned. After a gap in the namespace's seqs
   * (or a new epoch) every watcher is concerned, with {@code gap} true.
   */
  void routeSetroot(String namespace, long epoch, long seq, Iterable<String> keys,
      java.util.function.BiConsumer<W, Boolean> toOne) {
    Namespace<W> ns = namespaces.get(namespace);
    if (ns == null) {
      return;
    }
    boolean known = ns.seq >= 0;
    boolean gap = known && (epoch != ns.epoch || seq > ns.seq + 1);
    if (known && epoch == ns.epoch && seq <= ns.seq) {
      return;
    }
    ns.epoch = epoch;
    ns.seq = seq;
    if (gap) {
      ns.all.forEach(w -> toOne.accept(w, true));
      return;
    }
    for (String key : keys) {
      Set<W> watchers = ns.byKey.get(key);
      if (watchers != null) {
        watchers.forEach(w -> toOne.accept(w, false));
      }
    }
    ns.full.forEach(w -> toOne.accept(w, false));
  }

  /** Every watcher of {@code namespace}. */
  void forAll(String namespace, Consumer<W> action) {
    Namespace<W> ns = namespaces.get(namespace);
    if (ns != null) {
      new HashSet<>(ns.all).forEach(action);
    }
  }

  int namespaceCount() {
    return namespaces.size();
  }
}
