package io.kvs.client;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import io.kvs.treeobj.Bytes;
import io.kvs.treeobj.InvalidTreeObjException;
import io.kvs.treeobj.TreeObj;
import io.kvs.treeobj.TreeObjCodec;
import io.kvs.txn.Op;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Client of the KVS connector (DESIGN §6): one connection, many requests in flight, replies as
 * {@link CompletableFuture}s that fail with {@link KvsClientException}. Thread-safe. Futures
 * complete on the connection's reader thread, so callbacks attached with the non-async
 * {@code then...} methods must not block; {@code join()} from any other thread is fine.
 *
 * <p>Loads only the JDK, Jackson and the pure {@code treeobj}/{@code txn.Op} classes: no Akka,
 * so the {@code kvs} CLI starts quickly.
 */
public final class KvsClient implements AutoCloseable {
  /** The default namespace, as in Flux. */
  public static final String PRIMARY = "primary";
  /** {@code owner} value of {@code kvs.namespace-create} meaning the instance owner. */
  public static final long OWNER_INSTANCE = -1;

  private final Connection conn;
  private final int userid;
  private final boolean ownsConnection;

  private KvsClient(Connection conn, int userid, boolean ownsConnection) {
    this.conn = conn;
    this.userid = userid;
    this.ownsConnection = ownsConnection;
  }

  /** Connects to {@code uri}; fails with ECONNREFUSED when nothing listens there. */
  public static KvsClient connect(KvsUri uri) {
    return new KvsClient(Connection.open(uri), -1, true);
  }

  /** Connects to the URI of {@code KVS_URI} (or {@code KVS_RUNDIR}) in the environment. */
  public static KvsClient connect() {
    return connect(KvsUri.fromEnv(System.getenv()));
  }

  /** {@code KVS_NAMESPACE} in {@code env}, else {@code primary}. */
  public static String defaultNamespace(Map<String, String> env) {
    String ns = env.get("KVS_NAMESPACE");
    return ns == null || ns.isEmpty() ? PRIMARY : ns;
  }

  /**
   * A view of this client whose requests act as user {@code uid} (the {@code userid} request
   * field; honoured only on owner-role connections). Closing the view leaves the connection open.
   */
  public KvsClient asUser(int uid) {
    return new KvsClient(conn, uid, false);
  }

  // ---- raw requests

  /** Sends {@code topic} with {@code payload}; completes with the response payload. */
  public CompletableFuture<JsonNode> rpc(String topic, JsonNode payload) {
    return conn.request(topic, payload, userid, null);
  }

  /**
   * A streaming request: each response payload goes to {@code onResponse} (on the reader thread);
   * the future completes at the ENODATA error that ends a stream, or fails with any other error.
   */
  public CompletableFuture<Void> stream(String topic, JsonNode payload,
      Consumer<JsonNode> onResponse) {
    return conn.request(topic, payload, userid, onResponse).thenApply(n -> null);
  }

  /** Sends a request with matchtag 0, for which the server sends no response. */
  public void send(String topic, JsonNode payload) {
    conn.send(topic, payload, userid);
  }

  /** Requests sent and not yet answered. */
  public int pendingRequests() {
    return conn.pendingCount();
  }

  // ---- kvs.lookup

  /** Looks {@code key} up in {@code namespace} with {@link io.kvs.lookup.LookupFlags} bits. */
  public CompletableFuture<TreeObj> lookup(String namespace, String key, int flags) {
    return lookup(namespace, key, flags, null);
  }

  /**
   * Looks {@code key} up, in the snapshot {@code rootdir} (a {@code dirref}) when it is not null,
   * else in {@code namespace}'s current root.
   */
  public CompletableFuture<TreeObj> lookup(String namespace, String key, int flags,
      TreeObj rootdir) {
    ObjectNode p = object().put("key", key).put("flags", flags);
    if (rootdir != null) {
      p.putRawValue("rootdir", raw(rootdir));
    } else {
      p.put("namespace", namespace);
    }
    return rpc("kvs.lookup", p).thenApply(r -> treeobj(r.get("val")));
  }

  /** The bytes of the value at {@code key} (ENOENT absent, EISDIR a directory). */
  /**
   * Looks up {@code key} in {@code namespace} and tells which root answered: a key that does
   * not exist gives a {@link LookupPlus} without a value rather than ENOENT.
   */
  public CompletableFuture<LookupPlus> lookupPlus(String namespace, String key, int flags) {
    ObjectNode p = object().put("namespace", namespace).put("key", key).put("flags", flags);
    return rpc("kvs.lookup-plus", p).thenApply(r -> new LookupPlus(
        r.has("val") ? treeobj(r.get("val")) : null, r.path("rootseq").asLong(),
        r.path("rootref").asText()));
  }

  public CompletableFuture<Bytes> lookupValue(String namespace, String key) {
    return lookup(namespace, key, 0).thenApply(KvsClient::valueOf);
  }

  /** The value at {@code key} decoded as UTF-8. */
  public CompletableFuture<String> getString(String namespace, String key) {
    return lookupValue(namespace, key).thenApply(Bytes::toUtf8);
  }

  /** The directory at {@code key}, its subdirectories as {@code dirref}s. */
  public CompletableFuture<TreeObj.Dir> readdir(String namespace, String key) {
    return lookup(namespace, key, io.kvs.lookup.LookupFlags.READDIR)
        .thenApply(t -> expect(t, TreeObj.Dir.class, "dir"));
  }

  /** The symlink at {@code key} (EINVAL when it is not one). */
  public CompletableFuture<TreeObj.Symlink> readlink(String namespace, String key) {
    return lookup(namespace, key, io.kvs.lookup.LookupFlags.READLINK)
        .thenApply(t -> expect(t, TreeObj.Symlink.class, "symlink"));
  }

  // ---- kvs-watch.lookup

  /**
   * Watches (or streams) {@code key} in {@code namespace} with {@link io.kvs.lookup.LookupFlags}
   * bits (WATCH, WAITCREATE, WATCH_UNIQ, WATCH_FULL, WATCH_APPEND, WATCH_INITIAL_SENTINEL,
   * STREAM, READDIR, READLINK, TREEOBJ): {@code listener} gets each response in order, on the
   * connection's reader thread. Always sent as a streaming request, so a lookup without WATCH or
   * STREAM (e.g. WAITCREATE alone) gets its one value and then ENODATA.
   */
  public Watch watch(String namespace, String key, int flags, Watch.Listener listener) {
    Watch w = new Watch(this);
    ObjectNode p = object().put("namespace", namespace).put("key", key).put("flags", flags);
    CompletableFuture<Void> failedByListener = new CompletableFuture<>();
    Connection.Started s = conn.start("kvs-watch.lookup", p, userid, payload -> {
      if (failedByListener.isDone()) {
        return;
      }
      try {
        Watch.deliver(payload, listener);
      } catch (RuntimeException e) {
        failedByListener.completeExceptionally(e);
        w.cancel();
      }
    });
    CompletableFuture<Void> done = s.future().handle((v, e) -> {
      if (failedByListener.isCompletedExceptionally()) {
        return failedByListener;
      }
      return e == null ? CompletableFuture.<Void>completedFuture(null)
          : CompletableFuture.<Void>failedFuture(e);
    }).thenCompose(f -> f);
    w.started(s.matchtag(), done);
    return w;
  }

  /**
   * The values of a watch as a {@link java.util.concurrent.Flow.Publisher} (one subscriber per
   * subscription call, each its own watch). It completes at ENODATA and fails with any other
   * error; cancelling the subscription cancels the watch. Values beyond the subscriber's demand
   * are buffered, up to {@code WatchPublisher.MAX_BUFFERED}; beyond that the watch is cancelled
   * and the subscriber gets ENOBUFS. Sentinels are not published.
   */
  public java.util.concurrent.Flow.Publisher<TreeObj> watchPublisher(String namespace,
      String key, int flags) {
    return new WatchPublisher(this, namespace, key, flags);
  }

  // ---- kvs.commit

  /** Commits {@code ops} atomically with {@link io.kvs.txn.CommitFlags} bits. */
  public CompletableFuture<CommitResult> commit(String namespace, int flags, List<Op> ops) {
    ArrayNode list = Connection.JSON.createArrayNode();
    for (Op op : ops) {
      ObjectNode o = list.addObject().put("key", op.key()).put("flags", op.flags());
      if (op.dirent() == null) {
        o.putNull("dirent");
      } else {
        o.putRawValue("dirent", raw(op.dirent()));
      }
    }
    ObjectNode p = object().put("namespace", namespace).put("flags", flags);
    p.set("ops", list);
    return rpc("kvs.commit", p).thenApply(r -> new CommitResult(namespace,
        r.path("rootref").asText(), r.path("rootseq").asInt()));
  }

  public CompletableFuture<CommitResult> commit(String namespace, int flags, Txn txn) {
    return commit(namespace, flags, txn.ops());
  }

  public CompletableFuture<CommitResult> commit(String namespace, Txn txn) {
    return commit(namespace, 0, txn.ops());
  }

  /** Stores the UTF-8 bytes of {@code value} at {@code key} in its own transaction. */
  public CompletableFuture<CommitResult> put(String namespace, String key, String value) {
    return commit(namespace, new Txn().put(key, value));
  }

  public CompletableFuture<CommitResult> unlink(String namespace, String key) {
    return commit(namespace, new Txn().unlink(key));
  }

  public CompletableFuture<CommitResult> mkdir(String namespace, String key) {
    return commit(namespace, new Txn().mkdir(key));
  }

  public CompletableFuture<CommitResult> symlink(String namespace, String key,
      String targetNamespace, String target) {
    return commit(namespace, new Txn().symlink(key, targetNamespace, target));
  }

  // ---- roots and versions

  public CompletableFuture<RootInfo> getroot(String namespace) {
    return rpc("kvs.getroot", object().put("namespace", namespace).put("flags", 0))
        .thenApply(r -> new RootInfo(r.path("namespace").asText(namespace),
            r.path("owner").asLong(), r.path("rootseq").asInt(), r.path("rootref").asText(),
            r.path("flags").asInt()));
  }

  /** Completes once {@code namespace} has reached version {@code rootseq} on this rank. */
  public CompletableFuture<RootVersion> waitVersion(String namespace, int rootseq) {
    return rpc("kvs.wait-version", object().put("namespace", namespace).put("rootseq", rootseq))
        .thenApply(r -> new RootVersion(r.path("rootseq").asInt(), r.path("rootref").asText()));
  }

  // ---- namespaces

  /**
   * Creates {@code name} owned by {@code owner} ({@link #OWNER_INSTANCE} for the instance owner),
   * starting at {@code rootref}, or at the empty directory when it is null.
   */
  public CompletableFuture<Void> namespaceCreate(String name, long owner, int flags,
      String rootref) {
    ObjectNode p = object().put("namespace", name).put("owner", owner).put("flags", flags);
    if (rootref != null) {
      p.put("rootref", rootref);
    }
    return rpc("kvs.namespace-create", p).thenApply(r -> null);
  }

  public CompletableFuture<Void> namespaceCreate(String name) {
    return namespaceCreate(name, OWNER_INSTANCE, 0, null);
  }

  public CompletableFuture<Void> namespaceRemove(String name) {
    return rpc("kvs.namespace-remove", object().put("namespace", name)).thenApply(r -> null);
  }

  /**
   * {@code kvs.setroot-pause}: the connected rank holds new roots of {@code namespace} (and the
   * replies to its commits there) until {@link #setrootUnpause}. A test hook.
   */
  public CompletableFuture<Void> setrootPause(String namespace) {
    return rpc("kvs.setroot-pause", object().put("namespace", namespace)).thenApply(r -> null);
  }

  /** {@code kvs.setroot-unpause}: installs what was held, in order, and answers held commits. */
  public CompletableFuture<Void> setrootUnpause(String namespace) {
    return rpc("kvs.setroot-unpause", object().put("namespace", namespace)).thenApply(r -> null);
  }

  /**
   * {@code kvs.config-reload} (instance owner): the connected rank reads its configuration again;
   * the answer lists the settings whose value changed.
   */
  public CompletableFuture<List<String>> configReload() {
    return rpc("kvs.config-reload", object()).thenApply(r -> {
      List<String> out = new ArrayList<>();
      r.path("changed").forEach(n -> out.add(n.asText()));
      return out;
    });
  }

  public CompletableFuture<List<NamespaceInfo>> namespaceList() {
    return rpc("kvs.namespace-list", object()).thenApply(r -> {
      List<NamespaceInfo> out = new ArrayList<>();
      for (JsonNode n : r.path("namespaces")) {
        out.add(new NamespaceInfo(n.path("namespace").asText(), n.path("owner").asLong(),
            n.path("flags").asInt()));
      }
      return out;
    });
  }

  // ---- misc

  /** The service statistics, for {@code namespace} only when it is not null. */
  public CompletableFuture<JsonNode> stats(String namespace) {
    ObjectNode p = object();
    if (namespace != null) {
      p.put("namespace", namespace);
    }
    return rpc("kvs.stats-get", p);
  }

  /** Sends {@code kvs.ping}; the server echoes the payload. */
  public CompletableFuture<JsonNode> ping(JsonNode payload) {
    return rpc("kvs.ping", payload);
  }

  /** Closes the connection (unless this is an {@link #asUser} view); pending requests fail. */
  @Override
  public void close() {
    if (ownsConnection) {
      conn.close();
    }
  }

  // ---- JSON helpers

  /** A fresh JSON object node. */
  public static ObjectNode object() {
    return Connection.JSON.createObjectNode();
  }

  /** {@code obj}'s canonical RFC 11 JSON, written into a request as it is (not parsed again). */
  private static RawValue raw(TreeObj obj) {
    return new RawValue(TreeObjCodec.encodeToString(obj));
  }

  /** {@code obj} as a JSON tree (its canonical RFC 11 form). */
  public static JsonNode toJson(TreeObj obj) {
    try {
      return Connection.JSON.readTree(TreeObjCodec.encode(obj));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Decodes and validates a tree object received from the server (EPROTO if invalid). */
  public static TreeObj treeobj(JsonNode node) {
    if (node == null || !node.isObject()) {
      throw new KvsClientException(Errno.EPROTO, "kvs: response lacks a treeobj");
    }
    try (JsonParser p = node.traverse()) {
      p.nextToken();
      return TreeObjCodec.read(p); // validates as decoding bytes would, without writing them first
    } catch (InvalidTreeObjException | IOException e) {
      throw new KvsClientException(Errno.EPROTO, "kvs: invalid treeobj in response: "
          + e.getMessage(), e);
    }
  }

  /** The bytes of a {@code val} (EPROTO for any other type: lookups expand valrefs). */
  public static Bytes valueOf(TreeObj t) {
    return expect(t, TreeObj.Val.class, "val").data();
  }

  private static <T extends TreeObj> T expect(TreeObj t, Class<T> type, String name) {
    if (!type.isInstance(t)) {
      throw new KvsClientException(Errno.EPROTO,
          "kvs: expected a " + name + " in the response, got a " + t.type());
    }
    return type.cast(t);
  }
}
