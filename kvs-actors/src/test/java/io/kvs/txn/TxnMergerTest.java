package io.kvs.txn;

import static org.assertj.core.api.Assertions.assertThat;

import io.kvs.KvsError;
import io.kvs.treeobj.TreeObj.Val;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

class TxnMergerTest {
  private static final int NM = CommitFlags.NO_MERGE;

  @Test
  void adjacentTransactionsWithTheSameFlagsAreMergedInOrder() {
    Deque<PendingTxn<String>> q = queue(txn("t1", 0, 1), txn("t2", 0, 2), txn("t3", 0, 1));
    List<PendingTxn<String>> batch = TxnMerger.takeBatch(q, true, 100);
    assertThat(tags(batch)).containsExactly("t1", "t2", "t3");
    assertThat(q).isEmpty();
    assertThat(TxnMerger.ops(batch)).extracting(Op::key)
        .containsExactly("t1.0", "t2.0", "t2.1", "t3.0");
  }

  @Test
  void aNoMergeHeadIsTakenAlone() {
    Deque<PendingTxn<String>> q = queue(txn("t1", NM, 1), txn("t2", NM, 1));
    assertThat(tags(TxnMerger.takeBatch(q, true, 100))).containsExactly("t1");
    assertThat(tags(TxnMerger.takeBatch(q, true, 100))).containsExactly("t2");
  }

  @Test
  void noMergeAndSyncAreBarriersThatPreserveOrder() {
    Deque<PendingTxn<String>> q = queue(txn("t1", 0, 1), txn("t2", NM, 1), txn("t3", 0, 1),
        txn("t4", CommitFlags.SYNC, 1), txn("t5", 0, 1));
    assertThat(tags(TxnMerger.takeBatch(q, true, 100))).containsExactly("t1");
    assertThat(tags(TxnMerger.takeBatch(q, true, 100))).containsExactly("t2");
    assertThat(tags(TxnMerger.takeBatch(q, true, 100))).containsExactly("t3");
    assertThat(tags(TxnMerger.takeBatch(q, true, 100))).containsExactly("t4");
    assertThat(tags(TxnMerger.takeBatch(q, true, 100))).containsExactly("t5");
  }

  @Test
  void aFlagsMismatchStopsTheBatch() {
    int compact = CommitFlags.TXN_COMPACT;
    Deque<PendingTxn<String>> q = queue(txn("t1", 0, 1), txn("t2", compact, 1),
        txn("t3", 0, 1));
    assertThat(tags(TxnMerger.takeBatch(q, true, 100))).containsExactly("t1");
    assertThat(tags(TxnMerger.takeBatch(q, true, 100))).containsExactly("t2");
  }

  @Test
  void withMergingDisabledEachTransactionIsTakenAlone() {
    Deque<PendingTxn<String>> q = queue(txn("t1", 0, 1), txn("t2", 0, 1));
    assertThat(tags(TxnMerger.takeBatch(q, false, 100))).containsExactly("t1");
    assertThat(q).hasSize(1);
  }

  @Test
  void theBatchStaysWithinMaxOpsButAlwaysTakesTheHead() {
    Deque<PendingTxn<String>> q = queue(txn("big", 0, 5), txn("t2", 0, 2), txn("t3", 0, 2),
        txn("t4", 0, 1));
    assertThat(tags(TxnMerger.takeBatch(q, true, 4))).containsExactly("big");
    assertThat(tags(TxnMerger.takeBatch(q, true, 4))).containsExactly("t2", "t3");
    assertThat(tags(TxnMerger.takeBatch(q, true, 4))).containsExactly("t4");
  }

  @Test
  void anEmptyQueueGivesAnEmptyBatch() {
    assertThat(TxnMerger.takeBatch(new ArrayDeque<PendingTxn<String>>(), true, 10)).isEmpty();
  }

  @Test
  void everyFailureButNotSupportedFallsBack() {
    for (KvsError e : KvsError.values()) {
      assertThat(TxnMerger.shouldFallBack(e)).as(e.name()).isEqualTo(e != KvsError.NOT_SUPPORTED);
    }
  }

  @Test
  void fallbackRequeuesTheMembersAtTheHeadInOrderEachAlone() {
    Deque<PendingTxn<String>> q = queue(txn("t1", 0, 1), txn("t2", 0, 1), txn("t3", 0, 1));
    List<PendingTxn<String>> batch = TxnMerger.takeBatch(q, true, 2);
    q.addLast(txn("later", 0, 1));
    TxnMerger.requeueAlone(q, batch);

    assertThat(tags(List.copyOf(q))).containsExactly("t1", "t2", "t3", "later");
    assertThat(q.peekFirst().flags()).isEqualTo(NM);
    assertThat(q.peekFirst().ops()).isEqualTo(batch.get(0).ops());
    assertThat(tags(TxnMerger.takeBatch(q, true, 100))).containsExactly("t1");
    assertThat(tags(TxnMerger.takeBatch(q, true, 100))).containsExactly("t2");
    assertThat(tags(TxnMerger.takeBatch(q, true, 100))).containsExactly("t3", "later");
  }

  private static PendingTxn<String> txn(String tag, int flags, int nops) {
    Op[] ops = new Op[nops];
    for (int i = 0; i < nops; i++) {
      ops[i] = Op.put(tag + "." + i, Val.utf8("v"));
    }
    return new PendingTxn<>(tag, flags, List.of(ops));
  }

  @SafeVarargs
  private static Deque<PendingTxn<String>> queue(PendingTxn<String>... txns) {
    return new ArrayDeque<>(List.of(txns));
  }

  private static List<String> tags(List<PendingTxn<String>> batch) {
    return batch.stream().map(PendingTxn::tag).toList();
  }
}
