package io.kvs.content;

import io.kvs.treeobj.BlobRef;
import io.kvs.treeobj.Bytes;
import io.kvs.treeobj.HashAlgorithm;

/**
 * A content-addressed blob store (RFC 10): blobs are immutable and named by their hash, so a
 * store is safe to share between the actors of one rank. Implementations are thread-safe.
 */
public interface ContentStore extends BlobSource {
  /** The instance's hash algorithm. */
  HashAlgorithm hash();

  /** The largest blob accepted, in bytes. */
  long blobSizeLimit();

  /**
   * Stores {@code data} and returns its blobref. Storing an existing blob is a no-op.
   *
   * @throws io.kvs.KvsException FILE_TOO_BIG if {@code data} exceeds {@link #blobSizeLimit()}
   */
  BlobRef store(Bytes data);

  /** Stores bytes whose blobref the caller has already computed with {@link #hash()}. */
  void storeHashed(BlobRef ref, Bytes data);

  /**
   * As {@link #storeHashed(BlobRef, Bytes)}, for a blob that encodes {@code decoded}: a store
   * that keeps decoded tree objects may keep this one, saving the next reader the decoding.
   */
  default void storeHashed(BlobRef ref, Bytes data, io.kvs.treeobj.TreeObj decoded) {
    storeHashed(ref, data);
  }

  /** Number of blobs held. */
  long blobCount();

  /** Total size of the blobs held, in bytes. */
  long totalBytes();
}
