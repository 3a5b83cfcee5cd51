package io.kvs.follower;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.javadsl.StashBuffer;
import akka.actor.typed.javadsl.TimerScheduler;
import akka.pattern.StatusReply;
import io.kvs.Asks;
import io.kvs.KvsError;
import io.kvs.KvsException;
import io.kvs.RootVersion;
import io.kvs.events.EventSubscriber;
import io.kvs.events.KvsEvent;
import io.kvs.lookup.Lookup;
import io.kvs.lookup.LookupStep;
import io.kvs.lookup.RootResolution;
import io.kvs.namespace.Committed;
import io.kvs.namespace.LookupRequest;
import io.kvs.namespace.NamespaceRoot;
import io.kvs.namespace.NamespaceStats;
import io.kvs.namespace.RootSnapshot;
import io.kvs.namespace.VersionWaiters;
import io.kvs.rank.KvsRank;
import io.kvs.treeobj.BlobRef;
import java.util.List;

/**
 * A follower rank's copy of one namespace: its cached root, its local version waiters and the
 * commits it relayed. Created by {@link FollowerRank} when a local request first uses the
 * namespace; it subscribes to the namespace's topic (counted, through the rank's subscriber)
 * and only then fetches the root from the root rank, holding requests until it has it. It
 * answers the requests of {@link NamespaceRoot}'s protocol:
 *
 * <ul>
 *   <li>lookups and getroot from the cached root (blobs faulted in through the rank's fetcher);
 *   <li>commits are relayed to the root rank and answered from the relay's own reply, after
 *       installing the root it carries (read-your-writes, whatever happens to events);
 *   <li>a version waiter beyond the cached seq also waits at the root rank, so a lost event
 *       cannot hang it; every wait ends by the ask timeout at the latest (ETIMEDOUT).
 * </ul>
 *
 * <p>Roots are applied only when newer ({@link RootVersion}). It leaves when the namespace is
 * removed, when the root rank says it does not exist, or after {@code idleExpiry} without a
 * client request or a root change (statistics requests do not count): it releases its topic, asks the rank to drop it, keeps answering what the rank
 * still routes to it (serving it after an idle leave, ENOTSUP once removed), and stops when
 * the rank has confirmed and its relayed commits have been answered, so no request is ever
 * lost to a stopped replica.
 */
public final class NamespaceReplica extends AbstractBehavior<NamespaceRoot.Command> {

  /** An event about this namespace from the rank's subscription. */
  public record EventReceived(KvsEvent event) implements NamespaceRoot.Command {}

  /** The root as rank 0 has it now: fetched, installed here, then answered. */
  public record GetFreshRoot(io.kvs.Caller caller, ActorRef<StatusReply<RootSnapshot>> replyTo)
      implements NamespaceRoot.Command {}

  private record FreshRoot(ActorRef<StatusReply<RootSnapshot>> replyTo,
      StatusReply<RootSnapshot> reply, Throwable failure) implements NamespaceRoot.Command {}

  /** The rank's answer to {@link FollowerRank.ReplicaLeaving}: nothing more will be routed. */
  public enum LeaveConfirmed implements NamespaceRoot.Command {
    INSTANCE
  }

  private enum Subscribed implements NamespaceRoot.Command {
    INSTANCE
  }

  private enum Resync implements NamespaceRoot.Command {
    INSTANCE
  }

  private enum Idle implements NamespaceRoot.Command {
    INSTANCE
  }

  private record RootFetched(StatusReply<RootSnapshot> reply, Throwable failure)
      implements NamespaceRoot.Command {}

  /**
   * The answer of rank 0 to a relayed commit: installed here, then passed to the client.
   * {@code counted}: relayed by this replica (else by the rank, before the replica existed).
   */
  record Relayed(ActorRef<StatusReply<Committed>> replyTo, StatusReply<Committed> reply,
      Throwable failure, boolean counted) implements NamespaceRoot.Command {}

  private record Reached(long rootseq, StatusReply<RootSnapshot> reply, Throwable failure)
      implements NamespaceRoot.Command {}

  private final String name;
  private final ReplicaServices services;
  private final StashBuffer<NamespaceRoot.Command> stash;
  private final VersionWaiters<ActorRef<StatusReply<RootSnapshot>>> waiters =
      new VersionWaiters<>();
  private long owner = -1;
  private int flags;
  private BlobRef rootref;
  private long seq = -1;
  private long epoch;
  private int relaying;
  private boolean leaving;
  /** When a client last used this namespace or its root last changed (System.nanoTime). */
  private long lastUsed;
  /** When the root was last known current: installed, or confirmed by rank 0. */
  private long lastConfirmed;
  private boolean checking;
  /** What kvs.setroot-pause holds back. */
  private final PausedRoot pause = new PausedRoot();

  private static final java.time.Duration MIN_IDLE_CHECK = java.time.Duration.ofMillis(100);

  public static Behavior<NamespaceRoot.Command> create(String name, ReplicaServices services) {
    return Behaviors.setup(ctx -> Behaviors.withStash(10_000, stash -> Behaviors.withTimers(
        timers -> new NamespaceReplica(ctx, name, services, stash, timers).loading())));
  }

  private NamespaceReplica(ActorContext<NamespaceRoot.Command> ctx, String name,
      ReplicaServices services, StashBuffer<NamespaceRoot.Command> stash,
      TimerScheduler<NamespaceRoot.Command> timers) {
    super(ctx);
    this.name = name;
    this.services = services;
    this.stash = stash;
    this.epoch = services.rootEpoch();
    services.subscriber().tell(new EventSubscriber.Acquire(name,
        ctx.messageAdapter(akka.Done.class, d -> Subscribed.INSTANCE)));
    timers.startSingleTimer(Resync.INSTANCE, services.resyncAfter());
    java.time.Duration check = services.idleExpiry().dividedBy(4);
    timers.startTimerWithFixedDelay(Idle.INSTANCE,
        check.compareTo(MIN_IDLE_CHECK) < 0 ? MIN_IDLE_CHECK : check);
    lastUsed = System.nanoTime();
  }

  /** Until the root is known: hold every request (bounded), fetch once subscribed. */
  private Behavior<NamespaceRoot.Command> loading() {
    return Behaviors.receive(NamespaceRoot.Command.class)
        .onMessageEquals(Subscribed.INSTANCE, () -> {
          fetchRoot();
          return Behaviors.same();
        })
        .onMessage(RootFetched.class, this::onFirstRoot)
        .onMessageEquals(Idle.INSTANCE, () -> Behaviors.same())
        .onMessageEquals(Resync.INSTANCE, () -> Behaviors.same())
        .onAnyMessage(m -> {
          if (stash.isFull()) {
            FailAll.busy(m, name);
          } else {
            stash.stash(m);
          }
          return Behaviors.same();
        })
        .build();
  }

  private void fetchRoot() {
    checking = true;
    Asks.ask(getContext(), StatusReply.class, services.root(), services.lookups().timeout(),
        (ActorRef<StatusReply> r) -> new KvsRank.GetRoot(name, services.internal(), Asks.cast(r)),
        (reply, failure) -> new RootFetched(Asks.cast(reply), failure));
  }

  private Behavior<NamespaceRoot.Command> onFirstRoot(RootFetched f) {
    checking = false;
    KvsException error = Asks.error(f.reply(), f.failure(), "fetching the root of " + name);
    if (error != null) {
      return stash.unstashAll(leave(error));
    }
    RootSnapshot r = f.reply().getValue();
    owner = r.owner();
    flags = r.flags();
    install(r.epoch(), r.rootseq(), r.rootref());
    return stash.unstashAll(this);
  }

  @Override
  public Receive<NamespaceRoot.Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(NamespaceRoot.Lookup.class, this::onLookup)
        .onMessage(NamespaceRoot.GetRoot.class, this::onGetRoot)
        .onMessage(NamespaceRoot.WaitVersion.class, this::onWaitVersion)
        .onMessage(NamespaceRoot.Commit.class, this::onCommit)
        .onMessage(NamespaceRoot.GetStats.class, this::onGetStats)
        .onMessage(GetFreshRoot.class, this::onGetFreshRoot)
        .onMessage(FreshRoot.class, this::onFreshRoot)
        .onMessage(Relayed.class, this::onRelayed)
        .onMessage(Reached.class, this::onReached)
        .onMessage(RootFetched.class, this::onRootFetched)
        .onMessage(EventReceived.class, this::onEvent)
        .onMessage(NamespaceRoot.SetRootPause.class, this::onSetRootPause)
        .onMessage(NamespaceRoot.DropWaiter.class, this::onDropWaiter)
        .onMessageEquals(Resync.INSTANCE, () -> {
          fetchRoot();
          return this;
        })
        .onMessageEquals(Idle.INSTANCE, this::onIdle)
        .onMessageEquals(NamespaceRoot.Remove.INSTANCE, () -> removed("kvs: namespace dropped "
            + "from this rank's cache: " + name))
        .onMessageEquals(LeaveConfirmed.INSTANCE, () -> drainOrStop(null))
        .onMessageEquals(Subscribed.INSTANCE, () -> this)
        .build();
  }

  private boolean denied(akka.actor.typed.ActorRef<? extends StatusReply<?>> replyTo,
      io.kvs.Caller caller) {
    if (caller.mayAccess(owner)) {
      return false;
    }
    @SuppressWarnings("unchecked")
    ActorRef<StatusReply<Object>> r = (ActorRef<StatusReply<Object>>) replyTo;
    r.tell(StatusReply.error(KvsError.PERMISSION.failure("kvs: permission denied: namespace "
        + name + " is owned by uid " + owner)));
    return true;
  }

  /**
   * Pub/sub may lose a namespace's last event, after which nothing would correct this cache:
   * a root used while unconfirmed for {@code resyncAfter} is re-checked at rank 0 in the
   * background (at most one check at a time), which bounds how stale a read can be.
   */
  private void refreshIfStale() {
    long now = System.nanoTime();
    lastUsed = now;
    if (!checking && now - lastConfirmed > services.resyncAfter().toNanos()) {
      fetchRoot();
    }
  }

  private Behavior<NamespaceRoot.Command> onLookup(NamespaceRoot.Lookup l) {
    refreshIfStale();
    if (denied(l.replyTo(), l.caller())) {
      return this;
    }
    LookupStep step = Lookup.run(rootref, name, l.key(), l.flags(), services.lookups().blobs(),
        ns -> new RootResolution.Unresolved());
    if (!LookupRequest.answer(step, l.replyTo())) {
      getContext().spawnAnonymous(LookupRequest.create(new LookupRequest.Spec(rootref, name,
          l.key(), l.flags(), l.caller(), l.replyTo()), services.lookups()));
    }
    return this;
  }

  private Behavior<NamespaceRoot.Command> onGetRoot(NamespaceRoot.GetRoot g) {
    refreshIfStale();
    if (!denied(g.replyTo(), g.caller())) {
      g.replyTo().tell(StatusReply.success(snapshot()));
    }
    return this;
  }

  private Behavior<NamespaceRoot.Command> onGetFreshRoot(GetFreshRoot g) {
    lastUsed = System.nanoTime();
    if (denied(g.replyTo(), g.caller())) {
      return this;
    }
    relaying++;
    Asks.ask(getContext(), StatusReply.class, services.root(), services.lookups().timeout(),
        (ActorRef<StatusReply> r) -> new KvsRank.GetRoot(name, g.caller(), Asks.cast(r)),
        (reply, failure) -> new FreshRoot(g.replyTo(), Asks.cast(reply), failure));
    return this;
  }

  private Behavior<NamespaceRoot.Command> onFreshRoot(FreshRoot f) {
    relaying--;
    KvsException error = Asks.error(f.reply(), f.failure(), "fetching the root from rank 0");
    if (error != null) {
      f.replyTo().tell(StatusReply.error(error));
      recheckIfGone(error);
      return this;
    }
    RootSnapshot s = f.reply().getValue();
    install(s.epoch(), s.rootseq(), s.rootref());
    f.replyTo().tell(StatusReply.success(snapshot()));
    return this;
  }

  private Behavior<NamespaceRoot.Command> onWaitVersion(NamespaceRoot.WaitVersion w) {
    lastUsed = System.nanoTime();
    if (denied(w.replyTo(), w.caller())) {
      return this;
    }
    if (w.rootseq() <= seq) {
      w.replyTo().tell(StatusReply.success(snapshot()));
      return this;
    }
    boolean first = !waiters.waitsFor(w.rootseq());
    waiters.add(w.rootseq(), w.replyTo(), System.nanoTime());
    if (first) {
      long target = w.rootseq();
      Asks.ask(getContext(), StatusReply.class, services.root(), services.lookups().timeout(),
          (ActorRef<StatusReply> r) -> new KvsRank.WaitVersion(name, target, services.internal(),
              Asks.cast(r)),
          (reply, failure) -> new Reached(target, Asks.cast(reply), failure));
    }
    return this;
  }

  private Behavior<NamespaceRoot.Command> onReached(Reached r) {
    KvsException error = Asks.error(r.reply(), r.failure(), "waiting for version " + r.rootseq());
    if (error == null) {
      RootSnapshot s = r.reply().getValue();
      install(s.epoch(), s.rootseq(), s.rootref());
    } else {
      waiters.take(r.rootseq()).forEach(w -> w.tell(StatusReply.error(error)));
      recheckIfGone(error);
    }
    return this;
  }

  private Behavior<NamespaceRoot.Command> onCommit(NamespaceRoot.Commit c) {
    lastUsed = System.nanoTime();
    if (denied(c.replyTo(), c.caller())) {
      return this;
    }
    relaying++;
    ActorRef<StatusReply<Committed>> client = c.replyTo();
    Asks.ask(getContext(), StatusReply.class, services.root(), services.lookups().timeout(),
        (ActorRef<StatusReply> r) -> new KvsRank.Commit(name, c.flags(), c.ops(), c.caller(),
            Asks.cast(r)),
        (reply, failure) -> new Relayed(client, Asks.cast(reply), failure, true));
    return this;
  }

  private Behavior<NamespaceRoot.Command> onRelayed(Relayed r) {
    if (r.counted()) {
      relaying--;
    }
    if (r.reply() != null && r.reply().isSuccess()) {
      Committed c = r.reply().getValue();
      install(c.epoch(), c.rootseq(), c.rootref());
      if (pause.paused() && RootVersion.isNewer(c.epoch(), c.rootseq(), epoch, seq)) {
        pause.holdReply(r.replyTo(), r.reply()); // read-your-writes
      } else {
        r.replyTo().tell(r.reply());
      }
    } else {
      KvsException error = Asks.error(r.reply(), r.failure(),
          "relaying a commit to rank 0 (it may or may not have been applied)");
      r.replyTo().tell(StatusReply.error(error));
      recheckIfGone(error);
    }
    return this;
  }

  /** ENOTSUP from the root rank may mean the namespace is gone: ask, rather than wait for it. */
  private void recheckIfGone(KvsException error) {
    if (error.error() == KvsError.NOT_SUPPORTED) {
      fetchRoot();
    }
  }

  private Behavior<NamespaceRoot.Command> onRootFetched(RootFetched f) {
    checking = false;
    if (f.reply() != null && f.reply().isSuccess()) {
      RootSnapshot s = f.reply().getValue();
      install(s.epoch(), s.rootseq(), s.rootref());
      lastConfirmed = System.nanoTime();
    } else if (f.reply() != null && Asks.error(f.reply(), null, "").error()
        == KvsError.NOT_SUPPORTED) {
      return removed("kvs: namespace removed: " + name);
    }
    return this;
  }

  private Behavior<NamespaceRoot.Command> onEvent(EventReceived e) {
    KvsEvent event = e.event();
    if (event instanceof KvsEvent.RootChanged rc) {
      install(rc.epoch(), rc.rootseq(), rc.rootref());
    } else if (event instanceof KvsEvent.NamespaceRemoved rm
        && (rm.epoch() >= epoch)) {
      return removed("kvs: namespace removed: " + name);
    }
    return this;
  }

  private Behavior<NamespaceRoot.Command> onSetRootPause(NamespaceRoot.SetRootPause p) {
    lastUsed = System.nanoTime();
    if (denied(p.replyTo(), p.caller())) {
      return this;
    }
    if (p.pause()) {
      pause.pause();
    } else {
      releaseHeld();
    }
    p.replyTo().tell(StatusReply.ack());
    return this;
  }

  /** Installs the root held while paused, then answers the commits that waited for it. */
  private void releaseHeld() {
    PausedRoot.Root held = pause.unpause();
    if (held != null) {
      install(held.epoch(), held.seq(), held.ref());
    }
    pause.answerHeld();
  }

  private Behavior<NamespaceRoot.Command> onDropWaiter(NamespaceRoot.DropWaiter d) {
    waiters.remove(d.rootseq(), d.replyTo());
    return this;
  }

  /** Installs a newer root, or holds the newest one while paused. */
  private void install(long newEpoch, long newSeq, BlobRef newRef) {
    if (!RootVersion.isNewer(newEpoch, newSeq, epoch, seq)) {
      return;
    }
    if (pause.paused()) {
      pause.hold(newEpoch, newSeq, newRef);
      return;
    }
    epoch = newEpoch;
    seq = newSeq;
    rootref = newRef;
    lastUsed = System.nanoTime();
    lastConfirmed = lastUsed;
    List<ActorRef<StatusReply<RootSnapshot>>> ready = waiters.takeReady(seq);
    if (!ready.isEmpty()) {
      StatusReply<RootSnapshot> answer = StatusReply.success(snapshot());
      ready.forEach(w -> w.tell(answer));
    }
  }

  private RootSnapshot snapshot() {
    return new RootSnapshot(name, owner, flags, rootref, seq, epoch);
  }

  private Behavior<NamespaceRoot.Command> onGetStats(NamespaceRoot.GetStats g) {
    g.replyTo().tell(new NamespaceStats(name, waiters.size(), 0, 0, relaying, seq));
    return this;
  }

  private Behavior<NamespaceRoot.Command> onIdle() {
    boolean idle = System.nanoTime() - lastUsed >= services.idleExpiry().toNanos();
    if (idle && waiters.isEmpty() && relaying == 0 && !pause.paused()) {
      askToLeave();
    }
    return this;
  }

  private void askToLeave() {
    if (!leaving) {
      leaving = true;
      services.subscriber().tell(new EventSubscriber.Release(name));
      services.rank().tell(new FollowerRank.ReplicaLeaving(name, getContext().getSelf()));
    }
  }

  private Behavior<NamespaceRoot.Command> removed(String why) {
    KvsException gone = KvsError.NOT_SUPPORTED.failure(why);
    waiters.takeAll().forEach(w -> w.tell(StatusReply.error(gone)));
    return leave(gone);
  }

  /** Leaves for good: every request gets {@code gone} until the rank has confirmed. */
  private Behavior<NamespaceRoot.Command> leave(KvsException gone) {
    releaseHeld(); // those commits were applied at rank 0
    askToLeave();
    return Behaviors.receive(NamespaceRoot.Command.class)
        .onMessage(Relayed.class, r -> {
          onRelayed(r);
          return Behaviors.same();
        })
        .onMessageEquals(LeaveConfirmed.INSTANCE, () -> drainOrStop(gone))
        .onMessageEquals(NamespaceRoot.Remove.INSTANCE, () -> drainOrStop(gone))
        .onAnyMessage(m -> {
          FailAll.with(m, gone);
          return Behaviors.same();
        })
        .build();
  }

  /** Nothing more will be routed here: stop once every relayed commit has been answered. */
  private Behavior<NamespaceRoot.Command> drainOrStop(KvsException gone) {
    KvsException answer = gone != null ? gone
        : KvsError.NOT_SUPPORTED.failure("kvs: namespace left this rank: " + name);
    waiters.takeAll().forEach(w -> w.tell(StatusReply.error(answer)));
    if (relaying == 0) {
      return Behaviors.stopped();
    }
    return Behaviors.receive(NamespaceRoot.Command.class)
        .onMessage(Relayed.class, r -> {
          onRelayed(r);
          return relaying == 0 ? Behaviors.stopped() : Behaviors.same();
        })
        .onAnyMessage(m -> {
          FailAll.with(m, answer);
          return Behaviors.same();
        })
        .build();
  }
}
