package io.kvs.content;

import io.kvs.treeobj.BlobRef;
import io.kvs.treeobj.InvalidTreeObjException;
import io.kvs.treeobj.TreeObj;
import io.kvs.treeobj.TreeObjRefs;
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
    Marking m = new Marking(cycle);
    for (BlobRef root : roots.snapshot()) {
      m.dirRefs.push(root);
    }
    m.run();
    long[] freed = store.sweep(cycle);
    return new Cycle(m.live, freed[0], freed[1], store.totalBytes(), System.nanoTime() - start);
  }

  /**
   * The marking of one cycle: directory blobs still to visit, and inline directories whose
   * entries are still to visit. A directory kept decoded is walked as a tree object; any other
   * is scanned for its references ({@link TreeObjRefs}), which decodes nothing.
   */
  private final class Marking implements TreeObjRefs.Sink {
    final int cycle;
    final Deque<BlobRef> dirRefs = new ArrayDeque<>();
    final Deque<TreeObj.Dir> dirs = new ArrayDeque<>();
    long live;

    Marking(int cycle) {
      this.cycle = cycle;
    }

    void run() {
      while (!dirs.isEmpty() || !dirRefs.isEmpty()) {
        if (!dirs.isEmpty()) {
          for (TreeObj entry : dirs.pop().entries().values()) {
            visitEntry(entry);
          }
        } else {
          visitDirectory(dirRefs.pop());
        }
      }
    }

    private void visitEntry(TreeObj entry) {
      if (entry instanceof TreeObj.ValRef v) {
        for (BlobRef ref : v.refs()) {
          data(ref);
        }
      } else if (entry instanceof TreeObj.DirRef d) {
        for (BlobRef ref : d.refs()) {
          directory(ref);
        }
      } else if (entry instanceof TreeObj.Dir d) {
        dirs.push(d);
      }
    }

    /** Marks a directory blob and queues what it refers to. */
    private void visitDirectory(BlobRef ref) {
      MemoryContentStore.StoredBlob b = store.markDirectory(ref, cycle);
      if (b == null) {
        return;
      }
      live++;
      try {
        if (b.isDecoded()) {
          if (b.objectNotKept() instanceof TreeObj.Dir d) {
            dirs.push(d);
          }
        } else {
          TreeObjRefs.scan(b.raw.unsafeArray(), this);
        }
      } catch (InvalidTreeObjException e) {
        // referenced as a directory but not a tree object: kept, nothing under it
      }
    }

    @Override
    public void directory(BlobRef ref) {
      dirRefs.push(ref);
    }

    @Override
    public void data(BlobRef ref) {
      live += store.markData(ref, cycle) ? 1 : 0;
    }
  }
}
