package io.kvs.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvs.lookup.LookupFlags;
import io.kvs.treeobj.HashAlgorithm;
import io.kvs.treeobj.TreeObj;
import io.kvs.treeobj.TreeObjCodec;
import io.kvs.txn.OpFlags;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An in-memory answer to the kvs topics, enough to exercise the client and CLI: one expanded
 * {@code dir} tree per namespace, seq +1 per commit, rootref = sha256 of the root's canonical
 * JSON. Simplifications, on purpose: subdirectories stay inline (a TREEOBJ lookup of a subdir
 * returns a {@code dir}, where the service returns a {@code dirref}), no permissions, no merging,
 * every intermediate non-directory on a write path is replaced by a directory.
 */
public final class FakeKvsStore implements FakeKvsServer.Handler {
  private static final class Ns {
    TreeObj.Dir root = TreeObj.Dir.EMPTY;
    int seq;
    long owner;
  }

  private final Map<String, Ns> namespaces = new LinkedHashMap<>();
  private final Map<String, TreeObj.Dir> blobs = new HashMap<>();
  private final List<Object[]> waiters = new ArrayList<>();
  private final List<Watcher> watchers = new ArrayList<>();

  /**
   * A kvs-watch.lookup: WATCH answers on every commit (UNIQ: when the value changed), APPEND
   * sends only the bytes beyond those sent, WAITCREATE waits for the key; a lookup without
   * WATCH ends with ENODATA after its value. Cancels match by matchtag alone.
   */
  private static final class Watcher {
    final String ns;
    final String key;
    final int flags;
    final FakeKvsServer.Reply reply;
    TreeObj last;
    int sentBytes;

    Watcher(String ns, String key, int flags, FakeKvsServer.Reply reply) {
      this.ns = ns;
      this.key = key;
      this.flags = flags;
      this.reply = reply;
    }

    boolean has(int flag) {
      return (flags & flag) != 0;
    }
  }

  public FakeKvsStore() {
    Ns primary = new Ns();
    primary.owner = 1000;
    namespaces.put("primary", primary);
    blobs.put(ref(TreeObj.Dir.EMPTY), TreeObj.Dir.EMPTY);
  }

  @Override
  public synchronized void handle(JsonNode req, FakeKvsServer.Reply reply) {
    JsonNode p = req.path("payload");
    try {
      String topic = req.path("topic").asText();
      switch (topic) {
        case "kvs.ping" -> reply.ok(p);
        case "kvs.lookup" -> reply.ok(obj().set("val", KvsClient.toJson(lookup(p))));
        case "kvs.commit" -> reply.ok(commit(p));
        case "kvs.getroot" -> reply.ok(getroot(p.path("namespace").asText()));
        case "kvs.wait-version" -> waitVersion(p, reply);
        case "kvs.namespace-create" -> reply.ok(create(p));
        case "kvs.namespace-remove" -> reply.ok(remove(p.path("namespace").asText()));
        case "kvs.namespace-list" -> reply.ok(list());
        case "kvs.stats-get" -> reply.ok(obj().put("pending_requests", 0));
        case "kvs-watch.lookup" -> watch(p, reply);
        case "kvs-watch.cancel" -> cancel(p.path("matchtag").asInt());
        default -> reply.error(Errno.ENOSYS, "kvs: unknown topic " + topic);
      }
    } catch (KvsClientException e) {
      reply.error(e.errnum(), e.errstr());
    }
  }

  private Ns ns(String name) {
    Ns ns = namespaces.get(name);
    if (ns == null) {
      throw new KvsClientException(Errno.ENOTSUP, "kvs: namespace not found: " + name);
    }
    return ns;
  }

  private static List<String> path(String key) {
    List<String> out = new ArrayList<>();
    for (String c : key.split("\\.")) {
      if (!c.isEmpty()) {
        out.add(c);
      }
    }
    return out;
  }

  private TreeObj lookup(JsonNode p) {
    String key = p.path("key").asText();
    int flags = p.path("flags").asInt();
    TreeObj.Dir root;
    String nsName = p.path("namespace").asText("primary");
    if (p.has("rootdir")) {
      TreeObj rd = KvsClient.treeobj(p.get("rootdir"));
      root = rd instanceof TreeObj.DirRef d ? blobs.get(d.ref().value()) : null;
      if (root == null) {
        throw new KvsClientException(Errno.EINVAL, "kvs: rootdir is not a known dirref");
      }
    } else {
      root = ns(nsName).root;
    }
    List<String> path = path(key);
    if (path.isEmpty()) {
      if ((flags & LookupFlags.TREEOBJ) != 0) {
        return TreeObj.DirRef.of(io.kvs.treeobj.BlobRef.parse(ref(root)));
      }
      if ((flags & LookupFlags.READDIR) != 0) {
        return root;
      }
      throw new KvsClientException(Errno.EISDIR, "");
    }
    TreeObj cur = root;
    for (int i = 0, hops = 0; i < path.size(); i++) {
      if (!(cur instanceof TreeObj.Dir d) || d.get(path.get(i)) == null) {
        throw new KvsClientException(Errno.ENOENT, "");
      }
      cur = d.get(path.get(i));
      boolean last = i == path.size() - 1;
      if (cur instanceof TreeObj.Symlink s
          && (!last || (flags & (LookupFlags.READLINK | LookupFlags.TREEOBJ)) == 0)) {
        if (++hops > 10) {
          throw new KvsClientException(Errno.ELOOP, "");
        }
        List<String> rest = new ArrayList<>(path(s.target()));
        rest.addAll(path.subList(i + 1, path.size()));
        root = s.namespace() != null ? ns(s.namespace()).root : root;
        if (rest.isEmpty()) {
          cur = root;
          break;
        }
        path = rest;
        cur = root;
        i = -1;
      }
    }
    if ((flags & LookupFlags.TREEOBJ) != 0) {
      return cur;
    }
    if ((flags & LookupFlags.READLINK) != 0) {
      if (!(cur instanceof TreeObj.Symlink)) {
        throw new KvsClientException(Errno.EINVAL, "");
      }
      return cur;
    }
    if (cur instanceof TreeObj.Dir) {
      if ((flags & LookupFlags.READDIR) == 0) {
        throw new KvsClientException(Errno.EISDIR, "");
      }
      return cur;
    }
    if ((flags & LookupFlags.READDIR) != 0) {
      throw new KvsClientException(Errno.ENOTDIR, "");
    }
    return cur;
  }

  private void watch(JsonNode p, FakeKvsServer.Reply reply) {
    Watcher w = new Watcher(p.path("namespace").asText(), p.path("key").asText(),
        p.path("flags").asInt(), reply);
    watchers.add(w);
    if (!update(w)) {
      watchers.remove(w);
    }
  }

  private void cancel(int matchtag) {
    watchers.removeIf(w -> {
      if (w.reply.matchtag() == matchtag) {
        w.reply.error(Errno.ENODATA, "kvs: watch cancelled");
        return true;
      }
      return false;
    });
  }

  /** Sends what {@code w} should see now; false when its stream ended. */
  private boolean update(Watcher w) {
    TreeObj now;
    try {
      ObjectNode q = obj().put("namespace", w.ns).put("key", w.key)
          .put("flags", w.flags & (LookupFlags.READDIR | LookupFlags.READLINK
              | LookupFlags.TREEOBJ));
      now = lookup(q);
    } catch (KvsClientException e) {
      boolean waiting = w.last == null && w.has(LookupFlags.WAITCREATE)
          && (e.errnum() == Errno.ENOENT || e.errnum() == Errno.ENOTSUP);
      if (!waiting) {
        w.reply.error(e.errnum(), e.errstr());
      }
      return waiting;
    }
    if (w.has(LookupFlags.WATCH_UNIQ) && now.equals(w.last)) {
      return true;
    }
    if (w.has(LookupFlags.WATCH_APPEND) && now instanceof TreeObj.Val v) {
      byte[] all = v.data().unsafeArray();
      if (all.length > w.sentBytes) {
        byte[] tail = java.util.Arrays.copyOfRange(all, w.sentBytes, all.length);
        w.reply.ok(obj().set("val", KvsClient.toJson(new TreeObj.Val(
            io.kvs.treeobj.Bytes.wrap(tail)))));
        w.sentBytes = all.length;
      }
    } else {
      w.reply.ok(obj().set("val", KvsClient.toJson(now)));
    }
    w.last = now;
    if (!w.has(LookupFlags.WATCH)) {
      w.reply.error(Errno.ENODATA, "kvs: end of stream");
      return false;
    }
    return true;
  }

  private void notifyWatchers(String namespace, JsonNode ops) {
    List<String> keys = new ArrayList<>();
    for (JsonNode op : ops) {
      keys.add(String.join(".", path(op.path("key").asText())));
    }
    watchers.removeIf(w -> w.ns.equals(namespace)
        && (keys.contains(String.join(".", path(w.key))) || w.has(LookupFlags.WATCH_FULL))
        && !update(w));
  }

  private ObjectNode commit(JsonNode p) {
    Ns ns = ns(p.path("namespace").asText());
    TreeObj.Dir root = ns.root;
    for (JsonNode op : p.path("ops")) {
      List<String> path = path(op.path("key").asText());
      if (path.isEmpty()) {
        throw new KvsClientException(Errno.EINVAL, "kvs: cannot write the root");
      }
      JsonNode d = op.get("dirent");
      TreeObj dirent = d == null || d.isNull() ? null : KvsClient.treeobj(d);
      boolean append = (op.path("flags").asInt() & OpFlags.APPEND) != 0;
      root = write(root, path, 0, dirent, append);
    }
    ns.root = root;
    ns.seq++;
    String rootref = ref(root);
    blobs.put(rootref, root);
    wake();
    notifyWatchers(p.path("namespace").asText(), p.path("ops"));
    return obj().put("rootref", rootref).put("rootseq", ns.seq);
  }

  private TreeObj.Dir write(TreeObj.Dir dir, List<String> path, int i, TreeObj dirent,
      boolean append) {
    Map<String, TreeObj> entries = new HashMap<>(dir.entries());
    String name = path.get(i);
    TreeObj old = entries.get(name);
    if (i < path.size() - 1) {
      TreeObj.Dir sub = old instanceof TreeObj.Dir od ? od : TreeObj.Dir.EMPTY;
      if (dirent == null && !(old instanceof TreeObj.Dir)) {
        return dir; // unlinking under a missing dir: nothing to do
      }
      entries.put(name, write(sub, path, i + 1, dirent, append));
    } else if (dirent == null) {
      entries.remove(name);
    } else if (append && old instanceof TreeObj.Val ov && dirent instanceof TreeObj.Val nv) {
      entries.put(name, new TreeObj.Val(ov.data().concat(nv.data())));
    } else if (append && old != null && !(old instanceof TreeObj.Val)) {
      throw new KvsClientException(Errno.EISDIR, "kvs: cannot append to a " + old.type());
    } else {
      entries.put(name, dirent);
    }
    return new TreeObj.Dir(entries);
  }

  private ObjectNode getroot(String name) {
    Ns ns = ns(name);
    return obj().put("namespace", name).put("owner", ns.owner).put("rootseq", ns.seq)
        .put("rootref", ref(ns.root)).put("flags", 0);
  }

  private void waitVersion(JsonNode p, FakeKvsServer.Reply reply) {
    String name = p.path("namespace").asText();
    int seq = p.path("rootseq").asInt();
    if (ns(name).seq >= seq) {
      reply.ok(obj().put("rootseq", ns(name).seq).put("rootref", ref(ns(name).root)));
    } else {
      waiters.add(new Object[] {name, seq, reply});
    }
  }

  private void wake() {
    waiters.removeIf(w -> {
      Ns ns = namespaces.get((String) w[0]);
      if (ns != null && ns.seq >= (Integer) w[1]) {
        ((FakeKvsServer.Reply) w[2]).ok(obj().put("rootseq", ns.seq).put("rootref", ref(ns.root)));
        return true;
      }
      return false;
    });
  }

  private ObjectNode create(JsonNode p) {
    String name = p.path("namespace").asText();
    if (namespaces.containsKey(name)) {
      throw new KvsClientException(Errno.EEXIST, "kvs: namespace already exists: " + name);
    }
    Ns ns = new Ns();
    ns.owner = p.path("owner").asLong(-1) == -1 ? 1000 : p.path("owner").asLong();
    if (p.has("rootref")) {
      TreeObj.Dir root = blobs.get(p.get("rootref").asText());
      ns.root = root == null ? TreeObj.Dir.EMPTY : root;
    }
    namespaces.put(name, ns);
    return obj();
  }

  private ObjectNode remove(String name) {
    if (name.equalsIgnoreCase("primary")) {
      throw new KvsClientException(Errno.ENOTSUP, "kvs: cannot remove the primary namespace");
    }
    namespaces.remove(name);
    return obj();
  }

  private ObjectNode list() {
    ObjectNode r = obj();
    ArrayNode a = r.putArray("namespaces");
    namespaces.forEach((name, ns) -> a.addObject().put("namespace", name).put("owner", ns.owner)
        .put("flags", 0));
    return r;
  }

  private static String ref(TreeObj.Dir root) {
    return HashAlgorithm.SHA256.hash(TreeObjCodec.encode(root)).value();
  }

  private static ObjectNode obj() {
    return FakeKvsServer.JSON.createObjectNode();
  }
}
