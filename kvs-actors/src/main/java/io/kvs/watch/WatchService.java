package io.kvs.watch;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import io.kvs.KvsError;
import io.kvs.events.EventBatch;
import io.kvs.events.EventSubscriber;
import io.kvs.events.KvsEvent;
import io.kvs.lookup.Keys;
import io.kvs.lookup.LookupFlags;
import io.kvs.rank.NamespaceNames;
import java.util.HashMap;
import java.util.Map;

/**
 * The watch service of a rank (KVS-SPEC §3.3): one per rank, on every rank.
 *
 * <p>Each {@link WatchProtocol.Watch} becomes a {@link KeyWatch} child that streams to the
 * watch's {@code replyTo} until its end. The service receives the rank's event batches (the
 * root rank's one wildcard subscription, or a follower's topics) and routes each setroot only
 * to the watchers of the keys it names and the WATCH_FULL ones, through a {@link WatchIndex};
 * after a gap in a namespace's seqs, to all of its watchers, which then compare values.
 * While a namespace has watchers here, its topic is acquired from the rank's subscriber
 * (counted; a no-op on the root rank). Cancel and disconnect are O(1): the {@code replyTo} is
 * death-watched and mapped to its watcher.
 *
 * <p>On a follower a new subscription takes a while to reach the root rank, and events
 * published meanwhile are lost for good. So the first watch on a topic waits until the topic
 * is live: the service asks the root rank to publish a ping on it (again every {@link
 * #PING_EVERY} until it arrives); watches start once it has arrived, and then read the root
 * from the root rank itself. Every commit after that reaches them, in order. Liveness is kept
 * per topic, so however many namespaces start being watched at once, at most one ping per
 * topic is in the air.
 */
public final class WatchService extends AbstractBehavior<WatchProtocol.Command> {

  /** Counters: live watchers and namespaces watched. */
  public record GetCounters(ActorRef<Counters> replyTo) implements WatchProtocol.Command {}

  /** The answer to {@link GetCounters}. */
  public record Counters(int watchers, int namespaces) {}

  private record Events(EventBatch batch) implements WatchProtocol.Command {}

  private record ClientGone(ActorRef<WatchProtocol.Response> replyTo)
      implements WatchProtocol.Command {}

  private record WatcherEnded(ActorRef<KeyWatch.Command> watcher)
      implements WatchProtocol.Command {}

  private record Entry(String namespace, String key, ActorRef<KeyWatch.Command> watcher,
      ActorRef<WatchProtocol.Response> replyTo) {}

  private record PingAgain(String topic, long nonce) implements WatchProtocol.Command {}

  /** A topic not proven live yet: the namespace pinged on it and the watches waiting. */
  private static final class Pending {
    final String namespace;
    final long nonce;
    final long deadline;
    final java.util.List<WatchProtocol.Watch> watches = new java.util.ArrayList<>();

    Pending(String namespace, long nonce, long deadline) {
      this.namespace = namespace;
      this.nonce = nonce;
      this.deadline = deadline;
    }
  }

  static final java.time.Duration PING_EVERY = java.time.Duration.ofMillis(200);

  private final WatchServices services;
  private final ActorRef<Object> subscriber;
  private final WatchIndex<ActorRef<KeyWatch.Command>> index = new WatchIndex<>();
  private final Map<ActorRef<WatchProtocol.Response>, Entry> byClient = new HashMap<>();
  private final Map<ActorRef<KeyWatch.Command>, Entry> byWatcher = new HashMap<>();
  private final ActorRef<akka.Done> ignoreAck;
  private final Map<String, Pending> pending = new HashMap<>();
  /** Live topics and how many namespaces with watchers each carries. */
  private final Map<String, Integer> live = new HashMap<>();
  private final akka.actor.typed.javadsl.TimerScheduler<WatchProtocol.Command> timers;
  private long nonces;

  public static Behavior<WatchProtocol.Command> create(WatchServices services,
      ActorRef<Object> subscriber) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(
        timers -> new WatchService(ctx, services, subscriber, timers)));
  }

  private WatchService(ActorContext<WatchProtocol.Command> ctx, WatchServices services,
      ActorRef<Object> subscriber,
      akka.actor.typed.javadsl.TimerScheduler<WatchProtocol.Command> timers) {
    super(ctx);
    this.timers = timers;
    this.services = services;
    this.subscriber = subscriber;
    this.ignoreAck = ctx.spawn(Behaviors.ignore(), "acks");
    subscriber.tell(new EventSubscriber.Listen(ctx.messageAdapter(EventBatch.class, Events::new)));
  }

  @Override
  public Receive<WatchProtocol.Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(WatchProtocol.Watch.class, this::onWatch)
        .onMessage(WatchProtocol.Cancel.class, c -> {
          Entry e = byClient.get(c.replyTo());
          if (e != null) {
            e.watcher().tell(KeyWatch.Cancelled.INSTANCE);
          }
          return this;
        })
        .onMessage(Events.class, this::onEvents)
        .onMessage(ClientGone.class, g -> {
          Entry e = byClient.get(g.replyTo());
          if (e != null) {
            getContext().stop(e.watcher());
          }
          return this;
        })
        .onMessage(WatcherEnded.class, w -> forget(w.watcher()))
        .onMessage(PingAgain.class, this::onPingAgain)
        .onMessage(GetCounters.class, g -> {
          g.replyTo().tell(new Counters(byWatcher.size(), index.namespaceCount()));
          return this;
        })
        .build();
  }

  private Behavior<WatchProtocol.Command> onWatch(WatchProtocol.Watch w) {
    String bad = WatchFlags.problem(w.flags());
    if (bad == null && NamespaceNames.problem(w.namespace()) != null) {
      bad = NamespaceNames.problem(w.namespace());
    }
    if (bad == null && (w.key() == null || w.key().isEmpty())) {
      bad = "kvs: empty key";
    }
    if (bad != null || byClient.containsKey(w.replyTo())) {
      w.replyTo().tell(new WatchProtocol.Response.End(KvsError.INVALID,
          bad != null ? bad : "kvs: one watch per reply-to"));
      return this;
    }
    String topic = services.topics().topicOf(w.namespace());
    if (services.root() || live.containsKey(topic)) {
      start(w);
      return this;
    }
    Pending p = pending.get(topic);
    if (p == null) {
      p = new Pending(w.namespace(), ++nonces, System.nanoTime() + services.timeout().toNanos());
      pending.put(topic, p);
      subscriber.tell(new EventSubscriber.Acquire(w.namespace(), ignoreAck));
      ping(topic, p);
    }
    p.watches.add(w);
    return this;
  }

  private void ping(String topic, Pending p) {
    services.rank().tell(new io.kvs.rank.KvsRank.PublishPing(p.namespace, p.nonce));
    timers.startSingleTimer(new PingAgain(topic, p.nonce), PING_EVERY);
  }

  private Behavior<WatchProtocol.Command> onPingAgain(PingAgain a) {
    Pending p = pending.get(a.topic());
    if (p == null || p.nonce != a.nonce()) {
      return this;
    }
    if (System.nanoTime() < p.deadline) {
      ping(a.topic(), p);
      return this;
    }
    pending.remove(a.topic());
    subscriber.tell(new EventSubscriber.Release(p.namespace));
    for (WatchProtocol.Watch w : p.watches) {
      w.replyTo().tell(new WatchProtocol.Response.End(KvsError.TIMED_OUT,
          "kvs: the events of namespace " + w.namespace() + " did not reach this rank"));
    }
    return this;
  }

  private void onPing(KvsEvent.Ping ping) {
    String topic = services.topics().topicOf(ping.namespace());
    Pending p = pending.get(topic);
    if (p == null || p.nonce != ping.nonce()) {
      return;
    }
    pending.remove(topic);
    live.putIfAbsent(topic, 0);
    p.watches.forEach(this::start);
    // the pending acquire is now held by the first watcher of its namespace: drop the extra
    subscriber.tell(new EventSubscriber.Release(p.namespace));
  }

  private void start(WatchProtocol.Watch w) {
    String key = Keys.normalize(w.key());
    ActorRef<KeyWatch.Command> watcher = getContext().spawnAnonymous(KeyWatch.create(
        new WatchProtocol.Watch(w.namespace(), key, w.flags(), w.caller(), w.replyTo()),
        services));
    Entry e = new Entry(w.namespace(), key, watcher, w.replyTo());
    byClient.put(w.replyTo(), e);
    byWatcher.put(watcher, e);
    getContext().watchWith(watcher, new WatcherEnded(watcher));
    getContext().watchWith(w.replyTo(), new ClientGone(w.replyTo()));
    boolean full = WatchFlags.has(w.flags(), LookupFlags.WATCH_FULL);
    if (index.add(w.namespace(), key, full, watcher)) {
      subscriber.tell(new EventSubscriber.Acquire(w.namespace(), ignoreAck));
      live.merge(services.topics().topicOf(w.namespace()), 1, Integer::sum);
    }
  }

  private Behavior<WatchProtocol.Command> forget(ActorRef<KeyWatch.Command> watcher) {
    Entry e = byWatcher.remove(watcher);
    if (e != null) {
      byClient.remove(e.replyTo());
      getContext().unwatch(e.replyTo());
      if (index.remove(e.namespace(), e.key(), watcher)) {
        subscriber.tell(new EventSubscriber.Release(e.namespace()));
        String topic = services.topics().topicOf(e.namespace());
        if (live.merge(topic, -1, Integer::sum) <= 0) {
          live.remove(topic);
        }
      }
    }
    return this;
  }

  private Behavior<WatchProtocol.Command> onEvents(Events batch) {
    for (KvsEvent event : batch.batch().events()) {
      if (event instanceof KvsEvent.RootChanged rc) {
        index.routeSetroot(rc.namespace(), rc.epoch(), rc.rootseq(), rc.keys(),
            (w, gap) -> w.tell(new KeyWatch.Changed(rc, gap)));
      } else if (event instanceof KvsEvent.NamespaceRemoved) {
        index.forAll(event.namespace(), w -> w.tell(KeyWatch.Removed.INSTANCE));
      } else if (event instanceof KvsEvent.NamespaceCreated) {
        index.forAll(event.namespace(), w -> w.tell(KeyWatch.Created.INSTANCE));
      } else if (event instanceof KvsEvent.Ping ping) {
        onPing(ping);
      }
    }
    return this;
  }
}
