package io.kvs.rank;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.pattern.StatusReply;
import io.kvs.events.EventPublisher;
import io.kvs.events.EventSubscriber;
import io.kvs.namespace.NamespaceRoot;
import io.kvs.namespace.NamespaceStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * One {@code kvs.stats-get}: a per-request child of {@link KvsRank} that gathers the event
 * counters and the counters of the namespaces asked about, answers once and stops. Namespaces
 * that do not answer within the timeout are left out (the answer says how many were asked).
 * Its cost is proportional to the namespaces asked about; it runs only on request.
 */
public final class StatsCollector extends AbstractBehavior<Object> {

  private enum Timeout {
    INSTANCE
  }

  private final KvsStats base;
  private final ActorRef<StatusReply<KvsStats>> replyTo;
  private final List<NamespaceStats> namespaces = new ArrayList<>();
  private int awaiting;
  private EventPublisher.Counters published;
  private EventSubscriber.Counters received;

  public static Behavior<Object> create(KvsStats base, Collection<ActorRef<NamespaceRoot.Command>> roots,
      ActorRef<EventPublisher.Command> publisher, ActorRef<Object> subscriber, Duration timeout,
      ActorRef<StatusReply<KvsStats>> replyTo) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      timers.startSingleTimer(Timeout.INSTANCE, timeout);
      ActorRef<Object> self = ctx.getSelf();
      publisher.tell(new EventPublisher.GetCounters(self.narrow()));
      subscriber.tell(new EventSubscriber.GetCounters(self.narrow()));
      for (ActorRef<NamespaceRoot.Command> root : roots) {
        root.tell(new NamespaceRoot.GetStats(self.narrow()));
      }
      return new StatsCollector(ctx, base, roots.size() + 2, replyTo);
    }));
  }

  private StatsCollector(ActorContext<Object> ctx, KvsStats base, int awaiting,
      ActorRef<StatusReply<KvsStats>> replyTo) {
    super(ctx);
    this.base = base;
    this.awaiting = awaiting;
    this.replyTo = replyTo;
  }

  @Override
  public Receive<Object> createReceive() {
    return newReceiveBuilder()
        .onMessage(NamespaceStats.class, s -> received(() -> namespaces.add(s)))
        .onMessage(EventPublisher.Counters.class, c -> received(() -> published = c))
        .onMessage(EventSubscriber.Counters.class, c -> received(() -> received = c))
        .onMessageEquals(Timeout.INSTANCE, this::finish)
        .build();
  }

  private Behavior<Object> received(Runnable record) {
    record.run();
    return --awaiting == 0 ? finish() : this;
  }

  private Behavior<Object> finish() {
    namespaces.sort(Comparator.comparing(NamespaceStats::namespace));
    EventPublisher.Counters p = published != null ? published : new EventPublisher.Counters(0, 0);
    EventSubscriber.Counters r =
        received != null ? received : new EventSubscriber.Counters(0, 0, 0, 0, 0);
    replyTo.tell(StatusReply.success(new KvsStats(base.rank(), base.blobCount(), base.blobBytes(),
        base.namespaceCount(), base.namespaceActors(), List.copyOf(namespaces), base.opcount(), p.events(), p.batches(),
        r.events(), r.dropped(), r.deadLetters(), base.pendingRequests(), base.faults())));
    return Behaviors.stopped();
  }
}
