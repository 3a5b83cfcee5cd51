package io.kvs.content;

import io.kvs.KvsError;
import io.kvs.treeobj.BlobRef;
import io.kvs.treeobj.Bytes;
import io.kvs.treeobj.HashAlgorithm;
import io.kvs.treeobj.TreeObj;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The in-memory content store of the root rank. Decoded tree objects are cached beside their
 * bytes, so a directory is parsed once however often it is read.
 */
public final class MemoryContentStore implements ContentStore {
  private final HashAlgorithm hash;
  private final long blobSizeLimit;
  private final ConcurrentHashMap<BlobRef, CachedBlob> blobs = new ConcurrentHashMap<>();
  private final LongAdder totalBytes = new LongAdder();

  public MemoryContentStore(HashAlgorithm hash, long blobSizeLimit) {
    if (blobSizeLimit < 0) {
      throw new IllegalArgumentException("blob size limit must be >= 0");
    }
    this.hash = hash;
    this.blobSizeLimit = blobSizeLimit;
  }

  @Override
  public HashAlgorithm hash() {
    return hash;
  }

  @Override
  public long blobSizeLimit() {
    return blobSizeLimit;
  }

  @Override
  public BlobRef store(Bytes data) {
    checkSize(data);
    BlobRef ref = hash.hash(data.unsafeArray());
    put(ref, data);
    return ref;
  }

  @Override
  public void storeHashed(BlobRef ref, Bytes data) {
    checkSize(data);
    put(ref, data);
  }

  private void checkSize(Bytes data) {
    if (data.length() > blobSizeLimit) {
      throw KvsError.FILE_TOO_BIG.failure("kvs: blob of " + data.length()
          + " bytes exceeds the limit of " + blobSizeLimit + " bytes (kvs.content.blob-size-limit)");
    }
  }

  private void put(BlobRef ref, Bytes data) {
    if (blobs.putIfAbsent(ref, new CachedBlob(data)) == null) {
      totalBytes.add(data.length());
    }
  }

  @Override
  public Bytes raw(BlobRef ref) {
    CachedBlob e = blobs.get(ref);
    return e == null ? null : e.raw;
  }

  @Override
  public TreeObj object(BlobRef ref) {
    CachedBlob e = blobs.get(ref);
    return e == null ? null : e.object();
  }

  @Override
  public long blobCount() {
    return blobs.size();
  }

  @Override
  public long totalBytes() {
    return totalBytes.sum();
  }
}
