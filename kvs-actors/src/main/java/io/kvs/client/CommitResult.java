package io.kvs.client;

import io.kvs.treeobj.BlobRef;
import io.kvs.treeobj.TreeObj;

/** The reply to {@code kvs.commit}: the root that contains the transaction. */
public record CommitResult(String namespace, String rootref, int rootseq) {
  /** The new root as a {@code dirref} tree object, as {@code flux kvs put -O} prints it. */
  public TreeObj rootDirRef() {
    return TreeObj.DirRef.of(BlobRef.parse(rootref));
  }
}
