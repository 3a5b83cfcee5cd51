package io.kvs.connector;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvs.KvsError;
import io.kvs.lookup.LookupFlags;
import io.kvs.treeobj.BlobRef;
import io.kvs.treeobj.InvalidTreeObjException;
import io.kvs.treeobj.TreeObj;
import io.kvs.treeobj.TreeObjCodec;
import io.kvs.txn.Op;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Payloads of KVS-SPEC §3.1 to typed requests. Missing or wrongly typed members are EPROTO
 * with the member's name; a tree object that does not validate is EINVAL. Extra members are
 * ignored, as Flux's {@code json_unpack} does. Names, keys and flags are checked by the rank.
 */
final class RequestPayloads {
  private RequestPayloads() {}

  /** Lookup flags that only {@code kvs-watch.lookup} serves. */
  static final int WATCH_ONLY_FLAGS = LookupFlags.WATCH | LookupFlags.WAITCREATE
      | LookupFlags.STREAM;

  /**
   * The request of {@code topic}; {@code streaming} is its {@code "streaming"} member. Throws
   * {@link WireException} on bad input, EPROTO for {@code streaming} on a topic that does not
   * stream.
   */
  static WireRequest parse(String topic, ObjectNode p, boolean streaming) {
    if (topic.equals("kvs-watch.lookup")) {
      return watchLookup(p, streaming);
    }
    WireRequest r = parse(topic, p);
    if (streaming) {
      throw WireException.proto("kvs: topic " + WireCodec.clip(topic) + " does not stream");
    }
    return r;
  }

  private static WireRequest parse(String topic, ObjectNode p) {
    switch (topic) {
      case "kvs.lookup":
        return lookup(p);
      case "kvs.lookup-plus":
        return lookupPlus(p);
      case "kvs.commit":
        return new WireRequest.Commit(string(p, "namespace"), integer(p, "flags"), ops(p));
      case "kvs.getroot":
        return new WireRequest.GetRoot(string(p, "namespace"));
      case "kvs.wait-version":
        return new WireRequest.WaitVersion(string(p, "namespace"), rootseq(p));
      case "kvs.namespace-create":
        return create(p);
      case "kvs.namespace-remove":
        return new WireRequest.RemoveNamespace(string(p, "namespace"));
      case "kvs.namespace-list":
        return WireRequest.ListNamespaces.INSTANCE;
      case "kvs.setroot-pause":
        return new WireRequest.SetRootPause(string(p, "namespace"), true);
      case "kvs.setroot-unpause":
        return new WireRequest.SetRootPause(string(p, "namespace"), false);
      case "kvs.config-reload":
        return WireRequest.ConfigReload.INSTANCE;
      case "kvs.stats-get":
        return new WireRequest.GetStats(optionalString(p, "namespace"));
      case "kvs.ping":
        return new WireRequest.Ping(p);
      case "kvs-watch.cancel":
        return new WireRequest.WatchCancel(matchtag(p));
      default:
        throw new WireException(KvsError.NOT_IMPLEMENTED,
            "kvs: unknown topic: " + WireCodec.clip(topic));
    }
  }

  private static WireRequest lookup(ObjectNode p) {
    String key = string(p, "key");
    int flags = integer(p, "flags");
    if ((flags & WATCH_ONLY_FLAGS) != 0) {
      throw WireException.proto("kvs: WATCH, WAITCREATE and STREAM lookups: use kvs-watch.lookup");
    }
    String namespace = optionalString(p, "namespace");
    JsonNode rootdir = p.get("rootdir");
    if (rootdir != null && !rootdir.isNull()) {
      return new WireRequest.Lookup(key, flags, namespace, treeobj(rootdir, "rootdir"));
    }
    if (namespace == null) {
      throw WireException.proto("kvs: lookup needs namespace or rootdir");
    }
    return new WireRequest.Lookup(key, flags, namespace, null);
  }

  private static WireRequest lookupPlus(ObjectNode p) {
    WireRequest.Lookup l = (WireRequest.Lookup) lookup(p);
    if (l.rootdir() != null || l.namespace() == null) {
      throw WireException.proto("kvs: kvs.lookup-plus needs a namespace (and no rootdir): it"
          + " reports the namespace's root that answered");
    }
    return new WireRequest.LookupPlus(l.key(), l.flags(), l.namespace());
  }

  private static WireRequest watchLookup(ObjectNode p, boolean streaming) {
    String namespace = string(p, "namespace");
    String key = string(p, "key");
    int flags = integer(p, "flags");
    WireRequest.WatchLookup w = new WireRequest.WatchLookup(namespace, key, flags, streaming);
    if (w.streams() && !streaming) {
      throw WireException.proto("kvs: kvs-watch.lookup with WATCH or STREAM needs "
          + "\"streaming\":true");
    }
    return w;
  }

  private static long matchtag(ObjectNode p) {
    JsonNode n = p.get("matchtag");
    if (n == null || !WireCodec.isUint32(n)) {
      throw WireException.proto("kvs: matchtag must be an integer 0.." + WireCodec.UINT32_MAX);
    }
    return n.longValue();
  }

  private static List<Op> ops(ObjectNode p) {
    JsonNode ops = p.get("ops");
    if (ops == null || !ops.isArray()) {
      throw WireException.proto("kvs: ops must be an array");
    }
    List<Op> out = new ArrayList<>(ops.size());
    for (int i = 0; i < ops.size(); i++) {
      JsonNode op = ops.get(i);
      String where = "ops[" + i + "]";
      if (!op.isObject()) {
        throw WireException.proto("kvs: " + where + " must be an object");
      }
      String key = string((ObjectNode) op, "key", where + ".key");
      int flags = integer((ObjectNode) op, "flags", where + ".flags");
      JsonNode dirent = op.get("dirent");
      if (dirent == null) {
        throw WireException.proto("kvs: " + where + ".dirent must be a treeobj or null");
      }
      out.add(new Op(key, flags, dirent.isNull() ? null : treeobj(dirent, where + ".dirent")));
    }
    return out;
  }

  private static WireRequest create(ObjectNode p) {
    String namespace = string(p, "namespace");
    JsonNode owner = p.get("owner");
    if (owner == null || !owner.isIntegralNumber() || !owner.canConvertToLong()) {
      throw WireException.proto("kvs: owner must be an integer");
    }
    long uid = owner.longValue() == WireCodec.UINT32_MAX ? -1 : owner.longValue();
    int flags = integer(p, "flags");
    String rootref = optionalString(p, "rootref");
    BlobRef ref = null;
    if (rootref != null) {
      ref = BlobRef.tryParse(rootref).orElseThrow(() -> new WireException(KvsError.INVALID,
          "kvs: rootref is not a valid blobref: " + WireCodec.clip(rootref)));
    }
    return new WireRequest.CreateNamespace(namespace, uid, flags, ref);
  }

  private static long rootseq(ObjectNode p) {
    JsonNode n = p.get("rootseq");
    if (n == null || !n.isIntegralNumber() || !n.canConvertToLong() || n.longValue() < 0) {
      throw WireException.proto("kvs: rootseq must be a non-negative integer");
    }
    return n.longValue();
  }

  private static TreeObj treeobj(JsonNode n, String field) {
    if (!n.isObject()) {
      throw new WireException(KvsError.INVALID, "kvs: " + field + " must be a treeobj object");
    }
    try (JsonParser parser = n.traverse()) {
      parser.nextToken();
      return TreeObjCodec.read(parser);
    } catch (InvalidTreeObjException | IllegalArgumentException e) {
      throw new WireException(KvsError.INVALID, "kvs: " + field + ": " + e.getMessage());
    } catch (IOException e) {
      throw new WireException(KvsError.INVALID, "kvs: " + field + ": " + e.getMessage());
    }
  }

  private static String string(ObjectNode p, String name) {
    return string(p, name, name);
  }

  private static String string(ObjectNode p, String name, String label) {
    JsonNode n = p.get(name);
    if (n == null || !n.isTextual()) {
      throw WireException.proto("kvs: " + label + " must be a string");
    }
    return n.textValue();
  }

  private static String optionalString(ObjectNode p, String name) {
    JsonNode n = p.get(name);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isTextual()) {
      throw WireException.proto("kvs: " + name + " must be a string");
    }
    return n.textValue();
  }

  private static int integer(ObjectNode p, String name) {
    return integer(p, name, name);
  }

  private static int integer(ObjectNode p, String name, String label) {
    JsonNode n = p.get(name);
    if (n == null || !n.isIntegralNumber() || !n.canConvertToInt()) {
      throw WireException.proto("kvs: " + label + " must be a 32-bit integer");
    }
    return n.intValue();
  }
}
