package io.kvs.txn;

import io.kvs.KvsError;
import io.kvs.KvsException;
import io.kvs.treeobj.BlobRef;
import io.kvs.treeobj.Bytes;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;

/** The outcome of one {@link TxnApplier#apply} call. */
public sealed interface TxnStep {

  /**
   * Blobs the apply needed but {@code BlobSource} did not have. The caller fetches them all and
   * calls apply again from scratch; nothing of this attempt is kept.
   */
  record Stalled(Set<BlobRef> missing) implements TxnStep {}

  /**
   * The transaction applied. {@code newBlobs}: every blob the new root needs that this apply
   * created (raw bytes; children before parents, in iteration order); the caller stores them
   * before publishing {@code rootref}. {@code keys}: normalized keys of all ops, sorted.
   * {@code newDirs}: the directories among {@code newBlobs}, as the tree objects they encode
   * (so that a store can keep them decoded for the next commit, which reads them). An empty
   * transaction, or one that changes nothing, yields the old rootref and no blobs.
   */
  record Finished(BlobRef rootref, Map<BlobRef, Bytes> newBlobs, SortedSet<String> keys,
      Map<BlobRef, io.kvs.treeobj.TreeObj.Dir> newDirs) implements TxnStep {

    /** Finished without new directories. */
    public Finished(BlobRef rootref, Map<BlobRef, Bytes> newBlobs, SortedSet<String> keys) {
      this(rootref, newBlobs, keys, Map.of());
    }
  }

  /** The transaction failed as a whole; the tree is unchanged. */
  record Failed(KvsError error, String message) implements TxnStep {
    /** This failure as the exception carried by error replies. */
    public KvsException toException() {
      return error.failure(message);
    }
  }
}
