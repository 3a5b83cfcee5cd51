package io.kvs.rank;

import static io.kvs.rank.RankFixture.OWNER;
import static io.kvs.rank.RankFixture.WAIT;
import static io.kvs.rank.RankFixture.error;
import static io.kvs.rank.RankFixture.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.pattern.StatusReply;
import io.kvs.KvsError;
import io.kvs.namespace.RootSnapshot;
import io.kvs.treeobj.TreeObj;
import io.kvs.txn.CommitFlags;
import io.kvs.txn.Op;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class WaitVersionBehaviorTest {
  private static RankFixture rank;

  @BeforeAll
  static void start() {
    rank = new RankFixture();
  }

  @AfterAll
  static void stop() {
    rank.close();
  }

  private TestProbe<StatusReply<RootSnapshot>> waitFor(String ns, long seq) {
    TestProbe<StatusReply<RootSnapshot>> p = rank.probe();
    rank.rank.tell(new KvsRank.WaitVersion(ns, seq, OWNER, p.getRef()));
    return p;
  }

  private void commitOne(String ns, int i) {
    rank.commit(ns, OWNER, CommitFlags.NO_MERGE, Op.put("k", TreeObj.Val.utf8("" + i)));
  }

  @Test
  void aReachedVersionIsAnsweredAtOnce() {
    String ns = uniqueName("wait");
    rank.create(ns, 7);
    commitOne(ns, 1);
    assertThat(waitFor(ns, 1).receiveMessage(WAIT).getValue().rootseq()).isEqualTo(1);
    assertThat(waitFor(ns, 0).receiveMessage(WAIT).getValue().rootseq()).isEqualTo(1);
  }

  @Test
  void waitersAreAnsweredWhenTheirVersionArrivesAndNotBefore() {
    String ns = uniqueName("wait");
    rank.create(ns, 7);
    TestProbe<StatusReply<RootSnapshot>> two = waitFor(ns, 2);
    TestProbe<StatusReply<RootSnapshot>> three = waitFor(ns, 3);
    commitOne(ns, 1);
    two.expectNoMessage(Duration.ofMillis(100));
    commitOne(ns, 2);
    assertThat(two.receiveMessage(WAIT).getValue().rootseq()).isEqualTo(2);
    three.expectNoMessage(Duration.ofMillis(100));
    commitOne(ns, 3);
    assertThat(three.receiveMessage(WAIT).getValue().rootseq()).isEqualTo(3);
  }

  @Test
  void removingANamespaceReleasesItsWaitersWithEnotsup() {
    String ns = uniqueName("wait");
    rank.create(ns, 7);
    TestProbe<StatusReply<RootSnapshot>> waiter = waitFor(ns, 5);
    TestProbe<StatusReply<RootSnapshot>> other = waitFor(ns, 9);
    rank.remove(ns);
    assertThat(error(waiter.receiveMessage(WAIT)).error()).isEqualTo(KvsError.NOT_SUPPORTED);
    assertThat(error(other.receiveMessage(WAIT)).error()).isEqualTo(KvsError.NOT_SUPPORTED);
  }

  @Test
  void waitingOnAnUnknownNamespaceFailsWithEnotsup() {
    assertThat(error(waitFor(uniqueName("none"), 1).receiveMessage(WAIT)).error())
        .isEqualTo(KvsError.NOT_SUPPORTED);
  }
}
