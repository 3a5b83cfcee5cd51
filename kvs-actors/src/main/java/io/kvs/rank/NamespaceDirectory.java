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
public final class NamespaceDirectory {
  /** One namespace: its actor and the facts a list reports. */
  public record Entry(ActorRef<NamespaceRoot.Command> ref, long owner, int flags) {}

  private final Map<String, Entry> entries = new HashMap<>();
  private long incarnations;

  /**
   * A unique actor name: the counter first (base 36), then the namespace. Akka keeps a parent's
   * children in a tree sorted by name; names that differ in their first characters keep each
   * comparison short however many namespaces share a prefix such as {@code job-}.
   */
  public String actorName(String namespace) {
    return Long.toString(++incarnations, 36) + "-"
        + URLEncoder.encode(namespace, StandardCharsets.UTF_8);
  }

  public void add(String namespace, ActorRef<NamespaceRoot.Command> ref, long owner, int flags) {
    entries.put(namespace, new Entry(ref, owner, flags));
  }

  public Entry get(String namespace) {
    return entries.get(namespace);
  }

  public boolean contains(String namespace) {
    return entries.containsKey(namespace);
  }

  public Entry remove(String namespace) {
    return entries.remove(namespace);
  }

  /** Removes {@code namespace} only if its actor is still {@code ref}. */
  public void removeIfSame(String namespace, ActorRef<NamespaceRoot.Command> ref) {
    Entry e = entries.get(namespace);
    if (e != null && e.ref().equals(ref)) {
      entries.remove(namespace);
    }
  }

  /** Tells each namespace still here to forget a wait whose client has gone. */
  public void dropWaits(List<KvsRank.ParkedWait> waits) {
    for (KvsRank.ParkedWait w : waits) {
      Entry e = entries.get(w.namespace());
      if (e != null) {
        e.ref().tell(new NamespaceRoot.DropWaiter(w.rootseq(), w.replyTo()));
      }
    }
  }

  /** Removes every entry and returns their actors. */
  public List<ActorRef<NamespaceRoot.Command>> clear() {
    List<ActorRef<NamespaceRoot.Command>> out = refs();
    entries.clear();
    return out;
  }

  public int size() {
    return entries.size();
  }

  public List<ActorRef<NamespaceRoot.Command>> refs() {
    List<ActorRef<NamespaceRoot.Command>> out = new ArrayList<>(entries.size());
    entries.values().forEach(e -> out.add(e.ref()));
    return out;
  }

  public List<KvsRank.NamespaceInfo> list() {
    List<KvsRank.NamespaceInfo> out = new ArrayList<>(entries.size());
    entries.forEach((name, e) -> out.add(new KvsRank.NamespaceInfo(name, e.owner(), e.flags())));
    out.sort((a, b) -> a.namespace().compareTo(b.namespace()));
    return out;
  }
}
