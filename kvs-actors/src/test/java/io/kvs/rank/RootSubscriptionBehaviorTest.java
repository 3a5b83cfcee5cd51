package io.kvs.rank;

import static io.kvs.rank.RankFixture.WAIT;
import static io.kvs.rank.RankFixture.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.javadsl.Adapter;
import akka.cluster.pubsub.DistributedPubSub;
import akka.cluster.pubsub.DistributedPubSubMediator;
import io.kvs.events.EventSubscriber;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Creating namespaces on the root rank adds no topic in the wildcard design. */
class RootSubscriptionBehaviorTest {

  private static Set<String> mediatorTopics(RankFixture rank) {
    TestProbe<Object> probe = rank.kit.createTestProbe();
    DistributedPubSub.get(Adapter.toClassic(rank.kit.system())).mediator().tell(
        DistributedPubSubMediator.getTopicsInstance(), Adapter.toClassic(probe.getRef()));
    return probe.expectMessageClass(DistributedPubSubMediator.CurrentTopics.class).getTopics();
  }

  private static long subscriptions(RankFixture rank) {
    TestProbe<EventSubscriber.Counters> p = rank.kit.createTestProbe();
    rank.subscriber.tell(new EventSubscriber.GetCounters(p.getRef()));
    return p.receiveMessage(WAIT).subscriptions();
  }

  @Test
  void withTheWildcardCreatingNamespacesAddsNoSubscriptionAndNoTopic() {
    try (RankFixture rank = new RankFixture("kvs.events.shards = 16")) {
      assertThat(subscriptions(rank)).isEqualTo(16);
      for (int i = 0; i < 200; i++) {
        assertThat(rank.create(uniqueName("wild"), 7).isSuccess()).isTrue();
      }
      assertThat(subscriptions(rank)).isEqualTo(16);
      assertThat(mediatorTopics(rank)).hasSize(16).allMatch(t -> t.startsWith("kvs.ns."));
    }
  }

  @Test
  void thePerNamespaceComparisonModeSubscribesOncePerCreateAndDropsOnRemove() {
    try (RankFixture rank = new RankFixture("kvs.events.root-subscription = per-namespace")) {
      assertThat(subscriptions(rank)).isZero();
      String first = uniqueName("per");
      rank.create(first, 7);
      for (int i = 0; i < 19; i++) {
        rank.create(uniqueName("per"), 7);
      }
      assertThat(subscriptions(rank)).isEqualTo(20);
      assertThat(mediatorTopics(rank)).contains("kvs.namespace." + first);
      rank.remove(first);
      assertThat(subscriptions(rank)).isEqualTo(19);
    }
  }
}
