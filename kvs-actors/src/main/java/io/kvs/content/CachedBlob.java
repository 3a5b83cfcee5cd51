package io.kvs.content;

import io.kvs.treeobj.Bytes;
import io.kvs.treeobj.TreeObj;
import io.kvs.treeobj.TreeObjCodec;

/**
 * A blob held by a store or cache, with its tree object decoded on first use and kept, so a
 * directory is parsed once however often it is read. Safe to share between threads: a race
 * decodes twice and keeps either result (they are equal).
 */
class CachedBlob {
  final Bytes raw;
  private volatile TreeObj decoded;

  CachedBlob(Bytes raw) {
    this.raw = raw;
  }

  /**
   * The blob as a tree object.
   *
   * @throws io.kvs.treeobj.InvalidTreeObjException if it is not one
   */
  TreeObj object() {
    TreeObj obj = decoded;
    if (obj == null) {
      obj = TreeObjCodec.decode(raw.unsafeArray());
      decoded = obj;
    }
    return obj;
  }

  /** The blob as a tree object, decoded now if it is not already (and then not kept). */
  TreeObj objectNotKept() {
    TreeObj obj = decoded;
    return obj != null ? obj : TreeObjCodec.decode(raw.unsafeArray());
  }

  /** Whether the decoded tree object is kept. */
  boolean isDecoded() {
    return decoded != null;
  }

  /** Keeps {@code obj}, which {@link #raw} encodes, as the decoded tree object. */
  void keepDecoded(TreeObj obj) {
    decoded = obj;
  }

  /** Drops the decoded tree object (decoded again at the next use). */
  void forgetDecoded() {
    decoded = null;
  }
}
