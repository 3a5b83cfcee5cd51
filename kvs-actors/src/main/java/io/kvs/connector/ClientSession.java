package io.kvs.connector;

import akka.Done;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.PostStop;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.pattern.StatusReply;
import io.kvs.Asks;
import io.kvs.Caller;
import io.kvs.KvsError;
import io.kvs.KvsException;
import io.kvs.namespace.Committed;
import io.kvs.namespace.LookupResult;
import io.kvs.namespace.RootSnapshot;
import io.kvs.rank.KvsRank;
import io.kvs.rank.KvsStats;
import io.kvs.watch.WatchProtocol;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * One client connection: turns its requests into {@link KvsRank} messages and their replies into
 * response lines. Owns the {@link Connection} (its reader and writer threads) and closes it when
 * it stops; a child of the {@link Connector}, it lives until the client hangs up or the
 * connector stops.
 *
 * <p>{@code kvs.lookup}, the hot path, skips this actor: the reader thread asks the rank itself
 * and the reply is rendered and queued on the thread that answers it (two fewer thread
 * hand-offs per round trip). For everything else the reader thread sends {@code Received};
 * each request is sent to the rank with {@code
 * ActorContext.ask} (a per-request promise, not an actor, timing out after the ask timeout) so
 * that the reply comes back tagged with its matchtag; the rendered line goes to the writer
 * thread. The session keeps no per-request state beyond that closure, except for unanswered
 * {@code kvs.wait-version} requests: when the client goes, the rank is told to drop those
 * waiters at once ({@link KvsRank.Disconnected}) rather than when their asks time out.
 *
 * <p>Streams ({@code kvs-watch.lookup}) are the exception: they live in {@link SessionStreams}
 * until their last response, so that {@code kvs-watch.cancel} can name them; the watch service
 * answers all of them to the session's one adapter, which stops with the session, so a
 * disconnect drops every watch of the connection at once.
 */
public final class ClientSession extends AbstractBehavior<ClientSession.Command> {

  /** Messages to a session (all internal: the session is driven by its socket). */
  public interface Command {}

  private record Received(Frame.Request request) implements Command {}

  private record Answered(long matchtag, byte[] line) implements Command {}

  /** The answer to the wait-version {@code id} (no longer parked). */
  private record WaitAnswered(long id, Answered answered) implements Command {}

  /** The first half of a {@code kvs.lookup-plus}: the root the lookup will read. */
  private record RootForLookupPlus(long matchtag, Caller who, WireRequest.LookupPlus request,
      StatusReply<RootSnapshot> reply, Throwable failure) implements Command {}

  private enum Closed implements Command { INSTANCE }

  private enum RankGone implements Command { INSTANCE }

  private enum WatchGone implements Command { INSTANCE }

  /** A response of the watch service to one of the connection's streams. */
  private record WatchReply(WatchProtocol.Response response) implements Command {}

  private final ActorRef<KvsRank.Command> rank;
  private final Duration timeout;
  private final Caller caller;
  private final Connection connection;
  private final ActorRef<WatchProtocol.Command> watch;
  private final ConnectorSettings settings;
  /** Null without a watch service. */
  private final SessionStreams streams;
  /** Unanswered wait-versions by id: dropped at the rank when the client goes. */
  private final Map<Long, KvsRank.ParkedWait> parked = new HashMap<>();
  private long waitIds;
  /** Read by the reader thread and by reply callbacks of the lookup fast path too. */
  private volatile boolean rankGone;
  private boolean watchGone;

  /** A session sending watch topics to {@code watch}; null answers them ENOSYS. */
  static Behavior<Command> create(ActorRef<KvsRank.Command> rank,
      ActorRef<WatchProtocol.Command> watch, Duration timeout, Caller caller,
      Connection connection, ConnectorSettings settings) {
    return Behaviors.setup(ctx -> new ClientSession(ctx, rank, watch, timeout, caller,
        connection, settings));
  }

  private ClientSession(ActorContext<Command> ctx, ActorRef<KvsRank.Command> rank,
      ActorRef<WatchProtocol.Command> watch, Duration timeout, Caller caller,
      Connection connection, ConnectorSettings settings) {
    super(ctx);
    this.rank = rank;
    this.watch = watch;
    this.timeout = timeout;
    this.caller = caller;
    this.connection = connection;
    this.settings = settings;
    ctx.watchWith(rank, RankGone.INSTANCE);
    if (watch != null) {
      ctx.watchWith(watch, WatchGone.INSTANCE);
      streams = new SessionStreams(connection, settings, watch,
          ctx.messageAdapter(WatchProtocol.Response.class, WatchReply::new));
    } else {
      streams = null;
    }
    ActorRef<Command> self = ctx.getSelf();
    akka.actor.typed.Scheduler scheduler = ctx.getSystem().scheduler();
    connection.start(r -> {
      if (!lookupDirectly(r, scheduler)) {
        self.tell(new Received(r));
      }
    }, () -> self.tell(Closed.INSTANCE));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Received.class, this::onReceived)
        .onMessage(Answered.class, this::onAnswered)
        .onMessage(WaitAnswered.class, w -> {
          parked.remove(w.id());
          return onAnswered(w.answered());
        })
        .onMessage(RootForLookupPlus.class, this::onRootForLookupPlus)
        .onMessage(WatchReply.class, r -> {
          if (!watchGone) {
            streams.onResponse(r.response());
          }
          return this;
        })
        .onMessage(Closed.class, c -> Behaviors.stopped())
        .onMessage(RankGone.class, g -> onRankGone())
        .onMessage(WatchGone.class, g -> onWatchGone())
        .onSignal(PostStop.class, s -> onStop())
        .build();
  }

  private Behavior<Command> onReceived(Received m) {
    Frame.Request r = m.request();
    long mt = r.matchtag();
    Caller who = effectiveCaller(r.userid());
    if (who == null) {
      return answer(mt, WireCodec.error(mt, KvsError.PERMISSION.errnum(),
          "kvs: only the instance owner may set userid"));
    }
    WireRequest b = r.body();
    if (b instanceof WireRequest.Ping p) {
      return answer(mt, ReplyPayloads.ping(mt, p.payload()));
    }
    if (b instanceof WireRequest.WatchLookup w) {
      return startStream(mt, who, w);
    }
    if (b instanceof WireRequest.WatchCancel c) {
      return cancelStream(c.matchtag());
    }
    if (rankGone) {
      return answer(mt, WireCodec.error(mt, KvsError.NOT_IMPLEMENTED.errnum(),
          "kvs: the rank is gone"));
    }
    dispatch(mt, who, b);
    return this;
  }

  /**
   * The hot path of {@code kvs.lookup}, run on the connection's reader thread: the request goes
   * straight to the rank (an ask from outside the actor) and the reply is rendered on the
   * common pool and written there when the socket takes it at once, so a lookup does not wait
   * for this session actor to be scheduled twice. Anything else, or a request this cannot take
   * (an unknown userid), goes through the session; false then.
   */
  private boolean lookupDirectly(Frame.Request r, akka.actor.typed.Scheduler scheduler) {
    if (!(r.body() instanceof WireRequest.Lookup l) || rankGone) {
      return false;
    }
    Caller who = effectiveCaller(r.userid());
    if (who == null) {
      return false;
    }
    long mt = r.matchtag();
    // The answer comes on the thread of the actor that answers (the namespace's, or the
    // rank's for a rootdir lookup), inside its turn: rendering and writing it there cost that
    // actor half its read throughput (4 connections reading one key: 68k-81k lookups/s against
    // 124k-132k/s), for 10-14 us less per round trip. So it is rendered on the common pool.
    Asks.<KvsRank.Command, StatusReply<LookupResult>>ask(rank, timeout, scheduler,
        to -> new KvsRank.Lookup(l.namespace(), l.key(), l.flags(), l.rootdir(), who, to),
        (reply, failure) -> ForkJoinPool.commonPool().execute(() -> {
          byte[] line = render(mt, reply, failure, v -> ReplyPayloads.lookup(mt, v));
          if (mt == 0 || line == null) {
            connection.skip();
          } else {
            connection.sendNow(line);
          }
        }));
    return true;
  }

  /** The caller a request acts as, or null when it may not set that userid. */
  private Caller effectiveCaller(long userid) {
    if (userid < 0) {
      return caller;
    }
    if (caller.isOwner()) {
      return Caller.user(userid);
    }
    return userid == caller.userid() ? caller : null;
  }

  /**
   * Sends a request to the rank. {@code kvs.lookup} never gets here: {@link #lookupDirectly}
   * takes it, and what it leaves (an unknown userid, a rank gone) {@link #onReceived} refuses.
   */
  private void dispatch(long mt, Caller who, WireRequest b) {
    if (b instanceof WireRequest.LookupPlus l) {
      lookupPlus(mt, who, l);
    } else if (b instanceof WireRequest.Commit c) {
      this.<Committed>ask(mt, to -> new KvsRank.Commit(c.namespace(), c.flags(), c.ops(), who, to),
          v -> ReplyPayloads.commit(mt, v));
    } else if (b instanceof WireRequest.GetRoot g) {
      this.<RootSnapshot>ask(mt, to -> new KvsRank.GetRoot(g.namespace(), who, to),
          v -> ReplyPayloads.getroot(mt, v));
    } else if (b instanceof WireRequest.WaitVersion w) {
      waitVersion(mt, who, w);
    } else if (b instanceof WireRequest.SetRootPause p) {
      this.<Done>ask(mt, to -> new KvsRank.SetRootPause(p.namespace(), p.pause(), who, to),
          v -> ReplyPayloads.empty(mt));
    } else if (b instanceof WireRequest.ConfigReload) {
      this.<KvsRank.ConfigReloaded>ask(mt, to -> new KvsRank.ReloadConfig(who, to),
          v -> ReplyPayloads.configReloaded(mt, v));
    } else if (b instanceof WireRequest.CreateNamespace c) {
      this.<Done>ask(mt, to -> new KvsRank.CreateNamespace(c.namespace(), c.owner(), c.rootref(),
          c.flags(), who, to), v -> ReplyPayloads.empty(mt));
    } else if (b instanceof WireRequest.RemoveNamespace rm) {
      this.<Done>ask(mt, to -> new KvsRank.RemoveNamespace(rm.namespace(), who, to),
          v -> ReplyPayloads.empty(mt));
    } else if (b instanceof WireRequest.ListNamespaces) {
      this.<KvsRank.NamespaceList>ask(mt, to -> new KvsRank.ListNamespaces(who, to),
          v -> ReplyPayloads.list(mt, v));
    } else {
      WireRequest.GetStats s = (WireRequest.GetStats) b;
      this.<KvsStats>ask(mt, to -> new KvsRank.GetStats(s.namespace(), who, to),
          v -> ReplyPayloads.stats(mt, v));
    }
  }

  /** A wait-version, remembered until answered so that a disconnect can drop it at the rank. */
  private void waitVersion(long mt, Caller who, WireRequest.WaitVersion w) {
    long id = ++waitIds;
    this.<RootSnapshot>askRank(to -> {
      parked.put(id, new KvsRank.ParkedWait(w.namespace(), w.rootseq(), to));
      return new KvsRank.WaitVersion(w.namespace(), w.rootseq(), who, to);
    }, (reply, failure) -> new WaitAnswered(id, new Answered(mt,
        render(mt, reply, failure, v -> ReplyPayloads.waitVersion(mt, v)))));
  }

  /**
   * {@code kvs.lookup-plus}: the namespace's root as this rank has it, then the lookup at that
   * root (a {@code rootdir} lookup), so the answer and the root it reports are one snapshot.
   */
  private void lookupPlus(long mt, Caller who, WireRequest.LookupPlus l) {
    this.<RootSnapshot>askRank(to -> new KvsRank.GetRoot(l.namespace(), who, to),
        (reply, failure) -> new RootForLookupPlus(mt, who, l, reply, failure));
  }

  private Behavior<Command> onRootForLookupPlus(RootForLookupPlus r) {
    if (r.failure() != null || r.reply().isError()) {
      return answer(r.matchtag(), render(r.matchtag(), r.reply(), r.failure(), v -> null));
    }
    RootSnapshot root = r.reply().getValue();
    WireRequest.LookupPlus l = r.request();
    long mt = r.matchtag();
    this.<LookupResult>askThen(mt, to -> new KvsRank.Lookup(l.namespace(), l.key(), l.flags(),
        io.kvs.treeobj.TreeObj.DirRef.of(root.rootref()), r.who(), to),
        v -> ReplyPayloads.lookupPlus(mt, v.val(), root),
        e -> e.error() == KvsError.NOT_FOUND ? ReplyPayloads.lookupPlus(mt, null, root) : null);
    return this;
  }

  /**
   * Like {@link #ask}, with {@code onError} choosing the line for an error reply (null: the
   * usual error line).
   */
  private <T> void askThen(long mt, Function<ActorRef<StatusReply<T>>, KvsRank.Command> request,
      Function<T, byte[]> render, Function<KvsException, byte[]> onError) {
    askRank(request, (reply, failure) -> {
      if (reply != null && reply.isError() && reply.getError() instanceof KvsException k) {
        byte[] line = onError.apply(k);
        if (line != null) {
          return new Answered(mt, mt == 0 ? null : line);
        }
      }
      return new Answered(mt, render(mt, reply, failure, render));
    });
  }

  private <T> void ask(long mt, Function<ActorRef<StatusReply<T>>, KvsRank.Command> request,
      Function<T, byte[]> render) {
    askRank(request, (reply, failure) -> new Answered(mt, render(mt, reply, failure, render)));
  }

  /** Sends {@code request} to the rank; its reply, or the ask's timeout, comes back adapted. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private <T> void askRank(Function<ActorRef<StatusReply<T>>, KvsRank.Command> request,
      java.util.function.BiFunction<StatusReply<T>, Throwable, Command> adapt) {
    Class<StatusReply<T>> type = (Class) StatusReply.class;
    Asks.ask(getContext(), type, rank, timeout, request::apply, adapt::apply);
  }

  private <T> byte[] render(long mt, StatusReply<T> reply, Throwable failure,
      Function<T, byte[]> render) {
    if (mt == 0) {
      return null;
    }
    if (failure != null) {
      return failure instanceof TimeoutException && !rankGone
          ? WireCodec.error(mt, KvsError.TIMED_OUT.errnum(), "kvs: no reply from the rank within "
              + timeout.toMillis() + " ms")
          : WireCodec.error(mt, KvsError.NOT_IMPLEMENTED.errnum(), "kvs: the rank is gone");
    }
    if (reply.isSuccess()) {
      return render.apply(reply.getValue());
    }
    Throwable e = reply.getError();
    if (e instanceof KvsException k) {
      return WireCodec.error(mt, k.error().errnum(), k.text());
    }
    return WireCodec.error(mt, KvsError.PROTOCOL.errnum(), "kvs: " + e.getMessage());
  }

  private Behavior<Command> onAnswered(Answered a) {
    return answer(a.matchtag(), a.line());
  }

  private Behavior<Command> answer(long matchtag, byte[] line) {
    write(matchtag, line);
    return this;
  }

  /** Queues a response line, or returns the permit of a request that gets none. Any thread. */
  private void write(long matchtag, byte[] line) {
    if (matchtag == 0 || line == null) {
      connection.skip();
    } else {
      connection.send(line);
    }
  }

  private Behavior<Command> startStream(long mt, Caller who, WireRequest.WatchLookup w) {
    if (watch == null || watchGone) {
      return answer(mt, WireCodec.error(mt, KvsError.NOT_IMPLEMENTED.errnum(),
          watch == null ? "kvs: no watch service on this rank" : "kvs: the watch service is gone"));
    }
    if (mt == 0) {
      return answer(0, null); // nobody could hear it or cancel it: not started
    }
    byte[] refused = streams.start(mt, who, w);
    return refused == null ? this : answer(mt, refused);
  }

  /** {@code kvs-watch.cancel}: never answered; an unknown matchtag is ignored. */
  private Behavior<Command> cancelStream(long matchtag) {
    if (streams != null && !watchGone) {
      streams.cancel(matchtag);
    }
    return answer(0, null);
  }

  private Behavior<Command> onWatchGone() {
    watchGone = true;
    getContext().getLog().warn("kvs: watch service stopped; {} streams end ENOSYS",
        streams.watchGone());
    return this;
  }

  private Behavior<Command> onRankGone() {
    rankGone = true;
    getContext().getLog().warn("kvs: rank actor stopped; connection requests now fail ENOSYS");
    return this;
  }

  private Behavior<Command> onStop() {
    connection.close();
    if (!parked.isEmpty() && !rankGone) {
      rank.tell(new KvsRank.Disconnected(List.copyOf(parked.values())));
    }
    return this;
  }
}
