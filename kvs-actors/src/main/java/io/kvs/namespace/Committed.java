package io.kvs.namespace;

import io.kvs.KvsSerializable;
import io.kvs.treeobj.BlobRef;

/**
 * The reply to a commit: the root installed by it (or by the merged batch it was part of),
 * with the incarnation ({@code epoch}) of the root rank that installed it.
 */
public record Committed(String namespace, BlobRef rootref, long rootseq, long epoch)
    implements KvsSerializable {}
