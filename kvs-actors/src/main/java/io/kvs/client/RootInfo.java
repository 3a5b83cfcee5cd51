package io.kvs.client;

import io.kvs.treeobj.BlobRef;
import io.kvs.treeobj.TreeObj;

/** The reply to {@code kvs.getroot}: a namespace's current root. */
public record RootInfo(String namespace, long owner, int rootseq, String rootref, int flags) {
  /** The root as a {@code dirref} tree object, usable as a lookup {@code rootdir}. */
  public TreeObj rootDirRef() {
    return TreeObj.DirRef.of(BlobRef.parse(rootref));
  }
}
