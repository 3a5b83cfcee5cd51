package io.kvs.connector;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvs.lookup.LookupFlags;
import io.kvs.treeobj.BlobRef;
import io.kvs.treeobj.TreeObj;
import io.kvs.txn.Op;
import java.util.List;

/**
 * The payload of one well-formed request line, typed by topic (KVS-SPEC §3.1). Built by
 * {@link RequestPayloads}; turned into a {@code KvsRank} message by {@link ClientSession}.
 */
public sealed interface WireRequest {

  /** {@code kvs.lookup}: {@code rootdir} (a tree object) wins over {@code namespace}. */
  record Lookup(String key, int flags, String namespace, TreeObj rootdir) implements WireRequest {}

  /**
   * {@code kvs.lookup-plus}: a lookup in {@code namespace} that also tells which root answered
   * (and answers "not found" as a success carrying that root).
   */
  record LookupPlus(String key, int flags, String namespace) implements WireRequest {}

  /** {@code kvs.commit}. */
  record Commit(String namespace, int flags, List<Op> ops) implements WireRequest {}

  /** {@code kvs.getroot}. */
  record GetRoot(String namespace) implements WireRequest {}

  /** {@code kvs.wait-version}. */
  record WaitVersion(String namespace, long rootseq) implements WireRequest {}

  /** {@code kvs.namespace-create}; owner -1 is the instance owner, rootref may be null. */
  record CreateNamespace(String namespace, long owner, int flags, BlobRef rootref)
      implements WireRequest {}

  /** {@code kvs.namespace-remove}. */
  record RemoveNamespace(String namespace) implements WireRequest {}

  /** {@code kvs.namespace-list}. */
  enum ListNamespaces implements WireRequest { INSTANCE }

  /** {@code kvs.setroot-pause} ({@code pause}) or {@code kvs.setroot-unpause}. */
  record SetRootPause(String namespace, boolean pause) implements WireRequest {}

  /** {@code kvs.config-reload}. */
  enum ConfigReload implements WireRequest { INSTANCE }

  /** {@code kvs.stats-get}; namespace null means every namespace. */
  record GetStats(String namespace) implements WireRequest {}

  /**
   * {@code kvs-watch.lookup}: served by the watch service, through the session's {@link
   * SessionStreams}. {@code streaming} is the request's {@code "streaming"} member; it is true
   * whenever {@code flags} have WATCH or STREAM.
   */
  record WatchLookup(String namespace, String key, int flags, boolean streaming)
      implements WireRequest {

    /** True when the flags ask for many responses (WATCH or STREAM), not for one. */
    public boolean streams() {
      return (flags & (LookupFlags.WATCH | LookupFlags.STREAM)) != 0;
    }
  }

  /** {@code kvs-watch.cancel}: ends the stream of this connection started with {@code matchtag}. */
  record WatchCancel(long matchtag) implements WireRequest {}

  /** {@code kvs.ping}: answered by the connector itself with the payload unchanged. */
  record Ping(ObjectNode payload) implements WireRequest {}
}
