package io.kvs.follower;

import static io.kvs.follower.ClusterFixture.OWNER;
import static io.kvs.follower.ClusterFixture.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

import akka.cluster.typed.Cluster;
import akka.pattern.StatusReply;
import io.kvs.namespace.Committed;
import io.kvs.namespace.LookupResult;
import io.kvs.namespace.RootSnapshot;
import io.kvs.rank.KvsRank;
import io.kvs.treeobj.TreeObj;
import io.kvs.txn.Op;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A follower that outlives rank 0 drops what it cached from the old incarnation. */
class RankZeroRestartClusterTest {

  @Test
  void aStaleFollowerAdoptsTheRestartedRankZerosLowerSeqs() throws Exception {
    try (ClusterFixture cluster = new ClusterFixture(3, "")) {
      String ns = uniqueName("restart");
      cluster.create(0, ns, 7);
      Committed before = null;
      for (int i = 0; i < 5; i++) {
        int n = i;
        before = cluster.<Committed>ask(1, r -> new KvsRank.Commit(ns, 1,
            List.of(Op.put("k", TreeObj.Val.utf8("old-" + n))), OWNER, r)).getValue();
      }
      assertThat(before.rootseq()).isEqualTo(5);
      long oldEpoch = cluster.<RootSnapshot>ask(1, r -> new KvsRank.GetRoot(ns, OWNER, r))
          .getValue().epoch();

      String follower = Cluster.get(cluster.systems.get(1)).selfMember().address().toString();
      cluster.stop(0);
      Thread.sleep(5); // a later incarnation: epochs are start times in milliseconds
      ClusterFixture restarted = cluster;
      restarted.restartRootJoining(follower);
      cluster.awaitServing(1);

      cluster.create(0, ns, 7);
      Committed after = cluster.<Committed>ask(0, r -> new KvsRank.Commit(ns, 0,
          List.of(Op.put("k", TreeObj.Val.utf8("new"))), OWNER, r)).getValue();
      assertThat(after.rootseq()).isEqualTo(1);

      StatusReply<RootSnapshot> root =
          cluster.ask(1, r -> new KvsRank.WaitVersion(ns, 1, OWNER, r));
      assertThat(root.getValue().epoch()).isGreaterThan(oldEpoch);
      StatusReply<LookupResult> v =
          cluster.ask(1, r -> new KvsRank.Lookup(ns, "k", 0, null, OWNER, r));
      assertThat(((TreeObj.Val) v.getValue().val()).data().toUtf8()).isEqualTo("new");
    }
  }
}
