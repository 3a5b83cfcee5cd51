package io.kvs.rank;

import akka.Done;
import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Join;
import akka.pattern.StatusReply;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.kvs.Caller;
import io.kvs.KvsException;
import io.kvs.content.LiveRoots;
import io.kvs.content.MemoryContentStore;
import io.kvs.events.EventPublisher;
import io.kvs.events.EventSubscriber;
import io.kvs.events.EventTopics;
import io.kvs.namespace.Committed;
import io.kvs.namespace.LookupResult;
import io.kvs.namespace.RootSnapshot;
import io.kvs.treeobj.TreeObj;
import io.kvs.txn.Op;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A root rank in a test kit: its KVS actor, subscriber and publisher, a content store, and
 * short helpers that send one request and return the reply. Each test uses fresh namespace
 * names from {@link #uniqueName}.
 */
final class RankFixture implements AutoCloseable {
  static final long OWNER_UID = 4000;
  static final Caller OWNER = Caller.owner(OWNER_UID);
  static final Duration WAIT = Duration.ofSeconds(5);
  private static final AtomicInteger NAMES = new AtomicInteger();

  final ActorTestKit kit;
  final KvsSettings settings;
  final MemoryContentStore store;
  final ActorRef<Object> subscriber;
  final ActorRef<EventPublisher.Command> publisher;
  final ActorRef<KvsRank.Command> rank;
  /** The clock of {@link #liveRoots}, in ns: tests move it. */
  final java.util.concurrent.atomic.AtomicLong clock = new java.util.concurrent.atomic.AtomicLong();
  /** Every namespace's root, as a content collector sees them (grace: 1 s of {@link #clock}). */
  final LiveRoots liveRoots = new LiveRoots(1_000_000_000L, clock::get);

  RankFixture() {
    this("");
  }

  /** A rank with extra HOCON settings, e.g. {@code kvs.transaction-merge = off}. */
  RankFixture(String extraConfig) {
    Config config = ConfigFactory.parseString(
            extraConfig + "\nkvs.instance-owner = " + OWNER_UID + "\n")
        .withFallback(ConfigFactory.load("embedded"))
        .resolve();
    kit = ActorTestKit.create("rank-test", config);
    Cluster cluster = Cluster.get(kit.system());
    cluster.manager().tell(Join.create(cluster.selfMember().address()));
    settings = KvsSettings.fromConfig(config);
    EventTopics topics = new EventTopics(settings.eventShards(),
        settings.rootSubscription() == KvsSettings.RootSubscription.PER_NAMESPACE);
    store = new MemoryContentStore(settings.hash(), settings.blobSizeLimit());
    subscriber = kit.spawn(EventSubscriber.create(topics, !topics.perNamespace()), "events-in");
    publisher = kit.spawn(EventPublisher.create(topics, settings.eventMaxBatch()), "events-out");
    rank = kit.spawn(KvsRank.create(settings, store, publisher, subscriber,
        ConfigReloader.fixed(config, new io.kvs.Tunables(settings.tunables())), liveRoots),
        "kvs");
  }

  static String uniqueName(String prefix) {
    return prefix + "-" + NAMES.incrementAndGet();
  }

  <T> TestProbe<StatusReply<T>> probe() {
    return kit.createTestProbe();
  }

  StatusReply<Done> create(String ns, long owner) {
    TestProbe<StatusReply<Done>> p = probe();
    rank.tell(new KvsRank.CreateNamespace(ns, owner, null, 0, OWNER, p.getRef()));
    return p.receiveMessage(WAIT);
  }

  StatusReply<Done> remove(String ns) {
    TestProbe<StatusReply<Done>> p = probe();
    rank.tell(new KvsRank.RemoveNamespace(ns, OWNER, p.getRef()));
    return p.receiveMessage(WAIT);
  }

  StatusReply<Committed> commit(String ns, Caller caller, int flags, Op... ops) {
    TestProbe<StatusReply<Committed>> p = probe();
    rank.tell(new KvsRank.Commit(ns, flags, List.of(ops), caller, p.getRef()));
    return p.receiveMessage(WAIT);
  }

  StatusReply<LookupResult> lookup(String ns, Caller caller, String key, int flags) {
    TestProbe<StatusReply<LookupResult>> p = probe();
    rank.tell(new KvsRank.Lookup(ns, key, flags, null, caller, p.getRef()));
    return p.receiveMessage(WAIT);
  }

  StatusReply<RootSnapshot> getRoot(String ns, Caller caller) {
    TestProbe<StatusReply<RootSnapshot>> p = probe();
    rank.tell(new KvsRank.GetRoot(ns, caller, p.getRef()));
    return p.receiveMessage(WAIT);
  }

  /** The value of {@code key} as UTF-8 text, or fails the test. */
  String getString(String ns, String key) {
    StatusReply<LookupResult> r = lookup(ns, OWNER, key, 0);
    if (r.isError()) {
      throw new AssertionError("lookup " + key + " failed: " + r.getError());
    }
    return ((TreeObj.Val) r.getValue().val()).data().toUtf8();
  }

  static KvsException error(StatusReply<?> reply) {
    if (!reply.isError()) {
      throw new AssertionError("expected an error reply, got " + reply);
    }
    return (KvsException) reply.getError();
  }

  @Override
  public void close() {
    kit.shutdownTestKit();
  }
}
