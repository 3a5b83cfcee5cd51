package io.kvs.watch;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * The live watches of each client, by the id the client gave them: finds the watch a cancel
 * names in O(1), and all of a client's watches when it goes. A client with one watch maps to
 * the watch itself; a map by id appears with its second. Watches are compared by identity.
 * Pure, generic over the client handle and the watch.
 */
final class WatchClients<C, W> {
  /** Two or more watches of one client, by id. */
  private static final class Several<W> extends HashMap<Long, W> {
    Several() {
      super(4);
    }
  }

  private final ToLongFunction<W> idOf;
  private final Map<C, Object> clients = new HashMap<>();
  private int size;

  /** The watches of clients, each watch with the id {@code idOf} says. */
  WatchClients(ToLongFunction<W> idOf) {
    this.idOf = idOf;
  }

  /** Adds a watch; false (and nothing added) if the client has a live watch with its id. */
  boolean add(C client, W watch) {
    long id = idOf.applyAsLong(watch);
    Object there = clients.get(client);
    if (there == null) {
      clients.put(client, watch);
    } else if (there instanceof Several) {
      if (WatchClients.<W>several(there).putIfAbsent(id, watch) != null) {
        return false;
      }
    } else {
      W one = cast(there);
      if (idOf.applyAsLong(one) == id) {
        return false;
      }
      Several<W> both = new Several<>();
      both.put(idOf.applyAsLong(one), one);
      both.put(id, watch);
      clients.put(client, both);
    }
    size++;
    return true;
  }

  /** Whether the client has any watch. */
  boolean has(C client) {
    return clients.containsKey(client);
  }

  /** The client's watch with this id, or null. */
  W get(C client, long id) {
    Object there = clients.get(client);
    if (there instanceof Several) {
      return WatchClients.<W>several(there).get(id);
    }
    W one = cast(there);
    return one != null && idOf.applyAsLong(one) == id ? one : null;
  }

  /** Removes the watch if it is the one registered; true if it was the client's last. */
  boolean remove(C client, W watch) {
    Object there = clients.get(client);
    if (there == watch) {
      clients.remove(client);
      size--;
      return true;
    }
    if (!(there instanceof Several)) {
      return false;
    }
    Map<Long, W> all = several(there);
    long id = idOf.applyAsLong(watch);
    if (all.get(id) != watch) {
      return false;
    }
    all.remove(id);
    size--;
    if (all.size() == 1) {
      clients.put(client, all.values().iterator().next());
    }
    return false;
  }

  /** Removes and returns all of the client's watches. */
  List<W> removeAll(C client) {
    Object there = clients.remove(client);
    List<W> all = new ArrayList<>(1);
    if (there instanceof Several) {
      all.addAll(WatchClients.<W>several(there).values());
    } else if (there != null) {
      all.add(WatchClients.<W>cast(there));
    }
    size -= all.size();
    return all;
  }

  /** The number of watches. */
  int size() {
    return size;
  }

  @SuppressWarnings("unchecked")
  private static <W> Map<Long, W> several(Object o) {
    return (Map<Long, W>) o;
  }

  @SuppressWarnings("unchecked")
  private static <W> W cast(Object o) {
    return (W) o;
  }
}
