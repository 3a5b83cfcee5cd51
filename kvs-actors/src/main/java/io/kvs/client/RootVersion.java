package io.kvs.client;

/** The reply to {@code kvs.wait-version}: the root seen once the awaited version was reached. */
public record RootVersion(int rootseq, String rootref) {}
