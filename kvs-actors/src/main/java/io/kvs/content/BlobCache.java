package io.kvs.content;

import io.kvs.treeobj.BlobRef;
import io.kvs.treeobj.Bytes;
import io.kvs.treeobj.TreeObj;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A follower rank's cache of blobs fetched from the root rank: bounded by total bytes, least
 * recently used first out. Decoded tree objects are kept beside their bytes. Thread-safe (one
 * lock; every operation is O(1)), shared by the rank's actors.
 */
public final class BlobCache implements BlobSource {
  private final long maxBytes;
  private final LinkedHashMap<BlobRef, CachedBlob> entries = new LinkedHashMap<>(256, 0.75f, true);
  private long bytes;
  private long evictions;
  private long faults;

  public BlobCache(long maxBytes) {
    if (maxBytes < 1) {
      throw new IllegalArgumentException("cache size must be >= 1 byte");
    }
    this.maxBytes = maxBytes;
  }

  @Override
  public synchronized Bytes raw(BlobRef ref) {
    CachedBlob e = entries.get(ref);
    return e == null ? null : e.raw;
  }

  @Override
  public TreeObj object(BlobRef ref) {
    CachedBlob e;
    synchronized (this) {
      e = entries.get(ref);
    }
    return e == null ? null : e.object();
  }

  /** Adds a fetched blob (a fault), evicting the least recently used ones beyond the bound. */
  public synchronized void put(BlobRef ref, Bytes data) {
    faults++;
    insert(ref, data);
  }

  /** Adds a blob that came without being asked for (with an event), unless already here. */
  public synchronized void offer(BlobRef ref, Bytes data) {
    if (!entries.containsKey(ref)) {
      insert(ref, data);
    }
  }

  private void insert(BlobRef ref, Bytes data) {
    CachedBlob old = entries.put(ref, new CachedBlob(data));
    if (old != null) {
      bytes -= old.raw.length();
    }
    bytes += data.length();
    var it = entries.entrySet().iterator();
    while (bytes > maxBytes && it.hasNext()) {
      Map.Entry<BlobRef, CachedBlob> eldest = it.next();
      if (eldest.getKey().equals(ref)) {
        continue; // keep the blob just added even if it alone exceeds the bound
      }
      bytes -= eldest.getValue().raw.length();
      it.remove();
      evictions++;
    }
  }

  public synchronized long size() {
    return entries.size();
  }

  public synchronized long bytes() {
    return bytes;
  }

  /** Blobs added (fetched from the root rank) since start. */
  public synchronized long faults() {
    return faults;
  }

  public synchronized long evictions() {
    return evictions;
  }
}
