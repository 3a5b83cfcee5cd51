package io.kvs.content;

import io.kvs.KvsError;
import io.kvs.treeobj.BlobRef;
import io.kvs.treeobj.Bytes;
import io.kvs.treeobj.HashAlgorithm;
import io.kvs.treeobj.TreeObj;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * The in-memory content store of the root rank. Decoded tree objects are cached beside their
 * bytes, so a directory is parsed once however often it is read; only the last {@link
 * #DECODED_KEPT} blobs decoded keep theirs (a decoded directory takes several times its bytes,
 * and most directories of a long-lived instance are read rarely or never again).
 *
 * <p>It supports a {@link ContentCollector} running beside its users: each blob records the
 * collection cycle in which it was last stored ({@code born}; storing an existing blob again
 * renews it) and the last cycle that reached it ({@code marked}); a cycle removes only blobs
 * stored before it began and not reached, each removal atomic with respect to a store of the
 * same blob.
 */
public final class MemoryContentStore implements ContentStore {
  /** A stored blob with its collection marks. */
  static final class StoredBlob extends CachedBlob {
    /** The cycle in which it was last stored. */
    volatile int born;
    /** 2 x the last cycle that reached it as data, or that + 1 if also as a directory. */
    volatile int marked;

    StoredBlob(Bytes raw, int born) {
      super(raw);
      this.born = born;
    }
  }

  /** How many blobs keep their decoded tree object at most. */
  static final int DECODED_KEPT = 1 << 16;

  private final HashAlgorithm hash;
  private final long blobSizeLimit;
  private final ConcurrentHashMap<BlobRef, StoredBlob> blobs = new ConcurrentHashMap<>();
  /** The blobs decoded last, oldest overwritten first (which then forget their decoding). */
  private final AtomicReferenceArray<StoredBlob> decoded =
      new AtomicReferenceArray<>(DECODED_KEPT);
  private final AtomicLong decodings = new AtomicLong();
  private final LongAdder totalBytes = new LongAdder();
  /** The current collection cycle: blobs stored now are born in it. */
  private volatile int cycle;

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
    StoredBlob there = blobs.putIfAbsent(ref, new StoredBlob(data, cycle));
    if (there == null) {
      totalBytes.add(data.length());
    } else {
      there.born = cycle; // stored again: a new root may refer to it
      if (blobs.get(ref) != there) {
        put(ref, data); // a collection removed it meanwhile
      }
    }
  }

  @Override
  public Bytes raw(BlobRef ref) {
    CachedBlob e = blobs.get(ref);
    return e == null ? null : e.raw;
  }

  @Override
  public void storeHashed(BlobRef ref, Bytes data, TreeObj obj) {
    storeHashed(ref, data);
    StoredBlob e = blobs.get(ref);
    if (e != null && !e.isDecoded()) {
      e.keepDecoded(obj);
      kept(e);
    }
  }

  @Override
  public TreeObj object(BlobRef ref) {
    StoredBlob e = blobs.get(ref);
    if (e == null) {
      return null;
    }
    if (e.isDecoded()) {
      return e.object();
    }
    TreeObj obj = e.object();
    kept(e);
    return obj;
  }

  /** {@code e} keeps its decoded tree object now: the oldest such blob forgets its own. */
  private void kept(StoredBlob e) {
    int slot = (int) (decodings.getAndIncrement() & (DECODED_KEPT - 1));
    StoredBlob evicted = decoded.getAndSet(slot, e);
    if (evicted != null && evicted != e) {
      evicted.forgetDecoded();
    }
  }

  @Override
  public long blobCount() {
    return blobs.size();
  }

  @Override
  public long totalBytes() {
    return totalBytes.sum();
  }

  /** Starts a collection cycle; returns its number. Only the collector calls this. */
  int beginCycle() {
    cycle = cycle + 1;
    return cycle;
  }

  /** Marks {@code ref} reached as data in {@code c}; false if absent. */
  boolean markData(BlobRef ref, int c) {
    StoredBlob b = blobs.get(ref);
    if (b == null) {
      return false;
    }
    if (b.marked < 2 * c) {
      b.marked = 2 * c;
    }
    return true;
  }

  /**
   * Marks {@code ref} reached as a directory in {@code c}: the blob, or null if absent or
   * already reached as a directory in this cycle (nothing more to visit).
   */
  StoredBlob markDirectory(BlobRef ref, int c) {
    StoredBlob b = blobs.get(ref);
    if (b == null || b.marked == 2 * c + 1) {
      return null;
    }
    b.marked = 2 * c + 1;
    return b;
  }

  /** Removes the blobs stored before cycle {@code c} and not reached in it: {blobs, bytes}. */
  long[] sweep(int c) {
    long[] freed = new long[2];
    for (BlobRef ref : blobs.keySet()) {
      blobs.computeIfPresent(ref, (k, b) -> {
        if (b.marked >= 2 * c || b.born >= c) {
          return b;
        }
        freed[0]++;
        freed[1] += b.raw.length();
        return null;
      });
    }
    totalBytes.add(-freed[1]);
    return freed;
  }
}
