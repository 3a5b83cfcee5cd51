package io.kvs.connector;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvs.KvsError;
import io.kvs.namespace.Committed;
import io.kvs.namespace.LookupResult;
import io.kvs.namespace.NamespaceStats;
import io.kvs.namespace.RootSnapshot;
import io.kvs.rank.KvsRank;
import io.kvs.rank.KvsStats;
import io.kvs.treeobj.TreeObj;
import io.kvs.treeobj.TreeObjCodec;
import java.io.IOException;

/** Replies of the rank to response lines with the payloads of KVS-SPEC §3.1. */
final class ReplyPayloads {
  private static final ObjectMapper MAPPER = new ObjectMapper(WireCodec.JSON);

  private ReplyPayloads() {}

  static byte[] lookup(long matchtag, LookupResult r) {
    return WireCodec.ok(matchtag, g -> {
      g.writeFieldName("val");
      TreeObjCodec.write(r.val(), g);
    });
  }

  /**
   * {@code kvs.lookup-plus}: {@code {"val", "rootseq", "rootref"}}, or {@code {"errno": 2,
   * "rootseq", "rootref"}} when the key does not exist at that root ({@code val} null).
   */
  static byte[] lookupPlus(long matchtag, TreeObj val, RootSnapshot root) {
    return WireCodec.ok(matchtag, g -> {
      if (val == null) {
        g.writeNumberField("errno", KvsError.NOT_FOUND.errnum());
      } else {
        g.writeFieldName("val");
        TreeObjCodec.write(val, g);
      }
      g.writeNumberField("rootseq", root.rootseq());
      g.writeStringField("rootref", root.rootref().value());
    });
  }

  /** One response of {@code kvs-watch.lookup}: {@code {"val": treeobj}}. */
  static byte[] watchValue(long matchtag, TreeObj val) {
    return WireCodec.ok(matchtag, g -> {
      g.writeFieldName("val");
      TreeObjCodec.write(val, g);
    });
  }

  static byte[] commit(long matchtag, Committed c) {
    return WireCodec.ok(matchtag, g -> {
      g.writeStringField("rootref", c.rootref().value());
      g.writeNumberField("rootseq", c.rootseq());
    });
  }

  static byte[] getroot(long matchtag, RootSnapshot s) {
    return WireCodec.ok(matchtag, g -> {
      g.writeNumberField("owner", s.owner());
      g.writeNumberField("rootseq", s.rootseq());
      g.writeStringField("rootref", s.rootref().value());
      g.writeNumberField("flags", s.flags());
      g.writeStringField("namespace", s.namespace());
    });
  }

  static byte[] waitVersion(long matchtag, RootSnapshot s) {
    return WireCodec.ok(matchtag, g -> {
      g.writeNumberField("rootseq", s.rootseq());
      g.writeStringField("rootref", s.rootref().value());
    });
  }

  static byte[] empty(long matchtag) {
    return WireCodec.ok(matchtag, g -> { });
  }

  static byte[] configReloaded(long matchtag, KvsRank.ConfigReloaded r) {
    return WireCodec.ok(matchtag, g -> {
      g.writeArrayFieldStart("changed");
      for (String path : r.changed()) {
        g.writeString(path);
      }
      g.writeEndArray();
    });
  }

  static byte[] list(long matchtag, KvsRank.NamespaceList l) {
    return WireCodec.ok(matchtag, g -> {
      g.writeArrayFieldStart("namespaces");
      for (KvsRank.NamespaceInfo i : l.namespaces()) {
        g.writeStartObject();
        g.writeStringField("namespace", i.namespace());
        g.writeNumberField("owner", i.owner());
        g.writeNumberField("flags", i.flags());
        g.writeEndObject();
      }
      g.writeEndArray();
    });
  }

  static byte[] ping(long matchtag, ObjectNode payload) {
    return WireCodec.ok(matchtag, g -> {
      var it = payload.fields();
      while (it.hasNext()) {
        var e = it.next();
        g.writeFieldName(e.getKey());
        MAPPER.writeTree(g, e.getValue());
      }
    });
  }

  /** KvsStats in the shape of Flux's stats payload, plus our own counters (PROTOCOL.md). */
  static byte[] stats(long matchtag, KvsStats s) {
    return WireCodec.ok(matchtag, g -> {
      g.writeNumberField("rank", s.rank());
      g.writeObjectFieldStart("cache");
      g.writeNumberField("obj size total (MiB)", s.blobBytes() / 1048576.0);
      g.writeNumberField("obj size total (bytes)", s.blobBytes());
      g.writeNumberField("#obj", s.blobCount());
      g.writeNumberField("#obj dirty", 0);
      g.writeNumberField("#obj incomplete", 0);
      g.writeNumberField("#faults", s.faults());
      g.writeEndObject();
      g.writeObjectFieldStart("namespace");
      for (NamespaceStats n : s.namespaces()) {
        namespace(g, n);
      }
      g.writeEndObject();
      g.writeObjectFieldStart("transaction-opcount");
      opcount(g, s.opcount());
      g.writeEndObject();
      g.writeNumberField("pending_requests", s.pendingRequests());
      g.writeNumberField("namespace_count", s.namespaceCount());
      g.writeNumberField("namespace_actors", s.namespaceActors());
      g.writeObjectFieldStart("events");
      g.writeNumberField("published", s.eventsPublished());
      g.writeNumberField("batches_published", s.eventBatchesPublished());
      g.writeNumberField("received", s.eventsReceived());
      g.writeEndObject();
      g.writeNumberField("dropped_messages", s.droppedMessages());
      g.writeNumberField("dead_letters", s.deadLetters());
    });
  }

  private static void namespace(JsonGenerator g, NamespaceStats n) throws IOException {
    g.writeObjectFieldStart(n.namespace());
    g.writeNumberField("#versionwaiters", n.versionWaiters());
    g.writeNumberField("#no-op stores", n.noopStores());
    g.writeNumberField("#transactions", n.transactions());
    g.writeNumberField("#readytransactions", n.readyTransactions());
    g.writeNumberField("store revision", n.storeRevision());
    g.writeEndObject();
  }

  private static void opcount(JsonGenerator g, KvsStats.OpCount o) throws IOException {
    g.writeObjectFieldStart("commit");
    g.writeNumberField("count", o.count());
    g.writeNumberField("min", o.min());
    g.writeNumberField("mean", o.mean());
    g.writeNumberField("stddev", o.stddev());
    g.writeNumberField("max", o.max());
    g.writeEndObject();
  }
}
