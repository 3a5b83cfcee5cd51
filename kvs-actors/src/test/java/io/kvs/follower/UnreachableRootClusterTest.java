package io.kvs.follower;

import static io.kvs.follower.ClusterFixture.OWNER;
import static io.kvs.follower.ClusterFixture.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

import akka.actor.Address;
import akka.actor.ExtendedActorSystem;
import akka.actor.typed.javadsl.Adapter;
import akka.cluster.ClusterEvent;
import akka.cluster.typed.Cluster;
import akka.pattern.StatusReply;
import akka.remote.RemoteActorRefProvider;
import akka.remote.transport.ThrottlerTransportAdapter;
import akka.remote.transport.ThrottlerTransportAdapter$Direction$Both$;
import io.kvs.namespace.Committed;
import io.kvs.namespace.RootSnapshot;
import io.kvs.rank.KvsRank;
import io.kvs.treeobj.TreeObj;
import io.kvs.txn.Op;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Rank 0 unreachable for a few seconds (its heartbeats blackholed, as in a long GC pause) is
 * still rank 0 for a follower: it is not refused with ENOSYS, and requests work again once the
 * network heals, without the follower greeting a new rank 0.
 */
class UnreachableRootClusterTest {
  private static void throttle(ClusterFixture cluster, int from, Address to,
      ThrottlerTransportAdapter.ThrottleMode mode) throws Exception {
    RemoteActorRefProvider provider = (RemoteActorRefProvider)
        ((ExtendedActorSystem) Adapter.toClassic(cluster.systems.get(from))).provider();
    scala.concurrent.Future<Object> done = provider.transport().managementCommand(
        new ThrottlerTransportAdapter.SetThrottle(to,
            ThrottlerTransportAdapter$Direction$Both$.MODULE$, mode));
    scala.concurrent.Await.result(done, scala.concurrent.duration.Duration.create(5, "s"));
  }

  private static boolean unreachable(ClusterFixture cluster, int observer, Address member) {
    ClusterEvent.CurrentClusterState state =
        Cluster.get(cluster.systems.get(observer)).state();
    for (akka.cluster.Member m : state.getUnreachable()) {
      if (m.address().equals(member)) {
        return true;
      }
    }
    return false;
  }

  @Test
  void aFollowerKeepsItsRankZeroWhileItIsOnlyUnreachable() throws Exception {
    try (ClusterFixture cluster = new ClusterFixture(2,
        "akka.remote.artery.advanced.test-mode = on\n")) {
      String ns = uniqueName("unreachable");
      cluster.create(0, ns, 7);
      Address root = Cluster.get(cluster.systems.get(0)).selfMember().address();
      Address follower = Cluster.get(cluster.systems.get(1)).selfMember().address();

      throttle(cluster, 1, root, ThrottlerTransportAdapter.Blackhole$.MODULE$);
      throttle(cluster, 0, follower, ThrottlerTransportAdapter.Blackhole$.MODULE$);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (!unreachable(cluster, 1, root) && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertThat(unreachable(cluster, 1, root)).as("rank 0 marked unreachable").isTrue();
      Thread.sleep(500); // time for a new receptionist listing to reach the follower

      throttle(cluster, 1, root, ThrottlerTransportAdapter.Unthrottled$.MODULE$);
      throttle(cluster, 0, follower, ThrottlerTransportAdapter.Unthrottled$.MODULE$);

      // right after the network heals, before any new greeting, the follower serves
      StatusReply<Committed> c = cluster.ask(1, r -> new KvsRank.Commit(ns, 0,
          List.of(Op.put("k", TreeObj.Val.utf8("v"))), OWNER, r));
      assertThat(c.isSuccess()).as("commit through the follower: %s",
          c.isError() ? c.getError().getMessage() : "").isTrue();
      StatusReply<RootSnapshot> root1 = cluster.ask(1, r -> new KvsRank.GetRoot(ns, OWNER, r));
      assertThat(root1.getValue().rootseq()).isEqualTo(c.getValue().rootseq());
    }
  }
}
