package io.kvs.namespace;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.pattern.StatusReply;
import io.kvs.Caller;
import io.kvs.KvsError;
import io.kvs.KvsException;
import io.kvs.events.EventPublisher;
import io.kvs.events.KvsEvent;
import io.kvs.lookup.LookupStep;
import io.kvs.lookup.RootResolution;
import io.kvs.treeobj.BlobRef;
import io.kvs.txn.PendingTxn;
import io.kvs.txn.TxnMerger;
import io.kvs.txn.TxnStep;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * The authoritative root of one namespace on the root rank, and its single writer.
 *
 * <p>Owns the root (rootref, seq), the queue of transactions waiting to be applied and the
 * version waiters. Lives from the namespace's creation until its removal. The rank's
 * {@code KvsRank} sends it every request for the namespace, already validated and routed.
 *
 * <p>Commits are queued and applied by a self-sent {@code ProcessQueue}, so a burst of commits
 * that arrived together is merged (KVS-SPEC §4.3); a failed merged batch is replayed one
 * transaction at a time so only the faulty member fails. Each applied batch installs a new
 * root with seq + 1, answers its committers with {@link Committed} (only after installing),
 * wakes version waiters and publishes a setroot event.
 */
public final class NamespaceRoot extends AbstractBehavior<NamespaceRoot.Command> {

  /** Requests for one namespace. */
  public interface Command {}

  /** Apply {@code ops} atomically; {@code txnName} names it in events. */
  public record Commit(String txnName, int flags, List<io.kvs.txn.Op> ops, Caller caller,
      ActorRef<StatusReply<Committed>> replyTo) implements Command {}

  /** Look up {@code key} in the current root. */
  public record Lookup(String key, int flags, Caller caller,
      ActorRef<StatusReply<LookupResult>> replyTo) implements Command {}

  /** The current root. */
  public record GetRoot(Caller caller, ActorRef<StatusReply<RootSnapshot>> replyTo)
      implements Command {}

  /** The root once its seq is at least {@code rootseq}. */
  public record WaitVersion(long rootseq, Caller caller,
      ActorRef<StatusReply<RootSnapshot>> replyTo) implements Command {}

  /** This namespace's counters. */
  public record GetStats(ActorRef<NamespaceStats> replyTo) implements Command {}

  /**
   * {@code kvs.setroot-pause} / {@code -unpause} on this rank. On the root rank a pause holds
   * the replies to commits whose client is on this rank (rank 0's roots still move: it makes
   * them); on a follower it holds new roots, and with them the replies of relayed commits.
   * Unpause releases everything in order.
   */
  public record SetRootPause(boolean pause, Caller caller,
      ActorRef<StatusReply<akka.Done>> replyTo) implements Command {}

  /** Forget {@code replyTo}'s wait for {@code rootseq}: its client has gone. Not answered. */
  public record DropWaiter(long rootseq, ActorRef<StatusReply<RootSnapshot>> replyTo)
      implements Command {}

  /** The namespace is removed: fail everything pending with ENOTSUP and stop. */
  public enum Remove implements Command {
    INSTANCE
  }

  private enum ProcessQueue implements Command {
    INSTANCE
  }

  /** Drop the version waiters whose requesters' asks have timed out. */
  private enum ExpireWaiters implements Command {
    INSTANCE
  }

  private record Pending(String name, ActorRef<StatusReply<Committed>> replyTo) {}

  private record Held(ActorRef<StatusReply<Committed>> replyTo, StatusReply<Committed> reply) {}

  private final String name;
  private final long owner;
  private final int flags;
  private final RootServices services;
  private final Deque<PendingTxn<Pending>> queue = new ArrayDeque<>();
  /** Created at the first version waiter (most namespaces never have one). */
  private VersionWaiters<ActorRef<StatusReply<RootSnapshot>>> waiters;
  private akka.actor.Cancellable expiry;
  private BlobRef rootref;
  private long seq;
  private boolean processScheduled;
  private boolean paused;
  /** Commit replies held while paused, in commit order. */
  private final List<Held> held = new ArrayList<>();
  private long transactions;
  private long noopStores;

  public static Behavior<Command> create(
      String name, long owner, int flags, BlobRef rootref, RootServices services) {
    return Behaviors.setup(ctx -> new NamespaceRoot(ctx, name, owner, flags, rootref, services));
  }

  private NamespaceRoot(ActorContext<Command> ctx, String name, long owner, int flags,
      BlobRef rootref, RootServices services) {
    super(ctx);
    this.name = name;
    this.owner = owner;
    this.flags = flags;
    this.rootref = rootref;
    this.services = services;
    services.liveRoots().set(name, rootref);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Commit.class, this::onCommit)
        .onMessageEquals(ProcessQueue.INSTANCE, this::onProcessQueue)
        .onMessageEquals(ExpireWaiters.INSTANCE, this::onExpireWaiters)
        .onMessage(Lookup.class, this::onLookup)
        .onMessage(GetRoot.class, this::onGetRoot)
        .onMessage(WaitVersion.class, this::onWaitVersion)
        .onMessage(GetStats.class, this::onGetStats)
        .onMessage(SetRootPause.class, this::onSetRootPause)
        .onMessage(DropWaiter.class, d -> {
          if (waiters != null) {
            waiters.remove(d.rootseq(), d.replyTo());
          }
          return this;
        })
        .onMessageEquals(Remove.INSTANCE, this::onRemove)
        .build();
  }

  private KvsException denied() {
    return KvsError.PERMISSION.failure("kvs: permission denied: namespace " + name
        + " is owned by uid " + owner);
  }

  private Behavior<Command> onCommit(Commit c) {
    if (!c.caller().mayAccess(owner)) {
      c.replyTo().tell(StatusReply.error(denied()));
      return this;
    }
    queue.add(new PendingTxn<>(new Pending(c.txnName(), c.replyTo()), c.flags(), c.ops()));
    if (!processScheduled) {
      processScheduled = true;
      getContext().getSelf().tell(ProcessQueue.INSTANCE);
    }
    return this;
  }

  private Behavior<Command> onProcessQueue() {
    processScheduled = false;
    if (queue.isEmpty()) {
      return this;
    }
    List<PendingTxn<Pending>> batch =
        TxnMerger.takeBatch(queue, services.transactionMerge(), services.maxTxnOps());
    TxnStep step = services.applier().apply(name, rootref, TxnMerger.ops(batch), services.store());
    if (step instanceof TxnStep.Finished f) {
      install(batch, f);
    } else if (step instanceof TxnStep.Failed f && batch.size() > 1
        && TxnMerger.shouldFallBack(f.error())) {
      TxnMerger.requeueAlone(queue, batch);
    } else if (step instanceof TxnStep.Failed f) {
      fail(batch, f.error().failure(f.message()));
    } else {
      // The root rank's store holds every blob: a missing one is a dangling reference.
      BlobRef missing = ((TxnStep.Stalled) step).missing().iterator().next();
      fail(batch, KvsError.NOT_FOUND.failure("kvs: blob not found in the content store: "
          + missing));
    }
    if (!queue.isEmpty()) {
      processScheduled = true;
      getContext().getSelf().tell(ProcessQueue.INSTANCE);
    }
    return this;
  }

  private void install(List<PendingTxn<Pending>> batch, TxnStep.Finished f) {
    for (Map.Entry<BlobRef, io.kvs.treeobj.Bytes> blob : f.newBlobs().entrySet()) {
      if (services.store().raw(blob.getKey()) != null) {
        noopStores++;
      }
      io.kvs.treeobj.TreeObj.Dir dir = f.newDirs().get(blob.getKey());
      if (dir != null) {
        services.store().storeHashed(blob.getKey(), blob.getValue(), dir);
      } else {
        services.store().storeHashed(blob.getKey(), blob.getValue());
      }
    }
    rootref = f.rootref();
    services.liveRoots().set(name, rootref);
    seq++;
    transactions += batch.size();
    StatusReply<Committed> committed =
        StatusReply.success(new Committed(name, rootref, seq, services.epoch()));
    List<String> names = new ArrayList<>(batch.size());
    for (PendingTxn<Pending> t : batch) {
      names.add(t.tag().name());
      ActorRef<StatusReply<Committed>> to = t.tag().replyTo();
      if (paused && to.path().address().hasLocalScope()) {
        held.add(new Held(to, committed));
      } else {
        to.tell(committed);
      }
    }
    wakeWaiters();
    // a commit of very many keys would make an event the transport refuses: it goes without
    // its blobs, then without its keys (watchers then check every watched key)
    KvsEvent event = new KvsEvent.RootChanged(name, services.epoch(), seq, rootref, names,
        List.copyOf(f.keys()), owner, inline(f.newBlobs()))
        .fitted(io.kvs.events.EventBatch.MAX_BYTES / 2);
    services.publisher().tell(new EventPublisher.Publish(event,
        io.kvs.serial.KvsBinarySerializer.encodeEvent(event)));
  }

  /** The new blobs, to travel with the setroot event if together they are small enough. */
  private List<KvsEvent.InlineBlob> inline(Map<BlobRef, io.kvs.treeobj.Bytes> blobs) {
    long limit = services.tunables().inlineBlobBytes();
    long total = 0;
    for (io.kvs.treeobj.Bytes b : blobs.values()) {
      total += b.length();
      if (total > limit) {
        return List.of();
      }
    }
    List<KvsEvent.InlineBlob> out = new ArrayList<>(blobs.size());
    blobs.forEach((ref, b) -> out.add(new KvsEvent.InlineBlob(ref, b.unsafeArray())));
    return out;
  }

  private void fail(List<PendingTxn<Pending>> batch, KvsException error) {
    List<String> names = new ArrayList<>(batch.size());
    for (PendingTxn<Pending> t : batch) {
      names.add(t.tag().name());
      t.tag().replyTo().tell(StatusReply.error(error));
    }
    services.publisher().tell(new EventPublisher.Publish(
        new KvsEvent.CommitFailed(name, services.epoch(), names, error.error().errnum())));
  }

  private void wakeWaiters() {
    if (waiters == null || waiters.isEmpty()) {
      return;
    }
    List<ActorRef<StatusReply<RootSnapshot>>> ready = waiters.takeReady(seq);
    if (!ready.isEmpty()) {
      StatusReply<RootSnapshot> answer = StatusReply.success(snapshot());
      ready.forEach(w -> w.tell(answer));
    }
  }

  /**
   * Every requester of a wait-version gives up after the ask timeout (the client gets
   * ETIMEDOUT, or is gone): its waiter is dropped then, so waiting for a version that never
   * comes cannot pile up entries in this actor.
   */
  private Behavior<Command> onExpireWaiters() {
    expiry = null;
    long now = System.nanoTime();
    long maxAge = services.askTimeout().toNanos();
    waiters.dropOlderThan(now - maxAge);
    if (!waiters.isEmpty()) {
      scheduleExpiry(java.time.Duration.ofNanos(
          Math.max(waiters.oldestSince() + maxAge - now, 0)).plusMillis(10));
    }
    return this;
  }

  private void scheduleExpiry(java.time.Duration after) {
    expiry = getContext().scheduleOnce(after, getContext().getSelf(), ExpireWaiters.INSTANCE);
  }

  private RootSnapshot snapshot() {
    return new RootSnapshot(name, owner, flags, rootref, seq, services.epoch());
  }

  private Behavior<Command> onLookup(Lookup l) {
    if (!l.caller().mayAccess(owner)) {
      l.replyTo().tell(StatusReply.error(denied()));
      return this;
    }
    LookupStep step = io.kvs.lookup.Lookup.run(rootref, name, l.key(), l.flags(),
        services.store(), ns -> new RootResolution.Unresolved());
    if (!LookupRequest.answer(step, l.replyTo())) {
      getContext().spawnAnonymous(LookupRequest.create(
          new LookupRequest.Spec(rootref, name, l.key(), l.flags(), l.caller(), l.replyTo()),
          services.lookupServices()));
    }
    return this;
  }

  private Behavior<Command> onGetRoot(GetRoot g) {
    g.replyTo().tell(g.caller().mayAccess(owner)
        ? StatusReply.success(snapshot()) : StatusReply.error(denied()));
    return this;
  }

  private Behavior<Command> onWaitVersion(WaitVersion w) {
    if (!w.caller().mayAccess(owner)) {
      w.replyTo().tell(StatusReply.error(denied()));
    } else if (w.rootseq() <= seq) {
      w.replyTo().tell(StatusReply.success(snapshot()));
    } else {
      if (waiters == null) {
        waiters = new VersionWaiters<>();
      }
      waiters.add(w.rootseq(), w.replyTo(), System.nanoTime());
      if (expiry == null) {
        scheduleExpiry(services.askTimeout().plusMillis(10));
      }
    }
    return this;
  }

  private Behavior<Command> onGetStats(GetStats g) {
    int waiting = waiters == null ? 0 : waiters.size();
    g.replyTo().tell(new NamespaceStats(name, waiting, noopStores, transactions, queue.size(), seq));
    return this;
  }

  private Behavior<Command> onSetRootPause(SetRootPause p) {
    if (!p.caller().mayAccess(owner)) {
      p.replyTo().tell(StatusReply.error(denied()));
      return this;
    }
    paused = p.pause();
    if (!paused) {
      releaseHeld();
    }
    p.replyTo().tell(StatusReply.ack());
    return this;
  }

  private void releaseHeld() {
    held.forEach(h -> h.replyTo().tell(h.reply()));
    held.clear();
  }

  private Behavior<Command> onRemove() {
    releaseHeld(); // those commits were applied before the removal
    KvsException gone = KvsError.NOT_SUPPORTED.failure("kvs: namespace removed: " + name);
    if (waiters != null) {
      StatusReply<RootSnapshot> waiterAnswer = StatusReply.error(gone);
      waiters.takeAll().forEach(w -> w.tell(waiterAnswer));
    }
    if (expiry != null) {
      expiry.cancel();
    }
    List<PendingTxn<Pending>> queued = new ArrayList<>(queue);
    queue.clear();
    if (!queued.isEmpty()) {
      fail(queued, gone);
    }
    services.liveRoots().removed(name);
    services.publisher().tell(new EventPublisher.Publish(
        new KvsEvent.NamespaceRemoved(name, services.epoch())));
    return Behaviors.stopped();
  }
}
