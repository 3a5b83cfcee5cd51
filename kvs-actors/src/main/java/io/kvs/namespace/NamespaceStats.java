package io.kvs.namespace;

import io.kvs.KvsSerializable;

/** One namespace's counters, as in {@code kvs.stats-get}. */
public record NamespaceStats(
    String namespace,
    int versionWaiters,
    long noopStores,
    long transactions,
    int readyTransactions,
    long storeRevision)
    implements KvsSerializable {}
