package io.kvs.watch;

import akka.actor.typed.ActorRef;
import io.kvs.Caller;
import io.kvs.KvsError;
import io.kvs.KvsException;
import io.kvs.RootVersion;
import io.kvs.content.BlobFetcher;
import io.kvs.content.BlobSource;
import io.kvs.events.KvsEvent;
import io.kvs.lookup.Lookup;
import io.kvs.lookup.LookupFlags;
import io.kvs.lookup.LookupStep;
import io.kvs.lookup.RootResolution;
import io.kvs.namespace.RootSnapshot;
import io.kvs.treeobj.BlobRef;
import io.kvs.treeobj.TreeObj;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One watch (KVS-SPEC §3.3): a plain object that its rank's {@link WatchService} keeps from the
 * request until the watch's {@code End}, so that a watcher costs a few hundred bytes rather
 * than an actor. It reads the namespace's root (its caller's access checked), answers from
 * that snapshot, then takes the setroots routed to it one at a time, in commit order: a lookup
 * at each new root, answered inline from local blobs when it can, through the rank otherwise,
 * with later setroots queued meanwhile. Everything it needs done outside itself goes through
 * {@link Io}, whose answers come back through its {@code on...} methods; no actor in here.
 *
 * <p>Events can be lost (DESIGN §5). The service reports a gap in a namespace's seqs; and on a
 * follower, a while after it starts, a watcher reads the root again ({@link #resync}): if it
 * is still behind that root {@link #CATCH_UP} later, events were lost while its topic
 * subscription spread. In both cases it looks its key up at the newer root and answers only if
 * the value changed, so no change of value is missed and nobody waits forever.
 */
final class Watcher {

  /** What a watcher needs done; each asynchronous answer comes back to one of its methods. */
  interface Io {
    /** The rank's blobs. */
    BlobSource blobs();

    /** Read the namespace's root at the root rank, access checked; answer {@link #onRoot}. */
    void readRoot(Watcher w, boolean resync);

    /** Look the key up at {@code rootref} through the rank; answer {@link #onLooked}. */
    void lookup(Watcher w, BlobRef rootref, int lookupFlags, Mode mode);

    /** Fetch {@code missing} into {@link #blobs}; false if this rank cannot fetch. */
    boolean fetch(Watcher w, Set<BlobRef> missing, List<BlobRef> refs, Mode mode);

    /** Call {@link #onCatchUpCheck} with {@code target} {@link #CATCH_UP} from now. */
    void checkLater(Watcher w, KvsEvent.RootChanged target);

    /** Send {@code r} to the watcher's client. */
    void send(Watcher w, WatchProtocol.Response r);

    /** The watcher has sent its End: forget it. */
    void ended(Watcher w);
  }

  /** Why a lookup is made: the first answer, a routed setroot, or a gap. */
  enum Mode { INITIAL, EVENT, GAP }

  /** How long events get to catch up with a root seen by a resync before it counts as a gap. */
  static final java.time.Duration CATCH_UP = java.time.Duration.ofMillis(500);

  /** Setroots queued behind a lookup at most; beyond that they collapse into one gap. */
  static final int MAX_QUEUED = 10_000;

  private record Queued(KvsEvent.RootChanged event, boolean gap) {}

  final ActorRef<WatchProtocol.Response> replyTo;
  final long id;
  final String namespace;
  final String key;
  private final int flags;
  private final Caller caller;
  private final Io io;
  /** Whether the service has put it in its index (kept by the service). */
  boolean indexed;
  private long seq = -1;
  private long epoch = -1;
  private TreeObj last;
  private boolean started;
  private boolean busy;
  private boolean ended;
  /** Only for WATCH_APPEND and STREAM. */
  private AppendCursor cursor;
  /**
   * Setroots that arrived while a lookup or fetch was out, or before the first root was read;
   * created when first needed.
   */
  private ArrayDeque<Queued> queued;

  /** A watcher of normalized {@code key}; nothing happens until {@link #start}. */
  Watcher(WatchProtocol.Watch w, String key, Io io) {
    this.replyTo = w.replyTo();
    this.id = w.id();
    this.namespace = w.namespace();
    this.key = key;
    this.flags = w.flags();
    this.caller = w.caller();
    this.io = io;
  }

  boolean full() {
    return has(LookupFlags.WATCH_FULL);
  }

  Caller caller() {
    return caller;
  }

  boolean isEnded() {
    return ended;
  }

  /** Reads the root, to answer from it. */
  void start() {
    if (!ended) {
      io.readRoot(this, false);
    }
  }

  /** Reads the root once more, to notice events lost while the subscription spread. */
  void resync() {
    if (!ended && started) {
      io.readRoot(this, true);
    }
  }

  /** The namespace was created: a WAITCREATE watch on a missing namespace starts. */
  void onCreated() {
    if (!ended && !started) {
      io.readRoot(this, false);
    }
  }

  void onRemoved() {
    end(KvsError.NOT_SUPPORTED, "kvs: namespace removed: " + namespace);
  }

  /** The client cancelled. */
  void cancel() {
    end(KvsError.NO_DATA, "kvs: watch cancelled");
  }

  /** Ends without an answer: its client dropped it or is gone. */
  void drop() {
    if (!ended) {
      ended = true;
      queued = null;
      io.ended(this);
    }
  }

  /** Ends with {@code error} (the service itself is going, or the topic never came alive). */
  void fail(KvsError error, String message) {
    end(error, message);
  }

  /** The answer to {@link Io#readRoot}: a snapshot or an error. */
  void onRoot(RootSnapshot root, KvsException error, boolean resync) {
    if (ended) {
      return;
    }
    if (error != null) {
      boolean waitForNamespace = error.error() == KvsError.NOT_SUPPORTED
          && has(LookupFlags.WAITCREATE) && !started;
      if (!waitForNamespace && !resync) {
        end(error.error(), error.getMessage());
      }
      return;
    }
    if (!started) {
      started = true;
      seq = root.rootseq();
      epoch = root.epoch();
      lookup(root.rootref(), Mode.INITIAL);
      drain(); // setroots that arrived before the root: those newer than it count
    } else if (resync && RootVersion.isNewer(root.epoch(), root.rootseq(), epoch, seq)) {
      io.checkLater(this, new KvsEvent.RootChanged(namespace, root.epoch(), root.rootseq(),
          root.rootref(), List.of(), List.of(), root.owner()));
    }
  }

  /** A resync saw {@code target} {@link #CATCH_UP} ago: still behind it means a gap. */
  void onCatchUpCheck(KvsEvent.RootChanged target) {
    if (RootVersion.isNewer(target.epoch(), target.rootseq(), epoch, seq)) {
      onChanged(target, true);
    }
  }

  /** A setroot of the namespace; {@code gap}: events may have been lost before it. */
  void onChanged(KvsEvent.RootChanged e, boolean gap) {
    if (ended) {
      return;
    }
    if (busy || !started) { // !started: its first root is being read; kept for after it
      queue(e, gap);
      return;
    }
    if (!RootVersion.isNewer(e.epoch(), e.rootseq(), epoch, seq)) {
      return;
    }
    if (!caller.mayAccess(e.owner())) {
      end(KvsError.PERMISSION, "kvs: permission denied: namespace " + namespace);
      return;
    }
    seq = e.rootseq();
    epoch = e.epoch();
    lookup(e.rootref(), gap ? Mode.GAP : Mode.EVENT);
  }

  private void queue(KvsEvent.RootChanged e, boolean gap) {
    if (queued == null) {
      queued = new ArrayDeque<>(4);
    }
    if (queued.size() >= MAX_QUEUED) {
      queued.clear(); // a lookup at the newest root covers them: values may be skipped, none lost
      gap = true;
    }
    queued.add(new Queued(e, gap));
  }

  /** The answer to {@link Io#lookup}: the value, or an error. */
  void onLooked(TreeObj value, KvsException error, Mode mode) {
    if (ended) {
      return;
    }
    busy = false;
    if (error == null) {
      found(value, mode);
    } else if (error.error() == KvsError.NOT_FOUND) {
      notFound();
    } else {
      end(error.error(), error.getMessage());
    }
    drain();
  }

  /** The answer to {@link Io#fetch}. */
  void onFetched(BlobFetcher.Fetched fetched, List<BlobRef> refs, Mode mode) {
    if (ended) {
      return;
    }
    busy = false;
    if (fetched.failure() != null) {
      end(fetched.failure().error(), fetched.failure().getMessage());
    } else if (!fetched.missing().isEmpty()) {
      end(KvsError.NOT_FOUND, "kvs: blob not found: " + fetched.missing());
    } else {
      sendBlobs(refs, mode);
    }
    drain();
  }

  private void drain() {
    while (!busy && !ended && queued != null && !queued.isEmpty()) {
      Queued q = queued.poll();
      onChanged(q.event(), q.gap());
    }
    if (queued != null && queued.isEmpty()) {
      queued = null;
    }
  }

  private boolean has(int flag) {
    return WatchFlags.has(flags, flag);
  }

  private void lookup(BlobRef rootref, Mode mode) {
    int lookupFlags = WatchFlags.lookupFlags(flags);
    LookupStep step = Lookup.run(rootref, namespace, key, lookupFlags, io.blobs(),
        ns -> new RootResolution.Unresolved());
    if (step instanceof LookupStep.Found f) {
      found(f.value(), mode);
    } else if (step instanceof LookupStep.NotFound) {
      notFound();
    } else if (step instanceof LookupStep.Failed f) {
      end(f.error(), f.message());
    } else {
      busy = true;
      io.lookup(this, rootref, lookupFlags, mode);
    }
  }

  private void notFound() {
    if (last == null && has(LookupFlags.WAITCREATE)) {
      return;
    }
    end(KvsError.NOT_FOUND, "kvs: key not found: " + key);
  }

  private void found(TreeObj value, Mode mode) {
    if (has(LookupFlags.WATCH_APPEND) || has(LookupFlags.STREAM)) {
      appended(value, mode);
      return;
    }
    boolean unchanged = value.equals(last);
    boolean quiet = has(LookupFlags.WATCH_UNIQ) || has(LookupFlags.WATCH_FULL)
        || mode == Mode.GAP;
    if (unchanged && quiet && mode != Mode.INITIAL) {
      return;
    }
    last = value;
    io.send(this, new WatchProtocol.Response.Value(id, value));
    endUnlessWatching();
  }

  private void appended(TreeObj value, Mode mode) {
    last = value;
    if (cursor == null) {
      cursor = new AppendCursor();
    }
    AppendCursor.Step step = cursor.next(key, value);
    if (step instanceof AppendCursor.Fail f) {
      end(f.error(), f.message());
      return;
    }
    if (step instanceof AppendCursor.SendInline s) {
      io.send(this, new WatchProtocol.Response.Value(id, s.val()));
    } else if (step instanceof AppendCursor.Send s) {
      sendBlobs(s.refs(), mode);
      return;
    }
    afterAppend(mode);
  }

  private void sendBlobs(List<BlobRef> refs, Mode mode) {
    BlobSource blobs = io.blobs();
    Set<BlobRef> missing = new HashSet<>();
    for (BlobRef ref : refs) {
      if (blobs.raw(ref) == null) {
        missing.add(ref);
      }
    }
    if (!missing.isEmpty()) {
      busy = true;
      if (!io.fetch(this, missing, refs, mode)) {
        busy = false;
        end(KvsError.NOT_FOUND, "kvs: blob not found in the content store: "
            + missing.iterator().next());
      }
      return;
    }
    for (BlobRef ref : refs) {
      io.send(this, new WatchProtocol.Response.Value(id, new TreeObj.Val(blobs.raw(ref))));
    }
    afterAppend(mode);
  }

  private void afterAppend(Mode mode) {
    if (mode == Mode.INITIAL && has(LookupFlags.WATCH_INITIAL_SENTINEL)) {
      io.send(this, new WatchProtocol.Response.Sentinel(id));
    }
    endUnlessWatching();
  }

  private void endUnlessWatching() {
    if (!has(LookupFlags.WATCH)) {
      end(KvsError.NO_DATA, "kvs: end of stream");
    }
  }

  private void end(KvsError error, String message) {
    if (ended) {
      return;
    }
    ended = true;
    queued = null;
    io.send(this, new WatchProtocol.Response.End(id, error, message));
    io.ended(this);
  }
}
