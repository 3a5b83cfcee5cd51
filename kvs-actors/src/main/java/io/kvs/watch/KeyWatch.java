package io.kvs.watch;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.javadsl.StashBuffer;
import akka.pattern.StatusReply;
import io.kvs.KvsError;
import io.kvs.KvsException;
import io.kvs.content.BlobFetcher;
import io.kvs.events.KvsEvent;
import io.kvs.lookup.Lookup;
import io.kvs.lookup.LookupFlags;
import io.kvs.lookup.LookupStep;
import io.kvs.lookup.RootResolution;
import io.kvs.namespace.LookupResult;
import io.kvs.namespace.RootSnapshot;
import io.kvs.rank.KvsRank;
import io.kvs.treeobj.BlobRef;
import io.kvs.treeobj.TreeObj;
import java.util.HashSet;
import java.util.List;

/**
 * One watch: a child of the rank's {@link WatchService}, alive from the request until its
 * {@code End}. It reads the namespace's root (its caller's access checked), answers from that
 * snapshot, then handles the events the service routes to it one at a time, in commit order:
 * a lookup at each new root, answered inline from local blobs when it can, through the rank
 * otherwise, with later events stashed meanwhile. What it sends follows KVS-SPEC §3.3.
 *
 * <p>Events can be lost (DESIGN §5). The service reports a gap in a namespace's seqs; and once,
 * {@code resyncAfter} after it starts, a watcher reads the root again: if it is still behind
 * that root {@link #CATCH_UP} later, events were lost while its topic subscription spread. In
 * both cases it looks its key up at the newer root and answers only if the value changed, so
 * no change of value is missed and nobody waits forever.
 */
final class KeyWatch extends AbstractBehavior<KeyWatch.Command> {

  interface Command {}

  /** A setroot for this namespace; {@code gap}: events may have been lost before it. */
  record Changed(KvsEvent.RootChanged event, boolean gap) implements Command {}

  /** The namespace was removed. */
  enum Removed implements Command { INSTANCE }

  /** The namespace was created (wakes a WAITCREATE watch on a missing namespace). */
  enum Created implements Command { INSTANCE }

  /** The client cancelled. */
  enum Cancelled implements Command { INSTANCE }

  private enum Resync implements Command { INSTANCE }

  /** Checks, a while after a resync found a newer root, whether events have caught up. */
  private record ResyncCheck(KvsEvent.RootChanged target) implements Command {}

  /** How long events get to catch up with a root seen by a resync before it counts as a gap. */
  private static final java.time.Duration CATCH_UP = java.time.Duration.ofMillis(500);

  private record RootRead(StatusReply<RootSnapshot> reply, Throwable failure, boolean resync)
      implements Command {}

  private record Looked(StatusReply<LookupResult> reply, Throwable failure, long seq, Mode mode)
      implements Command {}

  private record Fetched(BlobFetcher.Fetched fetched, List<BlobRef> refs) implements Command {}

  private enum Mode { INITIAL, EVENT, GAP }

  private final WatchProtocol.Watch spec;
  private final WatchServices services;
  private final StashBuffer<Command> stash;
  private final String key;
  private final int flags;
  private final AppendCursor cursor = new AppendCursor();
  private long seq = -1;
  private long epoch = -1;
  private TreeObj last;
  private boolean started;
  private boolean busy;
  private Mode pendingMode;

  static Behavior<Command> create(WatchProtocol.Watch spec, WatchServices services) {
    return Behaviors.setup(ctx -> Behaviors.withStash(10_000, stash -> Behaviors.withTimers(t -> {
      t.startSingleTimer(Resync.INSTANCE, services.resyncAfter());
      return new KeyWatch(ctx, spec, services, stash, t);
    })));
  }

  private final akka.actor.typed.javadsl.TimerScheduler<Command> timers;

  private KeyWatch(ActorContext<Command> ctx, WatchProtocol.Watch spec, WatchServices services,
      StashBuffer<Command> stash, akka.actor.typed.javadsl.TimerScheduler<Command> timers) {
    super(ctx);
    this.timers = timers;
    this.spec = spec;
    this.services = services;
    this.stash = stash;
    this.key = spec.key();
    this.flags = spec.flags();
    readRoot(false);
  }

  private boolean has(int flag) {
    return WatchFlags.has(flags, flag);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(RootRead.class, this::onRootRead)
        .onMessage(Looked.class, this::onLooked)
        .onMessage(Fetched.class, this::onFetched)
        .onMessage(Changed.class, this::onChanged)
        .onMessage(ResyncCheck.class, this::onResyncCheck)
        .onMessageEquals(Resync.INSTANCE, () -> {
          readRoot(true);
          return this;
        })
        .onMessageEquals(Created.INSTANCE, () -> {
          if (!started) {
            readRoot(false);
          }
          return this;
        })
        .onMessageEquals(Removed.INSTANCE, () -> end(KvsError.NOT_SUPPORTED,
            "kvs: namespace removed: " + spec.namespace()))
        .onMessageEquals(Cancelled.INSTANCE, () -> end(KvsError.NO_DATA, "kvs: watch cancelled"))
        .build();
  }

  private void readRoot(boolean resync) {
    getContext().ask(StatusReply.class, services.rank(), services.timeout(),
        (ActorRef<StatusReply> r) -> new KvsRank.GetFreshRoot(spec.namespace(), spec.caller(),
            cast(r)),
        (reply, failure) -> new RootRead(castReply(reply), failure, resync));
  }

  private Behavior<Command> onRootRead(RootRead r) {
    KvsException error = error(r.reply(), r.failure());
    if (error != null) {
      boolean waitForNamespace = error.error() == KvsError.NOT_SUPPORTED
          && has(LookupFlags.WAITCREATE) && !started;
      return waitForNamespace || r.resync() ? this : end(error.error(), error.getMessage());
    }
    RootSnapshot root = r.reply().getValue();
    if (!started) {
      started = true;
      seq = root.rootseq();
      epoch = root.epoch();
      return lookup(root.rootref(), root.rootseq(), Mode.INITIAL);
    }
    if (root.epoch() != epoch || root.rootseq() > seq) {
      timers.startSingleTimer(new ResyncCheck(new KvsEvent.RootChanged(spec.namespace(),
          root.epoch(), root.rootseq(), root.rootref(), List.of(), List.of(), root.owner())),
          CATCH_UP);
    }
    return this;
  }

  private Behavior<Command> onResyncCheck(ResyncCheck c) {
    KvsEvent.RootChanged target = c.target();
    boolean behind = target.epoch() != epoch || target.rootseq() > seq;
    return behind ? onChanged(new Changed(target, true)) : this;
  }

  private Behavior<Command> onChanged(Changed c) {
    if (!started) {
      return this;
    }
    if (busy) {
      stash.stash(c);
      return this;
    }
    KvsEvent.RootChanged e = c.event();
    if (e.epoch() == epoch && e.rootseq() <= seq) {
      return this;
    }
    if (!spec.caller().mayAccess(e.owner())) {
      return end(KvsError.PERMISSION, "kvs: permission denied: namespace " + spec.namespace());
    }
    seq = e.rootseq();
    epoch = e.epoch();
    return lookup(e.rootref(), e.rootseq(), c.gap() ? Mode.GAP : Mode.EVENT);
  }

  private Behavior<Command> lookup(BlobRef rootref, long atSeq, Mode mode) {
    int lookupFlags = WatchFlags.lookupFlags(flags);
    LookupStep step = Lookup.run(rootref, spec.namespace(), key, lookupFlags, services.blobs(),
        ns -> new RootResolution.Unresolved());
    if (step instanceof LookupStep.Found f) {
      return found(f.value(), mode);
    } else if (step instanceof LookupStep.NotFound) {
      return notFound(mode);
    } else if (step instanceof LookupStep.Failed f) {
      return end(f.error(), f.message());
    }
    busy = true;
    getContext().ask(StatusReply.class, services.rank(), services.timeout(),
        (ActorRef<StatusReply> r) -> new KvsRank.Lookup(null, key, lookupFlags,
            TreeObj.DirRef.of(rootref), spec.caller(), cast(r)),
        (reply, failure) -> new Looked(castReply(reply), failure, atSeq, mode));
    return this;
  }

  private Behavior<Command> onLooked(Looked l) {
    busy = false;
    KvsException error = error(l.reply(), l.failure());
    Behavior<Command> next;
    if (error == null) {
      next = found(l.reply().getValue().val(), l.mode());
    } else if (error.error() == KvsError.NOT_FOUND) {
      next = notFound(l.mode());
    } else {
      next = end(error.error(), error.getMessage());
    }
    return busy ? next : stash.unstashAll(next);
  }

  private Behavior<Command> notFound(Mode mode) {
    if (last == null && has(LookupFlags.WAITCREATE)) {
      return this;
    }
    return end(KvsError.NOT_FOUND, "kvs: key not found: " + key);
  }

  private Behavior<Command> found(TreeObj value, Mode mode) {
    if (has(LookupFlags.WATCH_APPEND) || has(LookupFlags.STREAM)) {
      return appended(value, mode);
    }
    boolean unchanged = value.equals(last);
    boolean quiet = has(LookupFlags.WATCH_UNIQ) || has(LookupFlags.WATCH_FULL)
        || mode == Mode.GAP;
    if (unchanged && quiet && mode != Mode.INITIAL) {
      return this;
    }
    last = value;
    spec.replyTo().tell(new WatchProtocol.Response.Value(value));
    return has(LookupFlags.WATCH) ? this : end(KvsError.NO_DATA, "kvs: end of stream");
  }

  private Behavior<Command> appended(TreeObj value, Mode mode) {
    last = value;
    AppendCursor.Step step = cursor.next(key, value);
    if (step instanceof AppendCursor.Fail f) {
      return end(f.error(), f.message());
    }
    if (step instanceof AppendCursor.SendInline s) {
      spec.replyTo().tell(new WatchProtocol.Response.Value(s.val()));
    } else if (step instanceof AppendCursor.Send s) {
      return sendBlobs(s.refs(), mode);
    }
    return afterAppend(mode);
  }

  private Behavior<Command> sendBlobs(List<BlobRef> refs, Mode mode) {
    HashSet<BlobRef> missing = new HashSet<>();
    for (BlobRef ref : refs) {
      if (services.blobs().raw(ref) == null) {
        missing.add(ref);
      }
    }
    if (missing.isEmpty()) {
      for (BlobRef ref : refs) {
        spec.replyTo().tell(new WatchProtocol.Response.Value(
            new TreeObj.Val(services.blobs().raw(ref))));
      }
      return afterAppend(mode);
    }
    if (services.fetcher() == null) {
      return end(KvsError.NOT_FOUND, "kvs: blob not found in the content store: "
          + missing.iterator().next());
    }
    busy = true;
    services.fetcher().tell(new BlobFetcher.Fetch(missing, getContext().messageAdapter(
        BlobFetcher.Fetched.class, f -> new Fetched(f, refs))));
    pendingMode = mode;
    return this;
  }

  private Behavior<Command> onFetched(Fetched f) {
    busy = false;
    Behavior<Command> next;
    if (f.fetched().failure() != null) {
      next = end(f.fetched().failure().error(), f.fetched().failure().getMessage());
    } else if (!f.fetched().missing().isEmpty()) {
      next = end(KvsError.NOT_FOUND, "kvs: blob not found: " + f.fetched().missing());
    } else {
      next = sendBlobs(f.refs(), pendingMode);
    }
    return busy ? next : stash.unstashAll(next);
  }

  private Behavior<Command> afterAppend(Mode mode) {
    if (mode == Mode.INITIAL && has(LookupFlags.WATCH_INITIAL_SENTINEL)) {
      spec.replyTo().tell(new WatchProtocol.Response.Sentinel());
    }
    return has(LookupFlags.WATCH) ? this : end(KvsError.NO_DATA, "kvs: end of stream");
  }

  private Behavior<Command> end(KvsError error, String message) {
    spec.replyTo().tell(new WatchProtocol.Response.End(error, message));
    return Behaviors.stopped();
  }

  private static KvsException error(StatusReply<?> reply, Throwable failure) {
    if (reply != null && reply.isSuccess()) {
      return null;
    }
    if (reply != null && reply.getError() instanceof KvsException k) {
      return k;
    }
    return KvsError.TIMED_OUT.failure("kvs: watch request not answered: "
        + (reply != null ? reply.getError().getMessage() : String.valueOf(failure)));
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static <T> ActorRef<StatusReply<T>> cast(ActorRef<StatusReply> ref) {
    return (ActorRef) ref;
  }

  @SuppressWarnings("unchecked")
  private static <T> StatusReply<T> castReply(StatusReply<?> reply) {
    return (StatusReply<T>) reply;
  }
}
