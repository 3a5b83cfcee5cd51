package io.kvs.watch;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.Terminated;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.javadsl.TimerScheduler;
import io.kvs.KvsError;
import io.kvs.events.EventBatch;
import io.kvs.events.EventSubscriber;
import io.kvs.events.KvsEvent;
import io.kvs.lookup.Keys;
import io.kvs.rank.NamespaceNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The watch service of a rank (KVS-SPEC §3.3): one per rank, on every rank.
 *
 * <p>Each {@link WatchProtocol.Watch} becomes a {@link Watcher}, a plain object the service
 * keeps (through {@link WatcherIo}, which does its asking) until its end. The service receives
 * the rank's event batches (the root rank's one wildcard subscription, or a follower's topics)
 * and routes each setroot only to the watchers of the keys it names and the WATCH_FULL ones,
 * through a {@link WatchIndex}; after a gap in a namespace's seqs, to all of its watchers,
 * which then compare values. While a namespace has watchers here, its topic is acquired from
 * the rank's subscriber (counted; a no-op on the root rank). Cancel is O(1) through {@link
 * WatchClients}; each client ({@code replyTo}) is death-watched once, and when it terminates
 * all its watches go.
 *
 * <p>On a follower a new subscription takes a while to reach the root rank, and events
 * published meanwhile are lost for good. So the first watch on a topic waits until the topic
 * is live: the service asks the root rank to publish a ping on it (again every {@link
 * #PING_EVERY} until it arrives); watches start once it has arrived, and then read the root
 * from the root rank itself. Every commit after that reaches them, in order. Liveness is kept
 * per topic, so however many namespaces start being watched at once, at most one ping per
 * topic is in the air. Each follower watcher also reads the root once more {@code
 * resyncAfter} after it starts ({@link Watcher#resync}).
 */
public final class WatchService extends AbstractBehavior<WatchProtocol.Command> {

  /** Counters: live watchers and namespaces watched. */
  public record GetCounters(ActorRef<Counters> replyTo) implements WatchProtocol.Command {}

  /** The answer to {@link GetCounters}. */
  public record Counters(int watchers, int namespaces) {}

  private record Events(EventBatch batch) implements WatchProtocol.Command {}

  private record PingAgain(String topic, long nonce) implements WatchProtocol.Command {}

  /** The {@link DueQueue} has something due. */
  private enum Tick implements WatchProtocol.Command { INSTANCE }

  /** A topic not proven live yet: the namespace pinged on it and the watchers waiting. */
  private static final class Pending {
    final String namespace;
    final long nonce;
    final long deadline;
    final List<Watcher> watchers = new ArrayList<>();

    Pending(String namespace, long nonce, long deadline) {
      this.namespace = namespace;
      this.nonce = nonce;
      this.deadline = deadline;
    }
  }

  static final Duration PING_EVERY = Duration.ofMillis(200);

  private final WatchServices services;
  private final ActorRef<Object> subscriber;
  private final WatcherIo io;
  private final WatchIndex<Watcher> index = new WatchIndex<>();
  private final WatchClients<ActorRef<WatchProtocol.Response>, Watcher> clients =
      new WatchClients<>(w -> w.id);
  private final ActorRef<akka.Done> ignoreAck;
  private final Map<String, Pending> pending = new HashMap<>();
  /** Live topics and how many namespaces with watchers each carries. */
  private final Map<String, Integer> live = new HashMap<>();
  /** Resyncs and catch-up checks, by when they are due. */
  private final DueQueue<Runnable> due = new DueQueue<>();
  private final TimerScheduler<WatchProtocol.Command> timers;
  private long nonces;

  public static Behavior<WatchProtocol.Command> create(WatchServices services,
      ActorRef<Object> subscriber) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(
        timers -> new WatchService(ctx, services, subscriber, timers)));
  }

  private WatchService(ActorContext<WatchProtocol.Command> ctx, WatchServices services,
      ActorRef<Object> subscriber, TimerScheduler<WatchProtocol.Command> timers) {
    super(ctx);
    this.timers = timers;
    this.services = services;
    this.subscriber = subscriber;
    this.io = new WatcherIo(ctx, services, this::forget, this::later, this::safely);
    this.ignoreAck = ctx.spawn(Behaviors.ignore(), "acks");
    subscriber.tell(new EventSubscriber.Listen(ctx.messageAdapter(EventBatch.class, Events::new)));
  }

  @Override
  public Receive<WatchProtocol.Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(WatchProtocol.Watch.class, this::onWatch)
        .onMessage(WatchProtocol.Cancel.class, c -> {
          Watcher w = clients.get(c.replyTo(), c.id());
          if (w != null) {
            safely(w, w::cancel);
          }
          return this;
        })
        .onMessage(WatchProtocol.Drop.class, d -> {
          Watcher w = clients.get(d.replyTo(), d.id());
          if (w != null) {
            w.drop();
          }
          return this;
        })
        .onMessage(Events.class, this::onEvents)
        .onMessage(WatcherIo.Answer.class, a -> {
          safely(a.w(), a::deliver);
          return this;
        })
        .onMessage(PingAgain.class, this::onPingAgain)
        .onMessageEquals(Tick.INSTANCE, this::onTick)
        .onMessage(GetCounters.class, g -> {
          g.replyTo().tell(new Counters(clients.size(), index.namespaceCount()));
          return this;
        })
        .onSignal(Terminated.class, t -> {
          clients.removeAll(t.getRef().unsafeUpcast()).forEach(Watcher::drop);
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
    if (bad != null) {
      w.replyTo().tell(new WatchProtocol.Response.End(w.id(), KvsError.INVALID, bad));
      return this;
    }
    Watcher watcher = new Watcher(w, Keys.normalize(w.key()), io);
    boolean firstOfClient = !clients.has(w.replyTo());
    if (!clients.add(w.replyTo(), watcher)) {
      w.replyTo().tell(new WatchProtocol.Response.End(w.id(), KvsError.INVALID,
          "kvs: watch id " + w.id() + " is in use by a live watch of this client"));
      return this;
    }
    if (firstOfClient) {
      getContext().watch(w.replyTo()); // a plain watch: no message kept per client
    }
    String topic = services.topics().topicOf(w.namespace());
    if (services.root() || live.containsKey(topic)) {
      start(watcher);
      return this;
    }
    Pending p = pending.get(topic);
    if (p == null) {
      p = new Pending(w.namespace(), ++nonces, System.nanoTime() + services.timeout().toNanos());
      pending.put(topic, p);
      subscriber.tell(new EventSubscriber.Acquire(w.namespace(), ignoreAck));
      ping(topic, p);
    }
    p.watchers.add(watcher);
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
    for (Watcher w : p.watchers) {
      w.fail(KvsError.TIMED_OUT,
          "kvs: the events of namespace " + w.namespace + " did not reach this rank");
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
    for (Watcher w : p.watchers) {
      if (!w.isEnded()) {
        start(w);
      }
    }
    // the pending acquire is now held by the first watcher of its namespace: drop the extra
    subscriber.tell(new EventSubscriber.Release(p.namespace));
  }

  private void start(Watcher w) {
    w.indexed = true;
    if (index.add(w.namespace, w.key, w.full(), w)) {
      subscriber.tell(new EventSubscriber.Acquire(w.namespace, ignoreAck));
      live.merge(services.topics().topicOf(w.namespace), 1, Integer::sum);
    }
    safely(w, w::start);
    if (!services.root()) {
      later(services.resyncAfter(), () -> safely(w, w::resync));
    }
  }

  /**
   * Runs what a watcher does; if it throws (a bug), that watcher ends ENOTRECOVERABLE and the
   * others go on, as they would if each were an actor of its own.
   */
  private void safely(Watcher w, Runnable action) {
    try {
      action.run();
    } catch (RuntimeException e) {
      getContext().getLog().error("kvs: the watch of {} in {} failed; it ends", w.key,
          w.namespace, e);
      w.fail(KvsError.NOT_RECOVERABLE, "kvs: watch failed: " + e);
    }
  }

  /** A watcher has ended (or was dropped): forget it. */
  private void forget(Watcher w) {
    if (clients.remove(w.replyTo, w)) {
      getContext().unwatch(w.replyTo);
    }
    if (w.indexed && index.remove(w.namespace, w.key, w.full(), w)) {
      w.indexed = false;
      subscriber.tell(new EventSubscriber.Release(w.namespace));
      String topic = services.topics().topicOf(w.namespace);
      if (live.merge(topic, -1, Integer::sum) <= 0) {
        live.remove(topic);
      }
    }
  }

  private void later(Duration after, Runnable action) {
    if (due.add(System.nanoTime() + after.toNanos(), action)) {
      timers.startSingleTimer(Tick.INSTANCE, Tick.INSTANCE, after);
    }
  }

  private Behavior<WatchProtocol.Command> onTick() {
    long now = System.nanoTime();
    due.takeDue(now).forEach(Runnable::run);
    long next = due.next();
    if (next != Long.MAX_VALUE) {
      timers.startSingleTimer(Tick.INSTANCE, Tick.INSTANCE,
          Duration.ofNanos(Math.max(next - now, 1_000_000)));
    }
    return this;
  }

  private Behavior<WatchProtocol.Command> onEvents(Events batch) {
    for (KvsEvent event : batch.batch().events()) {
      if (event instanceof KvsEvent.RootChanged rc) {
        index.routeSetroot(rc.namespace(), rc.epoch(), rc.rootseq(), rc.keys(),
            rc.keysUnknown(), (w, gap) -> safely(w, () -> w.onChanged(rc, gap)));
      } else if (event instanceof KvsEvent.NamespaceRemoved) {
        index.forAll(event.namespace(), w -> safely(w, w::onRemoved));
      } else if (event instanceof KvsEvent.NamespaceCreated) {
        index.forAll(event.namespace(), w -> safely(w, w::onCreated));
      } else if (event instanceof KvsEvent.Ping ping) {
        onPing(ping);
      }
    }
    return this;
  }
}
