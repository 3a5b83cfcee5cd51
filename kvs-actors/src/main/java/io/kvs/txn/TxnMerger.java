package io.kvs.txn;

import io.kvs.KvsError;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Merging of adjacent compatible transactions of one namespace (KVS-SPEC §4.3): one merged
 * batch yields one new root and one seq increment. Merging never reorders: it stops at the
 * first transaction that can not join.
 */
public final class TxnMerger {
  private static final int BARRIER = CommitFlags.NO_MERGE | CommitFlags.SYNC;

  private TxnMerger() {}

  /**
   * Removes and returns the batch to apply next from the head of {@code queue}: the head
   * alone if merging is disabled or the head has NO_MERGE or SYNC; else the head plus the
   * following transactions with identical flags, while the total stays within
   * {@code maxOps} ops (the head is always taken, whatever its size). Empty if the queue is.
   */
  public static <T> List<PendingTxn<T>> takeBatch(Deque<PendingTxn<T>> queue,
      boolean mergeEnabled, int maxOps) {
    PendingTxn<T> head = queue.pollFirst();
    if (head == null) {
      return List.of();
    }
    if (!mergeEnabled || (head.flags() & BARRIER) != 0) {
      return List.of(head);
    }
    List<PendingTxn<T>> batch = new ArrayList<>();
    batch.add(head);
    long total = head.ops().size();
    for (PendingTxn<T> next = queue.peekFirst(); next != null; next = queue.peekFirst()) {
      if (next.flags() != head.flags() || total + next.ops().size() > maxOps) {
        break;
      }
      total += next.ops().size();
      batch.add(queue.pollFirst());
    }
    return batch;
  }

  /** The concatenated ops of {@code batch}, in order. */
  public static <T> List<Op> ops(List<PendingTxn<T>> batch) {
    if (batch.size() == 1) {
      return batch.get(0).ops();
    }
    int n = 0;
    for (PendingTxn<T> t : batch) {
      n += t.ops().size();
    }
    List<Op> out = new ArrayList<>(n);
    for (PendingTxn<T> t : batch) {
      out.addAll(t.ops());
    }
    return out;
  }

  /**
   * Whether a merged batch (more than one member; the caller checks) that failed with
   * {@code error} is replayed member by member: always, except for NOT_SUPPORTED (the
   * namespace is gone, so every member would fail alike).
   */
  public static boolean shouldFallBack(KvsError error) {
    return error != KvsError.NOT_SUPPORTED;
  }

  /**
   * Pushes the members of {@code batch} back at the head of {@code queue}, in their order,
   * each with NO_MERGE added so that it is replayed alone.
   */
  public static <T> void requeueAlone(Deque<PendingTxn<T>> queue, List<PendingTxn<T>> batch) {
    for (int i = batch.size() - 1; i >= 0; i--) {
      PendingTxn<T> t = batch.get(i);
      queue.addFirst(new PendingTxn<>(t.tag(), t.flags() | CommitFlags.NO_MERGE, t.ops()));
    }
  }
}
