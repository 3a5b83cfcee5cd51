package io.kvs.rank;

import akka.actor.typed.ActorRef;
import io.kvs.namespace.NamespaceRoot;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The rank's namespaces by name. Adding, finding and removing are O(1); only listing walks the
 * whole map. Each namespace actor gets a unique actor name (the name plus a counter), so a
 * removed name can be created again at once, while its old actor is still stopping.
 */
final class NamespaceDirectory {
  /** One namespace: its actor and the facts a list reports. */
  record Entry(ActorRef<NamespaceRoot.Command> ref, long owner, int flags) {}

  private final Map<String, Entry> entries = new HashMap<>();
  private long incarnations;

  String actorName(String namespace) {
    return "ns-" + URLEncoder.encode(namespace, StandardCharsets.UTF_8) + "-" + (++incarnations);
  }

  void add(String namespace, ActorRef<NamespaceRoot.Command> ref, long owner, int flags) {
    entries.put(namespace, new Entry(ref, owner, flags));
  }

  Entry get(String namespace) {
    return entries.get(namespace);
  }

  boolean contains(String namespace) {
    return entries.containsKey(namespace);
  }

  Entry remove(String namespace) {
    return entries.remove(namespace);
  }

  int size() {
    return entries.size();
  }

  List<ActorRef<NamespaceRoot.Command>> refs() {
    List<ActorRef<NamespaceRoot.Command>> out = new ArrayList<>(entries.size());
    entries.values().forEach(e -> out.add(e.ref()));
    return out;
  }

  List<KvsRank.NamespaceInfo> list() {
    List<KvsRank.NamespaceInfo> out = new ArrayList<>(entries.size());
    entries.forEach((name, e) -> out.add(new KvsRank.NamespaceInfo(name, e.owner(), e.flags())));
    out.sort((a, b) -> a.namespace().compareTo(b.namespace()));
    return out;
  }
}
