package io.kvs.content;

import io.kvs.treeobj.BlobRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.LongSupplier;

/**
 * The roots the content collector keeps alive: every namespace's current root, and each root
 * that stopped being current (replaced, or its namespace removed) less than a grace period
 * ago, so that whoever still reads such a snapshot, or is about to store a reference into it
 * (a copy from one namespace into another), finds its blobs. Updated by the namespace actors
 * of the root rank, O(1) per root change, from any thread.
 */
public final class LiveRoots {
  private record Superseded(long at, BlobRef root) {}

  private final Map<String, BlobRef> current = new ConcurrentHashMap<>();
  private final Queue<Superseded> recent = new ConcurrentLinkedQueue<>();
  private final long graceNanos;
  private final LongSupplier clock;
  private final boolean tracked;

  private LiveRoots(long graceNanos, LongSupplier clock, boolean tracked) {
    this.graceNanos = graceNanos;
    this.clock = clock;
    this.tracked = tracked;
  }

  /** Roots kept {@code graceNanos} after they stop being current, by {@code clock} (ns). */
  public LiveRoots(long graceNanos, LongSupplier clock) {
    this(graceNanos, clock, true);
  }

  /** With {@link System#nanoTime} as the clock. */
  public LiveRoots(java.time.Duration grace) {
    this(grace.toNanos(), System::nanoTime);
  }

  /** Roots of a store that is never collected: nothing is recorded. */
  public static LiveRoots untracked() {
    return new LiveRoots(0, System::nanoTime, false);
  }

  /** {@code namespace}'s root is now {@code root}. */
  public void set(String namespace, BlobRef root) {
    if (!tracked) {
      return;
    }
    BlobRef old = current.put(namespace, root);
    if (old != null && !old.equals(root)) {
      supersede(old);
    }
  }

  /** {@code namespace} was removed: its last root becomes a recent one. */
  public void removed(String namespace) {
    if (!tracked) {
      return;
    }
    BlobRef old = current.remove(namespace);
    if (old != null) {
      supersede(old);
    }
  }

  private void supersede(BlobRef old) {
    long now = clock.getAsLong();
    recent.add(new Superseded(now, old));
    prune(now);
  }

  /** Drops the recent roots older than the grace period (they are in time order). */
  private void prune(long now) {
    Superseded head = recent.peek();
    while (head != null && now - head.at() > graceNanos) {
      recent.poll();
      head = recent.peek();
    }
  }

  /** The roots to keep alive now: the current ones and those within the grace period. */
  public List<BlobRef> snapshot() {
    prune(clock.getAsLong());
    List<BlobRef> roots = new ArrayList<>(current.values());
    for (Superseded s : recent) {
      roots.add(s.root());
    }
    return roots;
  }

  /** How many namespaces have a current root. */
  public int namespaces() {
    return current.size();
  }
}
