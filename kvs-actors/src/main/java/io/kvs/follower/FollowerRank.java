package io.kvs.follower;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.receptionist.Receptionist;
import akka.pattern.StatusReply;
import io.kvs.Asks;
import io.kvs.Caller;
import io.kvs.KvsError;
import io.kvs.KvsException;
import io.kvs.content.BlobCache;
import io.kvs.content.BlobFetcher;
import io.kvs.events.EventBatch;
import io.kvs.events.EventPublisher;
import io.kvs.events.EventSubscriber;
import io.kvs.events.KvsEvent;
import io.kvs.lookup.Lookup;
import io.kvs.lookup.LookupStep;
import io.kvs.lookup.RootResolution;
import io.kvs.namespace.Committed;
import io.kvs.namespace.LookupRequest;
import io.kvs.namespace.LookupServices;
import io.kvs.namespace.NamespaceRoot;
import io.kvs.namespace.RootQuery;
import io.kvs.rank.KvsRank;
import io.kvs.rank.KvsSettings;
import io.kvs.rank.KvsStats;
import io.kvs.rank.NamespaceDirectory;
import io.kvs.rank.NamespaceNames;
import io.kvs.rank.RequestChecks;
import io.kvs.rank.StatsCollector;
import io.kvs.treeobj.TreeObj;
import java.util.List;
import java.util.function.Function;

/**
 * The KVS actor of a follower rank (rank > 0): it answers the same requests as {@link KvsRank}.
 *
 * <p>It finds the root rank through the receptionist ({@link KvsRank#ROOT_KEY}) and greets it
 * to learn its incarnation and content service; until then every request is refused with
 * ENOSYS ("rank 0 is not reachable"). Namespace create, remove and list are forwarded to the
 * root rank (creates and removes in batches, answered in batches). A commit to a namespace
 * this rank holds no replica of is relayed to the root rank as it is: writing needs no cached
 * root, no subscription and no root fetch (a job's shell only writes to its namespace). Every
 * other request goes to the namespace's {@link NamespaceReplica}, created on first use;
 * lookups at a {@code rootdir} run here against the rank's blob cache. Events from the rank's subscriber reach the replica
 * of their namespace (an O(1) lookup), or nobody.
 * When the root rank changes incarnation, every replica is dropped: its roots belong to the
 * old one.
 */
public final class FollowerRank extends AbstractBehavior<KvsRank.Command> {

  /** A replica leaves: drop it from the directory (if still current) and confirm. */
  public record ReplicaLeaving(String namespace, ActorRef<NamespaceRoot.Command> replica)
      implements KvsRank.Command {}

  private record RootListing(Receptionist.Listing listing) implements KvsRank.Command {}

  private record Greeted(KvsRank.RootHello hello, ActorRef<KvsRank.Command> root)
      implements KvsRank.Command {}

  private record Events(EventBatch batch) implements KvsRank.Command {}

  private record AdaptedRootQuery(RootQuery query) implements KvsRank.Command {}

  private record RootTerminated(ActorRef<KvsRank.Command> root) implements KvsRank.Command {}

  private record RepliesArrived(KvsRank.ForwardedReplies replies) implements KvsRank.Command {}

  /** Rank 0's answer to a commit relayed by this rank itself (no replica held it then). */
  private record DirectlyRelayed(String namespace, ActorRef<StatusReply<Committed>> replyTo,
      StatusReply<Committed> reply, Throwable failure) implements KvsRank.Command {}

  private enum FlushForwards implements KvsRank.Command { INSTANCE }

  /** Most creates and removes forwarded to rank 0 in one message. */
  static final int MAX_FORWARD_BATCH = 256;

  private final KvsSettings settings;
  private final io.kvs.rank.ConfigReloader reloader;
  private final ActorRef<Object> subscriber;
  private final ActorRef<EventPublisher.Command> publisher;
  private final BlobCache cache;
  private final ActorRef<BlobFetcher.Command> fetcher;
  private final LookupServices lookups;
  private final NamespaceDirectory directory = new NamespaceDirectory();
  private final Caller internal;
  private ActorRef<KvsRank.Command> root;
  /** Rank 0's taker of commits too big for an ordinary frame (from its greeting). */
  private ActorRef<KvsRank.Command> largeCommits;
  private ReplicaServices replicas;
  /** Creates and removes waiting for the next flush to rank 0, in arrival order. */
  private final List<KvsRank.Forwarded> forwards = new java.util.ArrayList<>();
  private boolean flushScheduled;
  private final ActorRef<KvsRank.ForwardedReplies> repliesTo;

  /**
   * A follower rank's KVS actor; {@code fetcher} fills {@code cache} from rank 0 and is shared
   * with the rank's other services.
   */
  public static Behavior<KvsRank.Command> create(KvsSettings settings, BlobCache cache,
      ActorRef<BlobFetcher.Command> fetcher, ActorRef<EventPublisher.Command> publisher,
      ActorRef<Object> subscriber) {
    return Behaviors.setup(ctx -> create(settings, cache, fetcher, publisher, subscriber,
        io.kvs.rank.ConfigReloader.fixed(ctx.getSystem().settings().config(),
            new io.kvs.Tunables(settings.tunables()))));
  }

  /** As above, with {@code kvs.config-reload} going through {@code reloader}. */
  public static Behavior<KvsRank.Command> create(KvsSettings settings, BlobCache cache,
      ActorRef<BlobFetcher.Command> fetcher, ActorRef<EventPublisher.Command> publisher,
      ActorRef<Object> subscriber, io.kvs.rank.ConfigReloader reloader) {
    return Behaviors.setup(ctx -> new FollowerRank(ctx, settings, cache, fetcher, publisher,
        subscriber, reloader));
  }

  private FollowerRank(ActorContext<KvsRank.Command> ctx, KvsSettings settings, BlobCache cache,
      ActorRef<BlobFetcher.Command> fetcher, ActorRef<EventPublisher.Command> publisher,
      ActorRef<Object> subscriber, io.kvs.rank.ConfigReloader reloader) {
    super(ctx);
    this.settings = settings;
    this.reloader = reloader;
    this.cache = cache;
    this.publisher = publisher;
    this.subscriber = subscriber;
    this.internal = Caller.owner(settings.instanceOwner());
    this.fetcher = fetcher;
    this.repliesTo = ctx.messageAdapter(KvsRank.ForwardedReplies.class, RepliesArrived::new);
    this.lookups = new LookupServices(cache, fetcher,
        ctx.messageAdapter(RootQuery.class, AdaptedRootQuery::new), settings.askTimeout());
    subscriber.tell(new EventSubscriber.Listen(ctx.messageAdapter(EventBatch.class, Events::new)));
    ctx.getSystem().receptionist().tell(Receptionist.subscribe(KvsRank.ROOT_KEY,
        ctx.messageAdapter(Receptionist.Listing.class, RootListing::new)));
    ctx.getLog().info("kvs: rank {} of {} started, waiting for rank 0", settings.rank(),
        settings.size());
  }

  @Override
  public Receive<KvsRank.Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(RootListing.class, this::onListing)
        .onMessage(Greeted.class, this::onGreeted)
        .onMessage(Events.class, this::onEvents)
        .onMessage(ReplicaLeaving.class, r -> {
          directory.removeIfSame(r.namespace(), r.replica());
          r.replica().tell(NamespaceReplica.LeaveConfirmed.INSTANCE);
          return this;
        })
        .onMessage(KvsRank.CreateNamespace.class,
            c -> forwardBatched(new KvsRank.Forwarded(c, null), c.replyTo()))
        .onMessage(KvsRank.RemoveNamespace.class,
            r -> forwardBatched(new KvsRank.Forwarded(null, r), r.replyTo()))
        .onMessageEquals(FlushForwards.INSTANCE, () -> {
          flushScheduled = false;
          return flushForwards();
        })
        .onMessage(RepliesArrived.class, r -> {
          r.replies().replies().forEach(x -> x.replyTo().tell(x.reply()));
          return this;
        })
        .onMessage(KvsRank.ListNamespaces.class, l -> forward(l, l.replyTo()))
        .onMessage(RootTerminated.class, t -> {
          if (t.root().equals(root)) {
            if (akka.actor.CoordinatedShutdown.get(getContext().getSystem()).getShutdownReason()
                .isPresent()) {
              // this rank is leaving the cluster: every other rank looks gone from here
              getContext().getLog().debug("kvs: rank 0 out of reach while this rank stops");
            } else {
              getContext().getLog().warn(
                  "kvs: rank 0 terminated; refusing requests until it is back");
            }
            root = null;
          }
          return this;
        })
        .onMessage(KvsRank.Commit.class, this::onCommit)
        .onMessage(DirectlyRelayed.class, this::onDirectlyRelayed)
        .onMessage(KvsRank.Lookup.class, this::onLookup)
        .onMessage(KvsRank.GetRoot.class, g -> toReplica(g.namespace(), g.replyTo(),
            r -> new NamespaceRoot.GetRoot(g.caller(), g.replyTo())))
        .onMessage(AdaptedRootQuery.class, a -> toReplica(a.query().namespace(),
            a.query().replyTo(), r -> a.query().fresh()
                ? new NamespaceReplica.GetFreshRoot(a.query().caller(), a.query().replyTo())
                : new NamespaceRoot.GetRoot(a.query().caller(), a.query().replyTo())))
        .onMessage(KvsRank.WaitVersion.class, w -> toReplica(w.namespace(), w.replyTo(),
            r -> new NamespaceRoot.WaitVersion(w.rootseq(), w.caller(), w.replyTo())))
        .onMessage(KvsRank.GetFreshRoot.class, this::onGetFreshRoot)
        .onMessage(KvsRank.PublishPing.class, p -> {
          if (root != null) {
            root.tell(p);
          }
          return this;
        })
        .onMessage(KvsRank.GetStats.class, this::onGetStats)
        .onMessage(KvsRank.SetRootPause.class, p -> toReplica(p.namespace(), p.replyTo(),
            r -> new NamespaceRoot.SetRootPause(p.pause(), p.caller(), p.replyTo())))
        .onMessage(KvsRank.ReloadConfig.class, r -> {
          r.replyTo().tell(reloader.request(r.caller(), getContext().getLog()));
          return this;
        })
        .onMessage(KvsRank.Disconnected.class, d -> {
          directory.dropWaits(d.waits());
          return this;
        })
        .onMessage(KvsRank.Hello.class, h -> this)
        .build();
  }

  /**
   * A new listing of rank 0's registration. It counts unreachable instances too: a rank 0 that
   * misses heartbeats for a moment (a long GC pause in a busy JVM) is still rank 0, and requests
   * to it are answered once it is back or time out; only a rank 0 removed from the cluster (its
   * registration gone, or its actor terminated) makes this rank refuse requests.
   */
  private Behavior<KvsRank.Command> onListing(RootListing l) {
    var roots = l.listing().getAllServiceInstances(KvsRank.ROOT_KEY);
    if (root != null && roots.contains(root)) {
      return this;
    }
    if (roots.isEmpty()) {
      if (root != null) {
        getContext().getLog().warn("kvs: rank 0 is gone; refusing requests until it is back");
      }
      root = null;
      return this;
    }
    ActorRef<KvsRank.Command> candidate = roots.iterator().next();
    Asks.ask(getContext(), KvsRank.RootHello.class, candidate, settings.askTimeout(),
        KvsRank.Hello::new, (hello, failure) -> new Greeted(hello, candidate));
    return this;
  }

  private Behavior<KvsRank.Command> onGreeted(Greeted g) {
    if (g.hello() == null) {
      getContext().getLog().warn("kvs: rank 0 did not answer the greeting; waiting for it");
      return this;
    }
    if (replicas != null && replicas.rootEpoch() != g.hello().epoch()) {
      getContext().getLog().info("kvs: rank 0 restarted (epoch {} -> {}); dropping {} cached "
          + "namespaces", replicas.rootEpoch(), g.hello().epoch(), directory.size());
      directory.clear().forEach(r -> r.tell(NamespaceRoot.Remove.INSTANCE));
    }
    root = g.root();
    largeCommits = g.hello().largeCommits();
    getContext().watchWith(root, new RootTerminated(root));
    replicas = new ReplicaServices(root, g.hello().epoch(), lookups, subscriber,
        getContext().getSelf(), internal, reloader.tunables());
    fetcher.tell(new BlobFetcher.UseContent(g.hello().content()));
    getContext().getLog().info("kvs: rank {} found rank 0, epoch {}", settings.rank(),
        g.hello().epoch());
    return this;
  }

  private Behavior<KvsRank.Command> onEvents(Events e) {
    for (KvsEvent event : e.batch().events()) {
      NamespaceDirectory.Entry entry = directory.get(event.namespace());
      if (entry != null) {
        entry.ref().tell(new NamespaceReplica.EventReceived(event));
      }
    }
    return this;
  }

  /**
   * Sends a request that only rank 0 serves there; rank 0 answers the client directly. A
   * request lost with a dying rank 0 ends in the client's own timeout (the connector answers
   * ETIMEDOUT); once rank 0 is known to be gone, requests are refused at once.
   */
  private <T> Behavior<KvsRank.Command> forward(KvsRank.Command request,
      ActorRef<StatusReply<T>> replyTo) {
    if (root == null) {
      replyTo.tell(StatusReply.error(unreachable()));
    } else {
      root.tell(request);
    }
    return this;
  }

  /**
   * Creates and removes go to rank 0 in batches, in arrival order: the first of a burst
   * schedules a flush by a message to this actor, so everything that arrived before it leaves
   * in one message (at most {@link #MAX_FORWARD_BATCH}), and rank 0 answers the batch in one
   * message too. An idle rank adds no delay; a busy one saves two remote messages per request.
   */
  private Behavior<KvsRank.Command> forwardBatched(KvsRank.Forwarded f,
      ActorRef<StatusReply<akka.Done>> replyTo) {
    if (root == null) {
      replyTo.tell(StatusReply.error(unreachable()));
      return this;
    }
    forwards.add(f);
    if (forwards.size() >= MAX_FORWARD_BATCH) {
      return flushForwards();
    }
    if (!flushScheduled) {
      flushScheduled = true;
      getContext().getSelf().tell(FlushForwards.INSTANCE);
    }
    return this;
  }

  private Behavior<KvsRank.Command> flushForwards() {
    if (forwards.isEmpty()) {
      return this;
    }
    List<KvsRank.Forwarded> batch = List.copyOf(forwards);
    forwards.clear();
    if (root == null) {
      StatusReply<akka.Done> refused = StatusReply.error(unreachable());
      batch.forEach(f -> f.replyTo().tell(refused));
    } else {
      root.tell(new KvsRank.ForwardedBatch(batch, repliesTo));
    }
    return this;
  }

  private Behavior<KvsRank.Command> onCommit(KvsRank.Commit c) {
    KvsException bad = RequestChecks.commit(c, reloader.tunables().maxTxnOps());
    if (bad == null) {
      bad = RelaySize.check(c.ops());
    }
    if (bad != null) {
      c.replyTo().tell(StatusReply.error(bad));
      return this;
    }
    boolean large = root != null && RelaySize.large(c.ops());
    if (!large && (directory.get(c.namespace()) != null || root == null)) {
      return toReplica(c.namespace(), c.replyTo(),
          r -> new NamespaceRoot.Commit("relay", c.flags(), c.ops(), c.caller(), c.replyTo()));
    }
    // no replica, or too big for an ordinary frame: straight to rank 0 (the answer still goes
    // through the namespace's replica if there is one then)
    Asks.ask(getContext(), StatusReply.class, large ? largeCommits : root, lookups.timeout(),
        (ActorRef<StatusReply> r) -> new KvsRank.Commit(c.namespace(), c.flags(), c.ops(),
            c.caller(), Asks.cast(r)),
        (reply, failure) -> new DirectlyRelayed(c.namespace(), c.replyTo(), Asks.cast(reply),
            failure));
    return this;
  }

  /**
   * A commit relayed without a replica is answered through the namespace's replica if one
   * has appeared since (it installs the new root first: read-your-writes, and a paused replica
   * holds the answer), else directly: a replica created later fetches a root at least as new.
   */
  private Behavior<KvsRank.Command> onDirectlyRelayed(DirectlyRelayed d) {
    NamespaceDirectory.Entry e = directory.get(d.namespace());
    if (e != null) {
      e.ref().tell(new NamespaceReplica.Relayed(d.replyTo(), d.reply(), d.failure(), false));
    } else if (d.reply() != null && d.reply().isSuccess()) {
      d.replyTo().tell(d.reply());
    } else {
      d.replyTo().tell(StatusReply.error(Asks.error(d.reply(), d.failure(),
          "relaying a commit to rank 0 (it may or may not have been applied)")));
    }
    return this;
  }

  private Behavior<KvsRank.Command> onLookup(KvsRank.Lookup l) {
    KvsException bad = RequestChecks.lookup(l);
    if (bad != null) {
      l.replyTo().tell(StatusReply.error(bad));
      return this;
    }
    if (l.rootdir() == null) {
      return toReplica(l.namespace(), l.replyTo(),
          r -> new NamespaceRoot.Lookup(l.key(), l.flags(), l.caller(), l.replyTo()));
    }
    TreeObj.DirRef dirref = (TreeObj.DirRef) l.rootdir();
    LookupStep step = Lookup.run(dirref.ref(), null, l.key(), l.flags(), cache,
        ns -> new RootResolution.Unresolved());
    if (!LookupRequest.answer(step, l.replyTo())) {
      getContext().spawnAnonymous(LookupRequest.create(new LookupRequest.Spec(dirref.ref(), null,
          l.key(), l.flags(), l.caller(), l.replyTo()), lookups));
    }
    return this;
  }

  /**
   * A namespace's root from rank 0: through its replica when this rank has one (which then
   * installs it), else asked of rank 0 directly, so that a watch alone keeps no replica here.
   */
  private Behavior<KvsRank.Command> onGetFreshRoot(KvsRank.GetFreshRoot g) {
    if (directory.get(g.namespace()) != null || root == null) {
      return toReplica(g.namespace(), g.replyTo(),
          r -> new NamespaceReplica.GetFreshRoot(g.caller(), g.replyTo()));
    }
    root.tell(new KvsRank.GetRoot(g.namespace(), g.caller(), g.replyTo()));
    return this;
  }

  private <T> Behavior<KvsRank.Command> toReplica(String namespace,
      ActorRef<StatusReply<T>> replyTo,
      Function<ActorRef<NamespaceRoot.Command>, NamespaceRoot.Command> msg) {
    NamespaceDirectory.Entry e = directory.get(namespace);
    if (e != null) {
      e.ref().tell(msg.apply(e.ref()));
    } else if (root == null) {
      replyTo.tell(StatusReply.error(unreachable()));
    } else if (NamespaceNames.problem(namespace) != null) {
      replyTo.tell(StatusReply.error(RequestChecks.unknownNamespace(namespace)));
    } else {
      ActorRef<NamespaceRoot.Command> ref = getContext().spawn(
          NamespaceReplica.create(namespace, replicas), directory.actorName(namespace));
      directory.add(namespace, ref, -1, 0);
      ref.tell(msg.apply(ref));
    }
    return this;
  }

  private Behavior<KvsRank.Command> onGetStats(KvsRank.GetStats g) {
    List<ActorRef<NamespaceRoot.Command>> asked;
    if (g.namespace() == null) {
      asked = directory.refs();
    } else {
      NamespaceDirectory.Entry e = directory.get(g.namespace());
      asked = e == null ? List.of() : List.of(e.ref());
    }
    KvsStats base = new KvsStats(settings.rank(), cache.size(), cache.bytes(), directory.size(),
        getContext().getChildren().size(), List.of(), new KvsStats.OpCount(0, 0, 0, 0, 0), 0, 0,
        0, 0, 0, 0, cache.faults());
    getContext().spawnAnonymous(StatsCollector.create(base, asked, publisher, subscriber,
        settings.askTimeout(), g.replyTo()));
    return this;
  }

  private static KvsException unreachable() {
    return KvsError.NOT_IMPLEMENTED.failure(
        "kvs: rank 0 is not reachable from this rank (yet); try again");
  }
}
