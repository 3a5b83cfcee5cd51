package io.kvs.rank;

import io.kvs.KvsSerializable;
import io.kvs.namespace.NamespaceStats;
import java.util.List;

/**
 * The answer to {@code kvs.stats-get}: content store, namespaces, transaction sizes, events.
 *
 * @param namespaceActors child actors of the rank alive now, including namespace actors still
 *     stopping after a removal and per-request children
 * @param namespaces per-namespace counters (of one namespace when one was asked for)
 * @param opcount ops per commit request seen by this rank
 * @param faults blobs fetched from the root rank (followers; 0 on the root rank)
 */
public record KvsStats(
    int rank,
    long blobCount,
    long blobBytes,
    int namespaceCount,
    int namespaceActors,
    List<NamespaceStats> namespaces,
    OpCount opcount,
    long eventsPublished,
    long eventBatchesPublished,
    long eventsReceived,
    long droppedMessages,
    long deadLetters,
    int pendingRequests,
    long faults)
    implements KvsSerializable {

  /** Count, min, mean, max and standard deviation of ops per commit. */
  public record OpCount(long count, long min, double mean, double stddev, long max)
      implements KvsSerializable {}
}
