package io.kvs.follower;

import static io.kvs.follower.ClusterFixture.OWNER;
import static io.kvs.follower.ClusterFixture.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

import io.kvs.namespace.RootSnapshot;
import io.kvs.rank.KvsRank;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** An idle namespace leaves a follower, and with its last namespace goes the topic. */
class FollowerExpiryClusterTest {

  @Test
  void anIdleNamespaceExpiresAndItsTopicIsReleasedThenComesBackOnUse() throws Exception {
    try (ClusterFixture cluster = new ClusterFixture(2,
        "kvs.follower.namespace-idle-expiry = 1s\nkvs.events.shards = 1")) {
      String ns = uniqueName("idle");
      cluster.create(0, ns, 7);
      assertThat(cluster.<RootSnapshot>ask(1, r -> new KvsRank.GetRoot(ns, OWNER, r))
          .isSuccess()).isTrue();
      assertThat(cluster.stats(1).namespaceCount()).isEqualTo(1);
      assertThat(subscriptions(cluster)).isEqualTo(1);

      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (cluster.stats(1).namespaceCount() > 0 && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertThat(cluster.stats(1).namespaceCount()).isZero();
      assertThat(subscriptions(cluster)).as("the last namespace released the topic").isZero();

      assertThat(cluster.<RootSnapshot>ask(1, r -> new KvsRank.GetRoot(ns, OWNER, r))
          .getValue().namespace()).isEqualTo(ns);
      assertThat(subscriptions(cluster)).isEqualTo(1);
    }
  }

  private static long subscriptions(ClusterFixture cluster) throws Exception {
    akka.actor.testkit.typed.javadsl.TestProbe<io.kvs.events.EventSubscriber.Counters> p =
        akka.actor.testkit.typed.javadsl.TestProbe.create(cluster.systems.get(1));
    cluster.systems.get(1).classicSystem().actorSelection("/user/events-in")
        .tell(new io.kvs.events.EventSubscriber.GetCounters(p.getRef()),
            akka.actor.ActorRef.noSender());
    return p.receiveMessage().subscriptions();
  }
}
