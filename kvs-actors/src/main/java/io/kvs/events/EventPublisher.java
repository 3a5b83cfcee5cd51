package io.kvs.events;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Adapter;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.cluster.pubsub.DistributedPubSub;
import akka.cluster.pubsub.DistributedPubSubMediator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Publishes namespace events on their topics through the cluster's pub/sub mediator, one per
 * rank. Events are coalesced per topic: the first event of a burst schedules a flush by
 * telling this actor itself, so every event that arrived before the flush message leaves in
 * one {@link EventBatch} (at most {@code maxBatch} events each). An idle publisher adds no
 * delay. A busy one (its previous flush less than 200 µs ago) flushes {@code busyDelay} after
 * the first pending event instead, so that many events share a message even though they
 * arrive one by one: few, large messages keep bursts from overflowing the transport's queue
 * (pub/sub has no backpressure). Work per flush is proportional to the topics that received
 * events, never to the number of namespaces.
 *
 * <p>Senders: namespace actors ({@link Publish}); anyone for {@link GetCounters}.
 */
public final class EventPublisher extends AbstractBehavior<EventPublisher.Command> {

  /** The publisher's protocol. */
  public interface Command {}

  /**
   * Publish an event on its namespace's topic; {@code encoded} is its binary form if its maker
   * made it (while the event was in the processor's caches), or null.
   */
  public record Publish(KvsEvent event, byte[] encoded) implements Command {
    public Publish(KvsEvent event) {
      this(event, null);
    }
  }

  /** Ask for the publisher's counters. */
  public record GetCounters(ActorRef<Counters> replyTo) implements Command {}

  /** Events and messages (batches) published since start. */
  public record Counters(long events, long batches) {}

  private enum Flush implements Command {
    INSTANCE
  }

  /** Flushes closer together than this mean the publisher is busy. */
  private static final long BUSY_NANOS = 200_000;

  private final EventTopics topics;
  private final int maxBatch;
  private final java.time.Duration busyDelay;
  private final akka.actor.typed.javadsl.TimerScheduler<Command> timers;
  private long lastFlush;
  private final akka.actor.ActorRef mediator;
  /**
   * A topic's pending events, their binary forms where their makers made them, and their
   * serialized size (exact for those, estimated for the others).
   */
  private static final class Pending {
    final List<KvsEvent> events = new ArrayList<>();
    final List<byte[]> encoded = new ArrayList<>();
    long bytes;
  }

  private final Map<String, Pending> pending = new HashMap<>();
  private boolean flushScheduled;
  private long events;
  private long batches;

  /** A publisher that flushes at once (no pacing when busy). */
  public static Behavior<Command> create(EventTopics topics, int maxBatch) {
    return create(topics, maxBatch, java.time.Duration.ZERO);
  }

  /**
   * A publisher that, when busy (flushes less than 200 µs apart), flushes {@code busyDelay}
   * after the first pending event instead of at once, so that more events share a message;
   * zero: always at once.
   */
  public static Behavior<Command> create(EventTopics topics, int maxBatch,
      java.time.Duration busyDelay) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(
        timers -> new EventPublisher(ctx, topics, maxBatch, busyDelay, timers)));
  }

  private EventPublisher(ActorContext<Command> ctx, EventTopics topics, int maxBatch,
      java.time.Duration busyDelay, akka.actor.typed.javadsl.TimerScheduler<Command> timers) {
    super(ctx);
    this.topics = topics;
    this.maxBatch = maxBatch;
    this.busyDelay = busyDelay;
    this.timers = timers;
    this.mediator = DistributedPubSub.get(Adapter.toClassic(ctx.getSystem())).mediator();
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Publish.class, this::onPublish)
        .onMessageEquals(Flush.INSTANCE, this::onFlush)
        .onMessage(GetCounters.class, this::onGetCounters)
        .build();
  }

  private Behavior<Command> onPublish(Publish p) {
    KvsEvent e = p.event();
    String topic = topics.topicOf(e.namespace());
    long size = p.encoded() != null ? p.encoded().length : EventBatch.estimatedSize(e);
    Pending buffer = pending.get(topic);
    if (buffer != null && buffer.bytes + size > EventBatch.MAX_BYTES) {
      send(topic, pending.remove(topic));
      buffer = null;
    }
    if (buffer == null) {
      buffer = new Pending();
      pending.put(topic, buffer);
    }
    buffer.events.add(e);
    buffer.encoded.add(p.encoded());
    buffer.bytes += size;
    events++;
    if (buffer.events.size() >= maxBatch || buffer.bytes >= EventBatch.MAX_BYTES) {
      send(topic, pending.remove(topic));
    } else if (!flushScheduled) {
      flushScheduled = true;
      if (!busyDelay.isZero() && System.nanoTime() - lastFlush < BUSY_NANOS) {
        timers.startSingleTimer(Flush.INSTANCE, busyDelay);
      } else {
        getContext().getSelf().tell(Flush.INSTANCE);
      }
    }
    return this;
  }

  private Behavior<Command> onFlush() {
    flushScheduled = false;
    lastFlush = System.nanoTime();
    pending.forEach(this::send);
    pending.clear();
    return this;
  }

  private void send(String topic, Pending buffer) {
    batches++;
    EventBatch batch = new EventBatch(topic, buffer.events, buffer.encoded);
    mediator.tell(new DistributedPubSubMediator.Publish(topic, batch),
        akka.actor.ActorRef.noSender());
  }

  private Behavior<Command> onGetCounters(GetCounters g) {
    g.replyTo().tell(new Counters(events, batches));
    return this;
  }
}
