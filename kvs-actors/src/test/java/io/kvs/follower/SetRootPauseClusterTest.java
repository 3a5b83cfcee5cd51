package io.kvs.follower;

import static io.kvs.follower.ClusterFixture.OWNER;
import static io.kvs.follower.ClusterFixture.error;
import static io.kvs.follower.ClusterFixture.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

import akka.Done;
import akka.pattern.StatusReply;
import io.kvs.Caller;
import io.kvs.KvsError;
import io.kvs.namespace.Committed;
import io.kvs.namespace.LookupResult;
import io.kvs.namespace.RootSnapshot;
import io.kvs.rank.KvsRank;
import io.kvs.treeobj.TreeObj;
import io.kvs.txn.Op;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code kvs.setroot-pause} on a follower: its root of the namespace stands still, commits it
 * relays are answered only once their root is installed there (read-your-writes), and unpause
 * installs the newest root and answers them.
 */
class SetRootPauseClusterTest {
  private static ClusterFixture cluster;

  @BeforeAll
  static void start() throws Exception {
    cluster = new ClusterFixture(2, "");
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  private StatusReply<Done> pause(int rank, String ns, boolean pause, Caller caller)
      throws Exception {
    return cluster.ask(rank, r -> new KvsRank.SetRootPause(ns, pause, caller, r));
  }

  private CompletableFuture<StatusReply<Committed>> put(int rank, String ns, String value) {
    return cluster.askAsync(rank, r -> new KvsRank.Commit(ns, 0,
        List.of(Op.put("k", TreeObj.Val.utf8(value))), OWNER, r));
  }

  private String get(int rank, String ns) throws Exception {
    StatusReply<LookupResult> r =
        cluster.ask(rank, to -> new KvsRank.Lookup(ns, "k", 0, null, OWNER, to));
    return ((TreeObj.Val) r.getValue().val()).data().toUtf8();
  }

  private long seq(int rank, String ns) throws Exception {
    StatusReply<RootSnapshot> r = cluster.ask(rank, to -> new KvsRank.GetRoot(ns, OWNER, to));
    return r.getValue().rootseq();
  }

  /** The follower's root stays at {@code seq} for a while although rank 0 has moved on. */
  private void staysAt(String ns, long seq) throws Exception {
    for (int i = 0; i < 5; i++) {
      Thread.sleep(100);
      assertThat(seq(1, ns)).as("the paused follower's seq").isEqualTo(seq);
    }
  }

  @Test
  void aPausedFollowerHoldsNewRootsAndItsCommitRepliesUntilUnpaused() throws Exception {
    String ns = uniqueName("pause");
    assertThat(cluster.create(0, ns, 7).isSuccess()).isTrue();
    assertThat(put(1, ns, "v1").get(15, TimeUnit.SECONDS).getValue().rootseq()).isEqualTo(1);
    assertThat(pause(1, ns, true, OWNER).isSuccess()).isTrue();

    assertThat(put(0, ns, "v2").get(15, TimeUnit.SECONDS).getValue().rootseq()).isEqualTo(2);
    staysAt(ns, 1);
    assertThat(get(1, ns)).isEqualTo("v1");

    CompletableFuture<StatusReply<Committed>> relayed = put(1, ns, "v3");
    while (seq(0, ns) < 3) {
      Thread.sleep(20);
    }
    staysAt(ns, 1);
    assertThat(relayed).as("a relayed commit waits for its root on this rank").isNotDone();

    assertThat(pause(1, ns, false, OWNER).isSuccess()).isTrue();
    assertThat(relayed.get(15, TimeUnit.SECONDS).getValue().rootseq()).isEqualTo(3);
    assertThat(seq(1, ns)).isEqualTo(3);
    assertThat(get(1, ns)).isEqualTo("v3");
    assertThat(pause(1, ns, false, OWNER).isSuccess()).as("unpause twice").isTrue();
  }

  @Test
  void aVersionWaiterOnAPausedFollowerIsWokenByUnpause() throws Exception {
    String ns = uniqueName("pause");
    assertThat(cluster.create(0, ns, 7).isSuccess()).isTrue();
    assertThat(seq(1, ns)).isZero();
    assertThat(pause(1, ns, true, OWNER).isSuccess()).isTrue();
    CompletableFuture<StatusReply<RootSnapshot>> waiter =
        cluster.askAsync(1, r -> new KvsRank.WaitVersion(ns, 1, OWNER, r));
    assertThat(put(0, ns, "v1").get(15, TimeUnit.SECONDS).isSuccess()).isTrue();
    staysAt(ns, 0);
    assertThat(waiter).isNotDone();
    assertThat(pause(1, ns, false, OWNER).isSuccess()).isTrue();
    assertThat(waiter.get(15, TimeUnit.SECONDS).getValue().rootseq()).isEqualTo(1);
  }

  @Test
  void onlyTheNamespaceOwnerMayPauseAKnownNamespace() throws Exception {
    String ns = uniqueName("pause");
    assertThat(cluster.create(0, ns, 7).isSuccess()).isTrue();
    for (int rank = 0; rank < 2; rank++) {
      assertThat(error(pause(rank, ns, true, Caller.user(8))).error())
          .isEqualTo(KvsError.PERMISSION);
      assertThat(pause(rank, ns, true, Caller.user(7)).isSuccess()).isTrue();
      assertThat(pause(rank, ns, false, Caller.user(7)).isSuccess()).isTrue();
      assertThat(error(pause(rank, "pause-no-such-namespace", true, OWNER)).error())
          .isEqualTo(KvsError.NOT_SUPPORTED);
    }
  }
}
