package io.kvs.rank;

import static io.kvs.rank.RankFixture.OWNER;
import static io.kvs.rank.RankFixture.WAIT;
import static io.kvs.rank.RankFixture.error;
import static io.kvs.rank.RankFixture.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.pattern.StatusReply;
import io.kvs.Caller;
import io.kvs.KvsError;
import io.kvs.namespace.Committed;
import io.kvs.namespace.RootSnapshot;
import io.kvs.treeobj.TreeObj;
import io.kvs.txn.CommitFlags;
import io.kvs.txn.Op;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CommitBehaviorTest {
  private static RankFixture rank;

  @BeforeAll
  static void start() {
    rank = new RankFixture("kvs.max-txn-ops = 50");
  }

  @AfterAll
  static void stop() {
    rank.close();
  }

  private static Op put(String key, String value) {
    return Op.put(key, TreeObj.Val.utf8(value));
  }

  @Test
  void commitRepliesWithTheRootItInstalled() {
    String ns = uniqueName("commit");
    rank.create(ns, 7);
    Committed c = rank.commit(ns, OWNER, 0, put("a.b", "1")).getValue();
    assertThat(c.rootseq()).isEqualTo(1);
    RootSnapshot root = rank.getRoot(ns, OWNER).getValue();
    assertThat(root.rootseq()).isEqualTo(1);
    assertThat(root.rootref()).isEqualTo(c.rootref());
    assertThat(rank.getString(ns, "a.b")).isEqualTo("1");
  }

  @Test
  void everyCommitAdvancesSeqByOneEvenWhenEmpty() {
    String ns = uniqueName("commit");
    rank.create(ns, 7);
    Committed first = rank.commit(ns, OWNER, 0).getValue();
    Committed second = rank.commit(ns, OWNER, 0).getValue();
    assertThat(first.rootseq()).isEqualTo(1);
    assertThat(second.rootseq()).isEqualTo(2);
    assertThat(second.rootref()).isEqualTo(first.rootref());
  }

  @Test
  void pipelinedCommitsAllApplyInOrderOfTheirRoots() {
    String ns = uniqueName("merge");
    rank.create(ns, 7);
    TestProbe<StatusReply<Committed>> p = rank.probe();
    for (int i = 0; i < 10; i++) {
      rank.rank.tell(new KvsRank.Commit(ns, 0, List.of(put("k" + i, "v" + i)), OWNER, p.getRef()));
    }
    List<Committed> replies = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      replies.add(p.receiveMessage(WAIT).getValue());
    }
    // How many are merged depends on thread timing (NamespaceRootMergeTest pins it down);
    // what holds always: no reply precedes an earlier one's root, and at most 10 roots.
    for (int i = 1; i < 10; i++) {
      assertThat(replies.get(i).rootseq()).isGreaterThanOrEqualTo(replies.get(i - 1).rootseq());
    }
    assertThat(replies.get(9).rootseq()).isBetween(1L, 10L);
    for (int i = 0; i < 10; i++) {
      assertThat(rank.getString(ns, "k" + i)).isEqualTo("v" + i);
    }
  }

  @Test
  void aMergedBatchWithOneBadMemberFailsOnlyThatMember() {
    String ns = uniqueName("merge");
    rank.create(ns, 7);
    rank.commit(ns, OWNER, 0, Op.mkdir("dir"));
    TestProbe<StatusReply<Committed>> p = rank.probe();
    rank.rank.tell(new KvsRank.Commit(ns, 0, List.of(put("x", "1")), OWNER, p.getRef()));
    rank.rank.tell(new KvsRank.Commit(ns, 0,
        List.of(Op.append("dir", TreeObj.Val.utf8("no"))), OWNER, p.getRef()));
    rank.rank.tell(new KvsRank.Commit(ns, 0, List.of(put("y", "2")), OWNER, p.getRef()));
    StatusReply<Committed> first = p.receiveMessage(WAIT);
    StatusReply<Committed> second = p.receiveMessage(WAIT);
    StatusReply<Committed> third = p.receiveMessage(WAIT);
    assertThat(first.isSuccess()).isTrue();
    assertThat(error(second).error()).isEqualTo(KvsError.IS_DIR);
    assertThat(third.isSuccess()).isTrue();
    assertThat(rank.getString(ns, "x")).isEqualTo("1");
    assertThat(rank.getString(ns, "y")).isEqualTo("2");
  }

  @Test
  void withMergingOffEveryCommitGetsItsOwnSeq() {
    try (RankFixture unmerged = new RankFixture("kvs.transaction-merge = off")) {
      String ns = uniqueName("nomerge");
      unmerged.create(ns, 7);
      TestProbe<StatusReply<Committed>> p = unmerged.probe();
      for (int i = 0; i < 5; i++) {
        unmerged.rank.tell(new KvsRank.Commit(ns, 0, List.of(put("k", "" + i)), OWNER,
            p.getRef()));
      }
      for (int i = 1; i <= 5; i++) {
        assertThat(p.receiveMessage(WAIT).getValue().rootseq()).isEqualTo(i);
      }
    }
  }

  @Test
  void noMergeCommitsAreAppliedAlone() {
    String ns = uniqueName("nomerge");
    rank.create(ns, 7);
    TestProbe<StatusReply<Committed>> p = rank.probe();
    for (int i = 0; i < 4; i++) {
      rank.rank.tell(new KvsRank.Commit(ns, CommitFlags.NO_MERGE, List.of(put("k", "" + i)),
          OWNER, p.getRef()));
    }
    for (int i = 1; i <= 4; i++) {
      assertThat(p.receiveMessage(WAIT).getValue().rootseq()).isEqualTo(i);
    }
  }

  @Test
  void tooManyOpsFailWithE2bigAndChangeNothing() {
    String ns = uniqueName("big");
    rank.create(ns, 7);
    Op[] ops = new Op[51];
    for (int i = 0; i < ops.length; i++) {
      ops[i] = put("k" + i, "v");
    }
    var e = error(rank.commit(ns, OWNER, 0, ops));
    assertThat(e.error()).isEqualTo(KvsError.TOO_BIG);
    assertThat(e.getMessage()).contains("51");
    assertThat(rank.getRoot(ns, OWNER).getValue().rootseq()).isZero();
  }

  @Test
  void guestsMayCommitValuesUnlinksAndEmptyDirsOnly() {
    String ns = uniqueName("guest");
    rank.create(ns, 7);
    Caller guest = Caller.user(7);
    assertThat(rank.commit(ns, guest, 0, put("a", "1"), Op.mkdir("d"), Op.unlink("zz"))
        .isSuccess()).isTrue();
    assertThat(error(rank.commit(ns, guest, 0, Op.symlink("l", null, "a"))).error())
        .isEqualTo(KvsError.PERMISSION);
    assertThat(rank.getRoot(ns, OWNER).getValue().rootseq()).isEqualTo(1);
  }

  @Test
  void invalidOpsAreRefusedBeforeQueueing() {
    String ns = uniqueName("bad");
    rank.create(ns, 7);
    assertThat(error(rank.commit(ns, OWNER, 0, put(".", "x"))).error())
        .isEqualTo(KvsError.INVALID);
    assertThat(error(rank.commit(ns, OWNER, CommitFlags.SYNC, put("a", "x"))).error())
        .isEqualTo(KvsError.INVALID);
    assertThat(rank.commit("primary", OWNER, CommitFlags.SYNC, put(uniqueName("s"), "x"))
        .isSuccess()).isTrue();
  }

  @Test
  void removingANamespaceFailsItsQueuedCommitsWithEnotsup() {
    String ns = uniqueName("rmq");
    rank.create(ns, 7);
    TestProbe<StatusReply<Committed>> p = rank.probe();
    // each commit adds a key, so each re-encodes a bigger directory: applying them takes far
    // longer than sending them, and the removal finds most of them still queued
    int commits = 1000;
    for (int i = 0; i < commits; i++) {
      rank.rank.tell(new KvsRank.Commit(ns, CommitFlags.NO_MERGE, List.of(put("k" + i, "" + i)),
          OWNER, p.getRef()));
    }
    rank.rank.tell(new KvsRank.RemoveNamespace(ns, OWNER, rank.<akka.Done>probe().getRef()));
    int ok = 0;
    int gone = 0;
    for (int i = 0; i < commits; i++) {
      StatusReply<Committed> r = p.receiveMessage(WAIT);
      if (r.isSuccess()) {
        assertThat(gone).as("no success after the first ENOTSUP").isZero();
        ok++;
      } else {
        assertThat(error(r).error()).isEqualTo(KvsError.NOT_SUPPORTED);
        gone++;
      }
    }
    assertThat(ok + gone).isEqualTo(commits);
    assertThat(gone).isPositive();
  }
}
