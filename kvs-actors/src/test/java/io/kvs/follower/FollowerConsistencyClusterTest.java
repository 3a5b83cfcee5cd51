package io.kvs.follower;

import static io.kvs.follower.ClusterFixture.OWNER;
import static io.kvs.follower.ClusterFixture.error;
import static io.kvs.follower.ClusterFixture.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.AskPattern;
import akka.pattern.StatusReply;
import io.kvs.KvsError;
import io.kvs.namespace.Committed;
import io.kvs.namespace.RootSnapshot;
import io.kvs.node.KvsNode;
import io.kvs.rank.KvsRank;
import io.kvs.treeobj.TreeObj;
import io.kvs.txn.CommitFlags;
import io.kvs.txn.Op;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Removal and concurrent publishing as seen from followers: nothing lost, nothing hangs. */
class FollowerConsistencyClusterTest {
  private static ClusterFixture cluster;

  @BeforeAll
  static void start() throws Exception {
    cluster = new ClusterFixture(4, "");
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  private static Op put(String key, int i) {
    return Op.put(key, TreeObj.Val.utf8("" + i));
  }

  @Test
  void removalReachesAFollowersWaitersAndRelayedCommits() throws Exception {
    String ns = uniqueName("rm");
    cluster.create(0, ns, 7);
    cluster.<Committed>ask(1, r -> new KvsRank.Commit(ns, 0, List.of(put("k", 0)), OWNER, r));
    ActorSystem<KvsNode.Command> sys = cluster.systems.get(1);
    CompletableFuture<StatusReply<RootSnapshot>> waiter = AskPattern.<KvsRank.Command,
        StatusReply<RootSnapshot>>ask(cluster.ranks.get(1),
            r -> new KvsRank.WaitVersion(ns, 1_000, OWNER, r), ClusterFixture.WAIT,
            sys.scheduler()).toCompletableFuture();
    List<CompletableFuture<StatusReply<Committed>>> commits = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      int n = i;
      commits.add(AskPattern.<KvsRank.Command, StatusReply<Committed>>ask(cluster.ranks.get(1),
          r -> new KvsRank.Commit(ns, CommitFlags.NO_MERGE, List.of(put("k", n)), OWNER, r),
          ClusterFixture.WAIT, sys.scheduler()).toCompletableFuture());
    }
    cluster.remove(2, ns);
    assertThat(error(waiter.get(10, TimeUnit.SECONDS)).error()).isEqualTo(KvsError.NOT_SUPPORTED);
    for (CompletableFuture<StatusReply<Committed>> c : commits) {
      StatusReply<Committed> r = c.get(10, TimeUnit.SECONDS);
      if (r.isError()) {
        assertThat(error(r).error()).isEqualTo(KvsError.NOT_SUPPORTED);
      }
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    StatusReply<RootSnapshot> root;
    do {
      root = cluster.ask(1, r -> new KvsRank.GetRoot(ns, OWNER, r));
      Thread.sleep(20);
    } while (root.isSuccess() && System.nanoTime() < deadline);
    assertThat(error(root).error()).as("the follower dropped the removed namespace")
        .isEqualTo(KvsError.NOT_SUPPORTED);
  }

  @Test
  void aFollowerThatSubscribesWhileRankZeroPublishesConvergesWithoutHelp() throws Exception {
    String ns = uniqueName("busy");
    cluster.create(0, ns, 7);
    ActorSystem<KvsNode.Command> sys0 = cluster.systems.get(0);
    List<CompletableFuture<StatusReply<Committed>>> writes = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      int n = i;
      writes.add(AskPattern.<KvsRank.Command, StatusReply<Committed>>ask(cluster.ranks.get(0),
          r -> new KvsRank.Commit(ns, CommitFlags.NO_MERGE, List.of(put("k", n)), OWNER, r),
          ClusterFixture.WAIT, sys0.scheduler()).toCompletableFuture());
      if (i == 20) {
        // the follower starts using the namespace in the middle of the stream of setroots
        cluster.<RootSnapshot>ask(3, r -> new KvsRank.GetRoot(ns, OWNER, r));
      }
    }
    long last = 0;
    for (CompletableFuture<StatusReply<Committed>> w : writes) {
      last = Math.max(last, w.get(10, TimeUnit.SECONDS).getValue().rootseq());
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    long seen;
    do {
      seen = cluster.<RootSnapshot>ask(3, r -> new KvsRank.GetRoot(ns, OWNER, r)).getValue()
          .rootseq();
      Thread.sleep(20);
    } while (seen < last && System.nanoTime() < deadline);
    assertThat(seen).as("follower converged to the last root").isEqualTo(last);
  }
}
