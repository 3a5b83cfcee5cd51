package io.kvs.events;

import akka.actor.DeadLetter;
import akka.actor.Dropped;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.eventstream.EventStream;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Adapter;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.cluster.pubsub.DistributedPubSub;
import akka.cluster.pubsub.DistributedPubSubMediator;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;

/**
 * The rank's subscriptions to event topics, one actor per rank, and the entry point of the
 * events it receives.
 *
 * <p>On the root rank with the wildcard setting it subscribes once, at start, to every shard
 * topic and never again: creating a namespace costs no subscription. Elsewhere subscriptions
 * are lazy and counted per topic: {@link Acquire} for a namespace subscribes to the topic that
 * carries its events on the first use and answers once the mediator has acknowledged;
 * {@link Release} drops the subscription with its last user. Followers acquire for each
 * namespace they hold; the root rank in the pre-fix comparison mode acquires a topic per
 * namespace on create, which is what makes a create wait for a subscription there.
 *
 * <p>Received batches go to every listener registered with {@link Listen} (a follower's rank
 * actor, the watch service). A batch from another rank ({@link ReceivedBatch}) is decoded only
 * for the namespaces acquired here: a follower's topics also carry the events of every other
 * namespace that hashes to them, most of what it receives.
 *
 * <p>On the root rank, which holds every shard from the start, {@link Acquire} is answered at
 * once and {@link Release} does nothing.
 *
 * <p>It counts the events received, and the messages the transport dropped or could not
 * deliver ({@code akka.actor.Dropped}, dead letters), since pub/sub is at-most-once; a
 * malformed batch from another rank counts as dropped.
 *
 * <p>Its protocol is {@code Object}: the classic mediator sends it its own acknowledgements.
 */
public final class EventSubscriber extends AbstractBehavior<Object> {

  /** Use the topic of {@code namespace}; {@code replyTo} gets Done once subscribed. */
  public record Acquire(String namespace, ActorRef<akka.Done> replyTo) {}

  /** Stop using the topic of {@code namespace}; the last user's release unsubscribes. */
  public record Release(String namespace) {}

  /** Also deliver received batches to {@code listener}. */
  public record Listen(ActorRef<EventBatch> listener) {}

  /** Ask for the counters. */
  public record GetCounters(ActorRef<Counters> replyTo) {}

  /** Events and batches received; topics subscribed; messages dropped or undeliverable. */
  public record Counters(long events, long batches, long subscriptions, long dropped,
      long deadLetters) {}

  private final EventTopics topics;
  private final akka.actor.ActorRef mediator;
  private final Map<String, Queue<ActorRef<akka.Done>>> awaitingAck = new HashMap<>();
  private final Map<String, Integer> users = new HashMap<>();
  /** Users per namespace acquired here: only their events' blobs go to the cache. */
  private final Map<String, Integer> held = new HashMap<>();
  private final java.util.List<ActorRef<EventBatch>> listeners = new java.util.ArrayList<>(2);
  private final boolean allShards;
  /** Where the blobs carried by setroot events go (a follower's cache); null on rank 0. */
  private final io.kvs.content.BlobCache inlineCache;
  private long events;
  private long batches;
  private long subscriptions;
  private long dropped;
  private long deadLetters;

  /** An actor subscribed to every shard topic when {@code subscribeAllShards}. */
  public static Behavior<Object> create(EventTopics topics, boolean subscribeAllShards) {
    return create(topics, subscribeAllShards, null);
  }

  /**
   * As above; the blobs that setroot events carry are put in {@code inlineCache} (if not null)
   * before the event reaches any listener, so that whoever reads the new root finds them: the
   * blobs of namespaces acquired here (or of every namespace when subscribed to all shards), not
   * those of the other namespaces that share their topics.
   */
  public static Behavior<Object> create(EventTopics topics, boolean subscribeAllShards,
      io.kvs.content.BlobCache inlineCache) {
    return Behaviors.setup(ctx -> new EventSubscriber(ctx, topics, subscribeAllShards,
        inlineCache));
  }

  private EventSubscriber(ActorContext<Object> ctx, EventTopics topics, boolean allShards,
      io.kvs.content.BlobCache inlineCache) {
    super(ctx);
    this.topics = topics;
    this.allShards = allShards;
    this.inlineCache = inlineCache;
    this.mediator = DistributedPubSub.get(Adapter.toClassic(ctx.getSystem())).mediator();
    ActorRef<Object> self = ctx.getSelf();
    ctx.getSystem().eventStream().tell(new EventStream.Subscribe<>(Dropped.class, self.narrow()));
    ctx.getSystem().eventStream().tell(new EventStream.Subscribe<>(DeadLetter.class, self.narrow()));
    if (allShards) {
      for (int shard = 0; shard < topics.shards(); shard++) {
        subscribe(EventTopics.shardTopic(shard));
      }
    }
  }

  @Override
  public Receive<Object> createReceive() {
    return newReceiveBuilder()
        .onMessage(EventBatch.class, this::onBatch)
        .onMessage(ReceivedBatch.class, this::onReceived)
        .onMessage(Acquire.class, this::onAcquire)
        .onMessage(Release.class, this::onRelease)
        .onMessage(Listen.class, l -> {
          listeners.add(l.listener());
          return this;
        })
        .onMessage(DistributedPubSubMediator.SubscribeAck.class, this::onSubscribeAck)
        .onMessage(DistributedPubSubMediator.UnsubscribeAck.class, ack -> this)
        .onMessage(GetCounters.class, this::onGetCounters)
        .onMessage(Dropped.class, d -> count(true))
        .onMessage(DeadLetter.class, d -> count(false))
        .build();
  }

  private Behavior<Object> onBatch(EventBatch batch) {
    batches++;
    events += batch.events().size();
    deliver(batch);
    return this;
  }

  /**
   * A batch from another rank: only the events of namespaces used here are decoded and
   * delivered (all of them when subscribed to every shard); a batch with none reaches no
   * listener. A malformed batch is dropped whole, logged and counted.
   */
  private Behavior<Object> onReceived(ReceivedBatch received) {
    batches++;
    events += received.size();
    EventBatch used;
    try {
      used = allShards ? received.all() : received.select(held::containsKey);
    } catch (IllegalArgumentException e) {
      dropped++;
      getContext().getLog().error("kvs: dropped a malformed event batch on topic {}: {}",
          received.topic(), e.getMessage());
      return this;
    }
    if (!used.events().isEmpty()) {
      deliver(used);
    }
    return this;
  }

  private void deliver(EventBatch batch) {
    if (inlineCache != null) {
      for (KvsEvent e : batch.events()) {
        if (e instanceof KvsEvent.RootChanged rc && !rc.blobs().isEmpty()
            && (allShards || held.containsKey(rc.namespace()))) {
          for (KvsEvent.InlineBlob b : rc.blobs()) {
            inlineCache.offer(b.ref(), io.kvs.treeobj.Bytes.wrap(b.data()));
          }
        }
      }
    }
    for (ActorRef<EventBatch> listener : listeners) {
      listener.tell(batch);
    }
  }

  private Behavior<Object> onAcquire(Acquire a) {
    if (allShards) {
      a.replyTo().tell(akka.Done.getInstance());
      return this;
    }
    held.merge(a.namespace(), 1, Integer::sum);
    String topic = topics.topicOf(a.namespace());
    int n = users.merge(topic, 1, Integer::sum);
    Queue<ActorRef<akka.Done>> waiting = awaitingAck.get(topic);
    if (n == 1) {
      awaitingAck.computeIfAbsent(topic, t -> new ArrayDeque<>()).add(a.replyTo());
      subscribe(topic);
    } else if (waiting != null) {
      waiting.add(a.replyTo());
    } else {
      a.replyTo().tell(akka.Done.getInstance());
    }
    return this;
  }

  private Behavior<Object> onRelease(Release r) {
    if (allShards) {
      return this;
    }
    held.computeIfPresent(r.namespace(), (ns, k) -> k > 1 ? k - 1 : null);
    String topic = topics.topicOf(r.namespace());
    Integer n = users.get(topic);
    if (n == null) {
      return this;
    }
    if (n > 1) {
      users.put(topic, n - 1);
    } else {
      users.remove(topic);
      mediator.tell(new DistributedPubSubMediator.Unsubscribe(topic, self()), self());
      subscriptions--;
    }
    return this;
  }

  private Behavior<Object> onSubscribeAck(DistributedPubSubMediator.SubscribeAck ack) {
    Queue<ActorRef<akka.Done>> waiting = awaitingAck.remove(ack.subscribe().topic());
    if (waiting != null) {
      waiting.forEach(w -> w.tell(akka.Done.getInstance()));
    }
    return this;
  }

  private Behavior<Object> onGetCounters(GetCounters g) {
    g.replyTo().tell(new Counters(events, batches, subscriptions, dropped, deadLetters));
    return this;
  }

  private Behavior<Object> count(boolean isDropped) {
    if (isDropped) {
      dropped++;
    } else {
      deadLetters++;
    }
    return this;
  }

  private void subscribe(String topic) {
    subscriptions++;
    mediator.tell(new DistributedPubSubMediator.Subscribe(topic, self()), self());
  }

  private akka.actor.ActorRef self() {
    return Adapter.toClassic(getContext().getSelf());
  }
}
