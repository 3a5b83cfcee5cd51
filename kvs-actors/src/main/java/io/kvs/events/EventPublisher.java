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
 * delay; a busy one sends few, large messages, which keeps bursts from overflowing the
 * transport's queue (pub/sub has no backpressure). Work per flush is proportional to the
 * topics that received events, never to the number of namespaces.
 *
 * <p>Senders: namespace actors ({@link Publish}); anyone for {@link GetCounters}.
 */
public final class EventPublisher extends AbstractBehavior<EventPublisher.Command> {

  /** The publisher's protocol. */
  public interface Command {}

  /** Publish an event on its namespace's topic. */
  public record Publish(KvsEvent event) implements Command {}

  /** Ask for the publisher's counters. */
  public record GetCounters(ActorRef<Counters> replyTo) implements Command {}

  /** Events and messages (batches) published since start. */
  public record Counters(long events, long batches) {}

  private enum Flush implements Command {
    INSTANCE
  }

  private final EventTopics topics;
  private final int maxBatch;
  private final akka.actor.ActorRef mediator;
  private final Map<String, List<KvsEvent>> pending = new HashMap<>();
  private boolean flushScheduled;
  private long events;
  private long batches;

  public static Behavior<Command> create(EventTopics topics, int maxBatch) {
    return Behaviors.setup(ctx -> new EventPublisher(ctx, topics, maxBatch));
  }

  private EventPublisher(ActorContext<Command> ctx, EventTopics topics, int maxBatch) {
    super(ctx);
    this.topics = topics;
    this.maxBatch = maxBatch;
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
    String topic = topics.topicOf(p.event().namespace());
    List<KvsEvent> buffer = pending.computeIfAbsent(topic, t -> new ArrayList<>());
    buffer.add(p.event());
    events++;
    if (buffer.size() >= maxBatch) {
      send(topic, buffer);
      pending.remove(topic);
    } else if (!flushScheduled) {
      flushScheduled = true;
      getContext().getSelf().tell(Flush.INSTANCE);
    }
    return this;
  }

  private Behavior<Command> onFlush() {
    flushScheduled = false;
    pending.forEach(this::send);
    pending.clear();
    return this;
  }

  private void send(String topic, List<KvsEvent> buffer) {
    batches++;
    mediator.tell(
        new DistributedPubSubMediator.Publish(topic, new EventBatch(topic, buffer)),
        akka.actor.ActorRef.noSender());
  }

  private Behavior<Command> onGetCounters(GetCounters g) {
    g.replyTo().tell(new Counters(events, batches));
    return this;
  }
}
