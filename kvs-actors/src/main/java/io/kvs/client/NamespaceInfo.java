package io.kvs.client;

/** One entry of {@code kvs.namespace-list}. */
public record NamespaceInfo(String namespace, long owner, int flags) {}
