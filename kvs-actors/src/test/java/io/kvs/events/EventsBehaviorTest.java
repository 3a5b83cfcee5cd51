package io.kvs.events;

import static org.assertj.core.api.Assertions.assertThat;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.actor.typed.javadsl.Adapter;
import akka.cluster.pubsub.DistributedPubSub;
import akka.cluster.pubsub.DistributedPubSubMediator;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Join;
import com.typesafe.config.ConfigFactory;
import io.kvs.treeobj.HashAlgorithm;
import io.kvs.treeobj.TreeObj;
import io.kvs.treeobj.TreeObjCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The publisher coalesces per topic; the subscriber's subscriptions follow the setting. */
class EventsBehaviorTest {
  private static ActorTestKit kit;

  @BeforeAll
  static void start() {
    kit = ActorTestKit.create("events-test", ConfigFactory.load("embedded").resolve());
    Cluster cluster = Cluster.get(kit.system());
    cluster.manager().tell(Join.create(cluster.selfMember().address()));
  }

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  private TestProbe<Object> subscribe(String topic) {
    TestProbe<Object> probe = kit.createTestProbe();
    akka.actor.ActorRef mediator = DistributedPubSub.get(Adapter.toClassic(kit.system())).mediator();
    mediator.tell(new DistributedPubSubMediator.Subscribe(topic, Adapter.toClassic(probe.getRef())),
        Adapter.toClassic(probe.getRef()));
    probe.expectMessageClass(DistributedPubSubMediator.SubscribeAck.class);
    return probe;
  }

  private static KvsEvent.RootChanged setroot(String ns, long seq) {
    return new KvsEvent.RootChanged(ns, 1, seq,
        HashAlgorithm.SHA256.hash(TreeObjCodec.encode(TreeObj.Dir.EMPTY)), List.of("t" + seq),
        List.of("a"), 7);
  }

  @Test
  void aBurstOfEventsLeavesAsFewBatchesInOrder() {
    EventTopics topics = new EventTopics(1, false);
    TestProbe<Object> probe = subscribe(EventTopics.shardTopic(0));
    ActorRef<EventPublisher.Command> publisher = kit.spawn(EventPublisher.create(topics, 1000));
    for (int i = 1; i <= 500; i++) {
      publisher.tell(new EventPublisher.Publish(setroot("burst", i)));
    }
    int batches = receiveInOrder(probe, 500);
    assertThat(batches).isLessThan(500);
  }

  /** Receives {@code n} setroots with seqs 1..n in order; returns the batches they came in. */
  private static int receiveInOrder(TestProbe<Object> probe, int n) {
    List<KvsEvent> received = new ArrayList<>();
    int batches = 0;
    while (received.size() < n) {
      EventBatch b = probe.expectMessageClass(EventBatch.class, Duration.ofSeconds(5));
      received.addAll(b.events());
      batches++;
    }
    for (int i = 0; i < n; i++) {
      assertThat(((KvsEvent.RootChanged) received.get(i)).rootseq()).isEqualTo(i + 1);
    }
    return batches;
  }

  /** Events arriving one by one but fast: a busy publisher paces its flushes. */
  @Test
  void aBusyPublisherPacesItsFlushesAndKeepsOrder() {
    EventTopics topics = new EventTopics(1, false);
    TestProbe<Object> probe = subscribe(EventTopics.shardTopic(0));
    ActorRef<EventPublisher.Command> publisher =
        kit.spawn(EventPublisher.create(topics, 1000, Duration.ofMillis(20)));
    for (int i = 1; i <= 500; i++) {
      publisher.tell(new EventPublisher.Publish(setroot("paced", i)));
      long until = System.nanoTime() + 50_000;
      while (System.nanoTime() < until) {
        Thread.onSpinWait(); // one event every 50 µs: a publisher that flushes at once sends ~500
      }
    }
    int batches = receiveInOrder(probe, 500);
    assertThat(batches).isLessThanOrEqualTo(50);
  }

  /** Events that carry blobs fill a batch by size, well under the transport's frame. */
  @Test
  void aBatchStaysUnderTheByteBound() {
    EventTopics topics = new EventTopics(1, false);
    TestProbe<Object> probe = subscribe(EventTopics.shardTopic(0));
    ActorRef<EventPublisher.Command> publisher = kit.spawn(EventPublisher.create(topics, 1000));
    byte[] blob = new byte[4096];
    for (int i = 1; i <= 200; i++) {
      KvsEvent.RootChanged e = setroot("big", i);
      publisher.tell(new EventPublisher.Publish(new KvsEvent.RootChanged(e.namespace(),
          e.epoch(), e.rootseq(), e.rootref(), e.names(), e.keys(), e.owner(),
          List.of(new KvsEvent.InlineBlob(e.rootref(), blob)))));
    }
    int seen = 0;
    while (seen < 200) {
      EventBatch b = probe.expectMessageClass(EventBatch.class, Duration.ofSeconds(5));
      long bytes = b.events().stream().mapToLong(EventBatch::estimatedSize).sum();
      assertThat(bytes).isLessThanOrEqualTo(EventBatch.MAX_BYTES);
      for (KvsEvent e : b.events()) {
        assertThat(((KvsEvent.RootChanged) e).rootseq()).isEqualTo(++seen);
      }
    }
  }

  @Test
  void aBatchNeverExceedsMaxBatch() {
    EventTopics topics = new EventTopics(1, false);
    TestProbe<Object> probe = subscribe(EventTopics.shardTopic(0));
    ActorRef<EventPublisher.Command> publisher = kit.spawn(EventPublisher.create(topics, 10));
    for (int i = 1; i <= 95; i++) {
      publisher.tell(new EventPublisher.Publish(setroot("capped", i)));
    }
    int total = 0;
    while (total < 95) {
      EventBatch b = probe.expectMessageClass(EventBatch.class, Duration.ofSeconds(5));
      assertThat(b.events()).hasSizeLessThanOrEqualTo(10);
      total += b.events().size();
    }
    assertThat(total).isEqualTo(95);
  }

  @Test
  void eventsGoToTheTopicOfTheirNamespacesShard() {
    EventTopics topics = new EventTopics(16, false);
    String ns = "job-12345";
    TestProbe<Object> probe = subscribe(EventTopics.shardTopic(topics.shardOf(ns)));
    ActorRef<EventPublisher.Command> publisher = kit.spawn(EventPublisher.create(topics, 100));
    publisher.tell(new EventPublisher.Publish(new KvsEvent.NamespaceRemoved(ns, 1)));
    EventBatch b = probe.expectMessageClass(EventBatch.class, Duration.ofSeconds(5));
    assertThat(b.topic()).isEqualTo(topics.topicOf(ns));
    assertThat(b.events()).containsExactly(new KvsEvent.NamespaceRemoved(ns, 1));
  }

  @Test
  void theWildcardSubscriberSubscribesOnceToEveryShardAndReceivesEvents() {
    EventTopics topics = new EventTopics(8, false);
    ActorRef<Object> subscriber = kit.spawn(EventSubscriber.create(topics, true));
    ActorRef<EventPublisher.Command> publisher = kit.spawn(EventPublisher.create(topics, 100));
    TestProbe<EventSubscriber.Counters> counters = kit.createTestProbe();
    subscriber.tell(new EventSubscriber.GetCounters(counters.getRef()));
    assertThat(counters.receiveMessage().subscriptions()).isEqualTo(8);
    counters.awaitAssert(Duration.ofSeconds(5), () -> {
      publisher.tell(new EventPublisher.Publish(setroot("wild-" + System.nanoTime(), 1)));
      subscriber.tell(new EventSubscriber.GetCounters(counters.getRef()));
      assertThat(counters.receiveMessage().events()).isPositive();
      return null;
    });
  }

  @Test
  void perNamespaceSubscriptionsAnswerAfterTheMediatorAcknowledges() {
    EventTopics topics = new EventTopics(8, true);
    ActorRef<Object> subscriber = kit.spawn(EventSubscriber.create(topics, false));
    TestProbe<akka.Done> acks = kit.createTestProbe();
    for (int i = 0; i < 3; i++) {
      subscriber.tell(new EventSubscriber.Acquire("per-" + i, acks.getRef()));
    }
    for (int i = 0; i < 3; i++) {
      acks.expectMessage(Duration.ofSeconds(5), akka.Done.getInstance());
    }
    TestProbe<EventSubscriber.Counters> counters = kit.createTestProbe();
    subscriber.tell(new EventSubscriber.Release("per-0"));
    subscriber.tell(new EventSubscriber.GetCounters(counters.getRef()));
    assertThat(counters.receiveMessage().subscriptions()).isEqualTo(2);
  }

  @Test
  void shardOfIsStableAndInRange() {
    EventTopics topics = new EventTopics(64, false);
    assertThat(topics.shardOf("primary")).isEqualTo(topics.shardOf("primary"));
    for (int i = 0; i < 1000; i++) {
      assertThat(topics.shardOf("job-" + i)).isBetween(0, 63);
    }
    assertThat(new EventTopics(64, true).topicOf("job-1")).isEqualTo("kvs.namespace.job-1");
  }

  /** Every rank must agree: the shard is FNV-1a of the name's UTF-8 bytes, whatever the name. */
  @Test
  void theShardIsTheHashOfTheNamesUtf8Bytes() {
    EventTopics topics = new EventTopics(256, false);
    for (String ns : List.of("", "primary", "job-42", "caf\u00e9", "\u65e5\u672c-1",
        "smile-\ud83d\ude00", "z".repeat(300))) {
      int h = 0x811c9dc5;
      for (byte b : ns.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
        h ^= b & 0xff;
        h *= 0x01000193;
      }
      int shard = Integer.remainderUnsigned(h, 256);
      assertThat(topics.shardOf(ns)).as(ns).isEqualTo(shard);
      assertThat(topics.topicOf(ns)).isEqualTo(EventTopics.shardTopic(shard));
    }
  }

  /** A setroot the transport dropped is sent again to the recipient that missed it. */
  @Test
  void droppedSetrootsAreSentAgainToTheirRecipient() {
    TestProbe<Object> missed = kit.createTestProbe();
    kit.spawn(EventRedelivery.create(Duration.ofMillis(50), 256, 1000));
    EventBatch lost = new EventBatch("kvs.ns.0", List.of(setroot("r", 1), setroot("r", 2),
        new KvsEvent.NamespaceRemoved("other", 1)));
    akka.actor.ActorRef to = Adapter.toClassic(missed.getRef());
    // The redelivery actor subscribes in its setup: publish until it has (at most 5 s).
    EventBatch got = null;
    for (int i = 0; i < 50 && got == null; i++) {
      kit.system().eventStream().tell(new akka.actor.typed.eventstream.EventStream.Publish<>(
          new akka.actor.Dropped(lost, "test", akka.actor.ActorRef.noSender(), to)));
      try {
        got = (EventBatch) missed.receiveMessage(Duration.ofMillis(100));
      } catch (AssertionError notYet) {
        // not subscribed yet, or not sent again yet: publish once more
      }
    }
    assertThat(got.events()).containsExactly(setroot("r", 2));
    assertThat(got.topic()).isEqualTo("kvs.ns.0");
    missed.expectNoMessage(Duration.ofMillis(200));
  }

  /**
   * A follower's subscriber (one topic, lazy subscriptions) that has acquired {@code used} and
   * delivers to {@code listener}; blobs go to {@code cache} (may be null).
   */
  private ActorRef<Object> followerSubscriber(String used, io.kvs.content.BlobCache cache,
      TestProbe<EventBatch> listener) {
    ActorRef<Object> subscriber = kit.spawn(EventSubscriber.create(new EventTopics(1, false),
        false, cache));
    TestProbe<akka.Done> acquired = kit.createTestProbe();
    subscriber.tell(new EventSubscriber.Acquire(used, acquired.getRef()));
    acquired.expectMessage(Duration.ofSeconds(5), akka.Done.getInstance());
    subscriber.tell(new EventSubscriber.Listen(listener.getRef()));
    return subscriber;
  }

  @Test
  void onlyTheBlobsOfNamespacesUsedHereAreCached() {
    io.kvs.content.BlobCache cache = new io.kvs.content.BlobCache(1 << 20);
    TestProbe<EventBatch> listener = kit.createTestProbe();
    ActorRef<Object> subscriber = followerSubscriber("cached-1", cache, listener);
    byte[] mine = TreeObjCodec.encode(TreeObj.Val.utf8("mine"));
    byte[] theirs = TreeObjCodec.encode(TreeObj.Val.utf8("theirs"));
    io.kvs.treeobj.BlobRef mineRef = HashAlgorithm.SHA256.hash(mine);
    io.kvs.treeobj.BlobRef theirsRef = HashAlgorithm.SHA256.hash(theirs);
    subscriber.tell(new EventBatch("kvs.ns.0", List.of(
        new KvsEvent.RootChanged("cached-1", 1, 1, mineRef, List.of("t"), List.of("a"), 7,
            List.of(new KvsEvent.InlineBlob(mineRef, mine))),
        new KvsEvent.RootChanged("elsewhere-1", 1, 1, theirsRef, List.of("t"), List.of("a"), 7,
            List.of(new KvsEvent.InlineBlob(theirsRef, theirs))))));
    assertThat(listener.receiveMessage().events()).hasSize(2);
    assertThat(cache.raw(mineRef)).isNotNull();
    assertThat(cache.raw(theirsRef)).isNull();
    subscriber.tell(new EventSubscriber.Release("cached-1"));
    byte[] later = TreeObjCodec.encode(TreeObj.Val.utf8("later"));
    io.kvs.treeobj.BlobRef laterRef = HashAlgorithm.SHA256.hash(later);
    subscriber.tell(new EventBatch("kvs.ns.0", List.of(new KvsEvent.RootChanged("cached-1", 1,
        2, laterRef, List.of("t"), List.of("a"), 7,
        List.of(new KvsEvent.InlineBlob(laterRef, later))))));
    listener.receiveMessage();
    assertThat(cache.raw(laterRef)).isNull();
  }

  @Test
  void aFollowerDecodesAndDeliversOnlyTheEventsOfNamespacesItUses() {
    TestProbe<EventBatch> listener = kit.createTestProbe();
    ActorRef<Object> subscriber = followerSubscriber("used-1", null, listener);
    List<KvsEvent> sent = List.of(setroot("other-1", 1), setroot("used-1", 1),
        setroot("other-2", 1), setroot("used-1", 2));
    java.util.Set<Integer> decoded = java.util.concurrent.ConcurrentHashMap.newKeySet();
    String[] names = sent.stream().map(KvsEvent::namespace).toArray(String[]::new);
    subscriber.tell(new ReceivedBatch("kvs.ns.0", names, i -> {
      decoded.add(i);
      return sent.get(i);
    }));
    assertThat(listener.receiveMessage().events()).containsExactly(sent.get(1), sent.get(3));
    assertThat(decoded).containsExactlyInAnyOrder(1, 3);
    // nothing used here: no listener hears of it
    subscriber.tell(new ReceivedBatch("kvs.ns.0", new String[] {"other-1"}, i -> sent.get(0)));
    // a malformed event: the batch is dropped, counted, and the next one goes through
    subscriber.tell(new ReceivedBatch("kvs.ns.0", new String[] {"used-1"}, i -> {
      throw new IllegalArgumentException("serial: malformed message: truncated");
    }));
    subscriber.tell(new ReceivedBatch("kvs.ns.0", new String[] {"used-1"}, i -> sent.get(3)));
    assertThat(listener.receiveMessage().events()).containsExactly(sent.get(3));
    TestProbe<EventSubscriber.Counters> counters = kit.createTestProbe();
    subscriber.tell(new EventSubscriber.GetCounters(counters.getRef()));
    EventSubscriber.Counters c = counters.receiveMessage();
    assertThat(c.events()).isEqualTo(7);
    assertThat(c.batches()).isEqualTo(4);
    assertThat(c.dropped()).isEqualTo(1);
  }
}
