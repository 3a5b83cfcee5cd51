package io.kvs.watch;

import io.kvs.RootVersion;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Which watchers watch what, per namespace: by normalized key, plus the WATCH_FULL ones that
 * see every commit. Adding and removing a watcher are O(1); an event reaches only the
 * watchers of the keys it names. Also remembers each namespace's last seq, to notice events
 * lost in transit. Pure, generic over the watcher handle.
 *
 * <p>Most namespaces have one watcher on one key, so the structures stay small until they
 * need more: a key holds its watcher itself until it has a second one, and the WATCH_FULL set
 * exists only while it has members. Watchers are handed to callers only after the routing
 * has chosen them, so a caller may add or remove watchers from inside the callback.
 */
final class WatchIndex<W> {
  /** Two or more watchers of one key (a key with one watcher maps to the watcher itself). */
  private static final class Several<W> extends HashSet<W> {
    Several() {
      super(4);
    }
  }

  /**
   * What routing an event to a namespace's watchers needs to know. The watchers of its first
   * key are held inline ({@code soleKey}); a map by key appears with a second key.
   */
  private static final class Namespace<W> {
    String soleKey;
    /** A watcher, or {@link Several}, of {@code soleKey}. */
    Object sole;
    /** Key to a watcher or {@link Several}, for keys other than {@code soleKey}. */
    Map<String, Object> byKey;
    Set<W> full;
    int count;
    long epoch = -1;
    long seq = -1;

    Object get(String key) {
      if (key.equals(soleKey)) {
        return sole;
      }
      return byKey == null ? null : byKey.get(key);
    }

    void put(String key, Object there) {
      boolean inMap = byKey != null && byKey.containsKey(key);
      if (key.equals(soleKey) || (soleKey == null && !inMap)) {
        soleKey = key;
        sole = there;
      } else {
        if (byKey == null) {
          byKey = new HashMap<>(4);
        }
        byKey.put(key, there);
      }
    }

    void remove(String key) {
      if (key.equals(soleKey)) {
        soleKey = null;
        sole = null;
      } else if (byKey != null) {
        byKey.remove(key);
        if (byKey.isEmpty()) {
          byKey = null;
        }
      }
    }

    void forEachKeyed(Consumer<Object> action) {
      if (sole != null) {
        action.accept(sole);
      }
      if (byKey != null) {
        byKey.values().forEach(action);
      }
    }
  }

  private final Map<String, Namespace<W>> namespaces = new HashMap<>();

  /** Adds a watcher (not already there); true if it is the namespace's first. */
  boolean add(String namespace, String key, boolean full, W watcher) {
    Namespace<W> ns = namespaces.computeIfAbsent(namespace, n -> new Namespace<>());
    if (full) {
      if (ns.full == null) {
        ns.full = new HashSet<>(4);
      }
      ns.full.add(watcher);
    } else {
      Object there = ns.get(key);
      if (there == null) {
        ns.put(key, watcher);
      } else if (there instanceof Several) {
        several(there).add(watcher);
      } else {
        Several<W> both = new Several<>();
        both.add(cast(there));
        both.add(watcher);
        ns.put(key, both);
      }
    }
    return ++ns.count == 1;
  }

  /** Removes a watcher; true if it was the namespace's last. */
  boolean remove(String namespace, String key, boolean full, W watcher) {
    Namespace<W> ns = namespaces.get(namespace);
    if (ns == null || !(full ? removeFull(ns, watcher) : removeKeyed(ns, key, watcher))) {
      return false;
    }
    if (--ns.count == 0) {
      namespaces.remove(namespace);
      return true;
    }
    return false;
  }

  private boolean removeFull(Namespace<W> ns, W watcher) {
    if (ns.full == null || !ns.full.remove(watcher)) {
      return false;
    }
    if (ns.full.isEmpty()) {
      ns.full = null;
    }
    return true;
  }

  private boolean removeKeyed(Namespace<W> ns, String key, W watcher) {
    Object there = ns.get(key);
    if (there instanceof Several) {
      Set<W> set = several(there);
      if (!set.remove(watcher)) {
        return false;
      }
      if (set.size() == 1) {
        ns.put(key, set.iterator().next());
      }
      return true;
    }
    if (there == null || !there.equals(watcher)) {
      return false;
    }
    ns.remove(key);
    return true;
  }

  /**
   * Routes a setroot of {@code namespace} at ({@code epoch}, {@code seq}) naming {@code keys}:
   * {@code toOne(watcher, gap)} for each watcher concerned. After a gap in the namespace's seqs
   * (or a new epoch), or for a setroot whose keys are unknown, every watcher is concerned, with
   * {@code gap} true (each compares its value).
   */
  void routeSetroot(String namespace, long epoch, long seq, Iterable<String> keys,
      BiConsumer<W, Boolean> toOne) {
    routeSetroot(namespace, epoch, seq, keys, false, toOne);
  }

  /** As above; {@code keysUnknown}: the setroot could not say which keys it changed. */
  void routeSetroot(String namespace, long epoch, long seq, Iterable<String> keys,
      boolean keysUnknown, BiConsumer<W, Boolean> toOne) {
    Namespace<W> ns = namespaces.get(namespace);
    if (ns == null) {
      return;
    }
    boolean known = ns.seq >= 0;
    if (known && !RootVersion.isNewer(epoch, seq, ns.epoch, ns.seq)) {
      return; // a duplicate, or late: from an earlier seq or root-rank incarnation
    }
    boolean gap = keysUnknown || (known && (epoch != ns.epoch || seq > ns.seq + 1));
    ns.epoch = epoch;
    ns.seq = seq;
    List<W> chosen = new ArrayList<>(2);
    if (gap) {
      collectAll(ns, chosen);
    } else {
      for (String key : keys) {
        collect(ns.get(key), chosen);
      }
      if (ns.full != null) {
        chosen.addAll(ns.full);
      }
    }
    Boolean g = gap;
    chosen.forEach(w -> toOne.accept(w, g));
  }

  /** Every watcher of {@code namespace}. */
  void forAll(String namespace, Consumer<W> action) {
    Namespace<W> ns = namespaces.get(namespace);
    if (ns != null) {
      List<W> chosen = new ArrayList<>(ns.count);
      collectAll(ns, chosen);
      chosen.forEach(action);
    }
  }

  int namespaceCount() {
    return namespaces.size();
  }

  private void collectAll(Namespace<W> ns, List<W> into) {
    ns.forEachKeyed(there -> collect(there, into));
    if (ns.full != null) {
      into.addAll(ns.full);
    }
  }

  private void collect(Object there, List<W> into) {
    if (there instanceof Several) {
      into.addAll(several(there));
    } else if (there != null) {
      into.add(cast(there));
    }
  }

  @SuppressWarnings("unchecked")
  private static <W> Set<W> several(Object o) {
    return (Set<W>) o;
  }

  @SuppressWarnings("unchecked")
  private static <W> W cast(Object o) {
    return (W) o;
  }
}
