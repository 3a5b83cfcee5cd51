package io.kvs.events;

import akka.actor.Dropped;
import akka.actor.typed.Behavior;
import akka.actor.typed.eventstream.EventStream;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.javadsl.TimerScheduler;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Sends again the setroot events that the transport dropped. Pub/sub has no backpressure: when
 * a burst of events meets a slower subscriber rank, Artery's outbound queue overflows and drops
 * messages, and a dropped event that was a namespace's last one would leave that rank's cached
 * root and watchers behind until the next commit. Artery reports each drop as an {@code
 * akka.actor.Dropped} on the event stream, with the message and its recipient (the subscriber
 * rank's topic actor): this actor keeps the newest dropped setroot per recipient and namespace
 * ({@link DroppedEvents}) and, {@code delay} after the first drop, sends them straight to that
 * recipient, in batches. A batch dropped again comes back here and waits once more. Receivers
 * ignore roots they already have (seqs only increase), so a late copy is harmless.
 */
public final class EventRedelivery extends AbstractBehavior<Object> {

  private enum Redeliver { INSTANCE }

  private final TimerScheduler<Object> timers;
  private final Duration delay;
  private final int maxBatch;
  private final DroppedEvents<akka.actor.ActorRef> dropped;
  private long redelivered;

  /**
   * @param delay how long dropped events wait before they are sent again
   * @param maxBatch most events in one message sent again
   * @param limit most events kept at once
   */
  public static Behavior<Object> create(Duration delay, int maxBatch, int limit) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(
        timers -> new EventRedelivery(ctx, timers, delay, maxBatch, limit)));
  }

  private EventRedelivery(ActorContext<Object> ctx, TimerScheduler<Object> timers, Duration delay,
      int maxBatch, int limit) {
    super(ctx);
    this.timers = timers;
    this.delay = delay;
    this.maxBatch = maxBatch;
    this.dropped = new DroppedEvents<>(limit);
    ctx.getSystem().eventStream().tell(
        new EventStream.Subscribe<>(Dropped.class, ctx.getSelf().narrow()));
  }

  @Override
  public Receive<Object> createReceive() {
    return newReceiveBuilder()
        .onMessage(Dropped.class, this::onDropped)
        .onMessageEquals(Redeliver.INSTANCE, this::onRedeliver)
        .build();
  }

  private Behavior<Object> onDropped(Dropped d) {
    if (d.message() instanceof EventBatch batch && d.recipient() != null
        && !d.recipient().equals(akka.actor.ActorRef.noSender())) {
      boolean wasEmpty = dropped.isEmpty();
      dropped.add(d.recipient(), batch);
      if (wasEmpty && !dropped.isEmpty()) {
        timers.startSingleTimer(Redeliver.INSTANCE, delay);
      }
    }
    return this;
  }

  private Behavior<Object> onRedeliver() {
    int events = dropped.size();
    Map<akka.actor.ActorRef, List<EventBatch>> out = dropped.drain(maxBatch);
    out.forEach((to, batches) -> batches.forEach(
        b -> to.tell(b, akka.actor.ActorRef.noSender())));
    redelivered += events;
    getContext().getLog().info("kvs: sending again {} setroot events the transport dropped, to "
        + "{} subscribers ({} since start; {} not kept, the bound being reached)", events,
        out.size(), redelivered, dropped.refused());
    return this;
  }
}
