package io.kvs.content;

import io.kvs.treeobj.BlobRef;
import io.kvs.treeobj.Bytes;
import io.kvs.treeobj.TreeObj;

/**
 * Read access to blobs that are available locally, without blocking. A {@code null} answer
 * means "not here": pure logic then reports the blob as missing and the caller fetches it.
 */
public interface BlobSource {
  /** The raw bytes of the blob, or null if it is not available locally. */
  Bytes raw(BlobRef ref);

  /**
   * The blob decoded as a tree object, or null if it is not available locally.
   *
   * @throws io.kvs.treeobj.InvalidTreeObjException if the blob is not a valid tree object
   */
  TreeObj object(BlobRef ref);
}
