package io.kvs.namespace;

import io.kvs.KvsSerializable;
import io.kvs.treeobj.BlobRef;

/**
 * A namespace's root at one moment: the answer to getroot and wait-version.
 *
 * @param epoch the incarnation of the root rank that produced {@code rootseq}
 */
public record RootSnapshot(
    String namespace, long owner, int flags, BlobRef rootref, long rootseq, long epoch)
    implements KvsSerializable {}
