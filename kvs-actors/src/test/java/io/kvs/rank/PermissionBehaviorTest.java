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
import io.kvs.namespace.RootSnapshot;
import io.kvs.treeobj.TreeObj;
import io.kvs.txn.Op;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PermissionBehaviorTest {
  private static final Caller ALICE = Caller.user(1001);
  private static final Caller BOB = Caller.user(1002);
  private static RankFixture rank;

  @BeforeAll
  static void start() {
    rank = new RankFixture();
  }

  @AfterAll
  static void stop() {
    rank.close();
  }

  @Test
  void aUserReadsAndWritesTheNamespaceTheyOwn() {
    String ns = uniqueName("alice");
    rank.create(ns, ALICE.userid());
    assertThat(rank.commit(ns, ALICE, 0, Op.put("a", TreeObj.Val.utf8("1"))).isSuccess()).isTrue();
    assertThat(rank.lookup(ns, ALICE, "a", 0).isSuccess()).isTrue();
    assertThat(rank.getRoot(ns, ALICE).getValue().owner()).isEqualTo(ALICE.userid());
  }

  @Test
  void aUserIsDeniedEveryOperationInAnotherUsersNamespace() {
    String ns = uniqueName("alice");
    rank.create(ns, ALICE.userid());
    rank.commit(ns, ALICE, 0, Op.put("a", TreeObj.Val.utf8("1")));
    assertThat(error(rank.commit(ns, BOB, 0, Op.put("a", TreeObj.Val.utf8("2")))).error())
        .isEqualTo(KvsError.PERMISSION);
    assertThat(error(rank.lookup(ns, BOB, "a", 0)).error()).isEqualTo(KvsError.PERMISSION);
    assertThat(error(rank.getRoot(ns, BOB)).error()).isEqualTo(KvsError.PERMISSION);
    TestProbe<StatusReply<RootSnapshot>> w = rank.probe();
    rank.rank.tell(new KvsRank.WaitVersion(ns, 1, BOB, w.getRef()));
    assertThat(error(w.receiveMessage(WAIT)).error()).isEqualTo(KvsError.PERMISSION);
    assertThat(rank.getString(ns, "a")).isEqualTo("1");
  }

  @Test
  void aUserCannotTouchPrimary() {
    assertThat(error(rank.lookup("primary", ALICE, "a", 0)).error())
        .isEqualTo(KvsError.PERMISSION);
    assertThat(error(rank.commit("primary", ALICE, 0, Op.put("a", TreeObj.Val.utf8("x"))))
        .error()).isEqualTo(KvsError.PERMISSION);
  }

  @Test
  void theInstanceOwnerMayUseEveryNamespace() {
    String ns = uniqueName("alice");
    rank.create(ns, ALICE.userid());
    assertThat(rank.commit(ns, OWNER, 0, Op.put("o", TreeObj.Val.utf8("1"))).isSuccess())
        .isTrue();
    assertThat(rank.getString(ns, "o")).isEqualTo("1");
  }

  @Test
  void aSymlinkIntoAnotherUsersNamespaceIsDeniedToTheReader() {
    String mine = uniqueName("alice");
    String theirs = uniqueName("bob");
    rank.create(mine, ALICE.userid());
    rank.create(theirs, BOB.userid());
    rank.commit(theirs, BOB, 0, Op.put("secret", TreeObj.Val.utf8("s")));
    rank.commit(mine, OWNER, 0, Op.symlink("link", theirs, "secret"));
    assertThat(error(rank.lookup(mine, ALICE, "link", 0)).error())
        .isEqualTo(KvsError.PERMISSION);
    assertThat(rank.getString(mine, "link")).isEqualTo("s");
  }
}
