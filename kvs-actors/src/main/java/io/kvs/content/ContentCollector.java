package io.kvs.content;

import io.kvs.treeobj.BlobRef;
import io.kvs.treeobj.InvalidTreeObjException;
import io.kvs.treeobj.TreeObj;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Collects the blobs of a {@link MemoryContentStore} that no live root reaches (RFC 11 trees:
 * a directory's entries are inline values, value references, inline directories, directory
 * references and symlinks). One cycle: begin a cycle in the store (blobs stored from then on
 * are kept), take the {@link LiveRoots}, mark everything they reach, then sweep the blobs
 * stored before the cycle and not marked. It runs beside the store's users: a root that
 * becomes current during the cycle refers only to blobs stored during it or reachable from a
 * root of the snapshot, and a blob stored again during the cycle is kept.
 */
public final class ContentCollector {
  /** What one cycle did. */
  public record Cycle(long liveBlobs, long freedBlobs, long freedBytes, long keptBytes,
      long nanos) {}

  private final MemoryContentStore store;
  private final LiveRoots roots;

  public ContentCollector(MemoryContentStore store, LiveRoots roots) {
    this.store = store;
    this.roots = roots;
  }

  /** Runs one cycle. */
  public Cycle collect() {
    long start = System.nanoTime();
    int cycle = store.beginCycle();
    long live = 0;
    Deque<TreeObj.Dir> dirs = new ArrayDeque<>();
    for (BlobRef root : roots.snapshot()) {
      live += visitDirectory(root, cycle, dirs);
    }
    while (!dirs.isEmpty()) {
      for (TreeObj entry : dirs.pop().entries().values()) {
        live += visitEntry(entry, cycle, dirs);
      }
    }
    long[] freed = store.sweep(cycle);
    return new Cycle(live, freed[0], freed[1], store.totalBytes(), System.nanoTime() - start);
  }

  private long visitEntry(TreeObj entry, int cycle, Deque<TreeObj.Dir> dirs) {
    long marked = 0;
    if (entry instanceof TreeObj.ValRef v) {
      for (BlobRef ref : v.refs()) {
        marked += store.markData(ref, cycle) ? 1 : 0;
      }
    } else if (entry instanceof TreeObj.DirRef d) {
      for (BlobRef ref : d.refs()) {
        marked += visitDirectory(ref, cycle, dirs);
      }
    } else if (entry instanceof TreeObj.Dir d) {
      dirs.push(d);
    }
    return marked;
  }

  /** Marks a directory blob and queues its entries; 1 if it was newly reached. */
  private long visitDirectory(BlobRef ref, int cycle, Deque<TreeObj.Dir> dirs) {
    MemoryContentStore.StoredBlob b = store.markDirectory(ref, cycle);
    if (b == null) {
      return 0;
    }
    try {
      if (b.objectNotKept() instanceof TreeObj.Dir d) {
        dirs.push(d);
      }
    } catch (InvalidTreeObjException e) {
      // referenced as a directory but not a tree object: kept, nothing under it
    }
    return 1;
  }
}
