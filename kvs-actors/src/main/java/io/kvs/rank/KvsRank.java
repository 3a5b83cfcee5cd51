package io.kvs.rank;

import akka.Done;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.javadsl.StashBuffer;
import akka.pattern.StatusReply;
import io.kvs.Caller;
import io.kvs.KvsError;
import io.kvs.KvsSerializable;
import io.kvs.events.EventPublisher;
import io.kvs.events.EventSubscriber;
import io.kvs.events.KvsEvent;
import io.kvs.lookup.LookupStep;
import io.kvs.lookup.RootResolution;
import io.kvs.namespace.Committed;
import io.kvs.namespace.LookupRequest;
import io.kvs.namespace.LookupResult;
import io.kvs.namespace.NamespaceRoot;
import io.kvs.namespace.RootQuery;
import io.kvs.namespace.RootServices;
import io.kvs.namespace.RootSnapshot;
import io.kvs.treeobj.BlobRef;
import io.kvs.treeobj.TreeObj;
import io.kvs.txn.Op;
import java.util.List;

/**
 * The rank's KVS actor: the directory of namespaces and the router of every request.
 *
 * <p>On the root rank it owns the authoritative list of namespaces, creates one {@link
 * NamespaceRoot} child per namespace and removes it again; the {@code primary} namespace exists
 * from the start. Callers (the connector, the client library, other ranks) send the requests
 * below and get {@link StatusReply} answers whose errors are {@link io.kvs.KvsException}s.
 * Requests are validated here (names, flags, transaction shape, guest rules) before routing,
 * and nothing here iterates over the namespaces except {@code ListNamespaces} and {@code
 * GetStats}, which answer one request.
 *
 * <p>Creating a namespace spawns one child and publishes one event: no subscription, no
 * registration. With the comparison setting {@code root-subscription = per-namespace}, a
 * create instead waits for a per-namespace topic subscription before answering, and the
 * actor handles nothing else meanwhile, as the pre-fix design did.
 */
public final class KvsRank extends AbstractBehavior<KvsRank.Command> {

  /** Requests to a rank. */
  public interface Command {}

  /** Create a namespace owned by {@code owner} (-1: the instance owner); rootref may be null. */
  public record CreateNamespace(String namespace, long owner, BlobRef rootref, int flags,
      Caller caller, ActorRef<StatusReply<Done>> replyTo) implements Command, KvsSerializable {}

  /** Remove a namespace; unknown names succeed silently, primary cannot be removed. */
  public record RemoveNamespace(String namespace, Caller caller,
      ActorRef<StatusReply<Done>> replyTo) implements Command, KvsSerializable {}

  /** List every namespace of the instance. */
  public record ListNamespaces(Caller caller, ActorRef<StatusReply<NamespaceList>> replyTo)
      implements Command, KvsSerializable {}

  /** Apply {@code ops} atomically to {@code namespace}. */
  public record Commit(String namespace, int flags, List<Op> ops, Caller caller,
      ActorRef<StatusReply<Committed>> replyTo) implements Command, KvsSerializable {}

  /** Look up {@code key} in {@code namespace}, or at {@code rootdir} (a dirref) if not null. */
  public record Lookup(String namespace, String key, int flags, TreeObj rootdir, Caller caller,
      ActorRef<StatusReply<LookupResult>> replyTo) implements Command, KvsSerializable {}

  /** The current root of {@code namespace}. */
  public record GetRoot(String namespace, Caller caller,
      ActorRef<StatusReply<RootSnapshot>> replyTo) implements Command, KvsSerializable {}

  /** The root of {@code namespace} once its seq has reached {@code rootseq}. */
  public record WaitVersion(String namespace, long rootseq, Caller caller,
      ActorRef<StatusReply<RootSnapshot>> replyTo) implements Command, KvsSerializable {}

  /** Statistics; of one namespace if {@code namespace} is not null, else of all. */
  public record GetStats(String namespace, Caller caller, ActorRef<StatusReply<KvsStats>> replyTo)
      implements Command, KvsSerializable {}

  /**
   * {@code kvs.setroot-pause} ({@code pause}) or {@code kvs.setroot-unpause}: while paused, this
   * rank holds the new roots of {@code namespace} (and so the replies of its local commits) and
   * installs them in order on unpause.
   */
  public record SetRootPause(String namespace, boolean pause, Caller caller,
      ActorRef<StatusReply<Done>> replyTo) implements Command, KvsSerializable {}

  /** Read this rank's configuration again and apply what may change (owner only). */
  public record ReloadConfig(Caller caller, ActorRef<StatusReply<ConfigReloaded>> replyTo)
      implements Command, KvsSerializable {}

  /** The answer to {@link ReloadConfig}: the reloadable paths whose value changed. */
  public record ConfigReloaded(List<String> changed) implements KvsSerializable {}

  /**
   * A client of this rank has gone: drop the version waits it left (no reply is sent; pending
   * commits go on).
   */
  public record Disconnected(List<ParkedWait> waits) implements Command, KvsSerializable {}

  /** A {@link WaitVersion} that was still unanswered when its client went. */
  public record ParkedWait(String namespace, long rootseq,
      ActorRef<StatusReply<RootSnapshot>> replyTo) implements KvsSerializable {}

  /**
   * Creates and removes that a follower's clients sent, forwarded in one message, in the order
   * they arrived; the answers go back in one {@link ForwardedReplies} to {@code replyTo}.
   */
  public record ForwardedBatch(List<Forwarded> requests, ActorRef<ForwardedReplies> replyTo)
      implements Command, KvsSerializable {}

  /** One forwarded request: a create or a remove (the other is null). */
  public record Forwarded(CreateNamespace create, RemoveNamespace remove)
      implements KvsSerializable {

    /** The request itself. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public Command request() {
      return create != null ? create : remove;
    }

    /** Who is answered. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public ActorRef<StatusReply<Done>> replyTo() {
      return create != null ? create.replyTo() : remove.replyTo();
    }
  }

  /** The answers to a {@link ForwardedBatch}, in its order. */
  public record ForwardedReplies(List<ForwardedReply> replies) implements KvsSerializable {}

  /** One answer: {@code errnum} 0 is success, else the error and its message. */
  public record ForwardedReply(ActorRef<StatusReply<Done>> replyTo, int errnum, String message)
      implements KvsSerializable {

    static ForwardedReply of(ActorRef<StatusReply<Done>> replyTo, StatusReply<Done> reply) {
      if (reply.isSuccess()) {
        return new ForwardedReply(replyTo, 0, null);
      }
      io.kvs.KvsException e = (io.kvs.KvsException) reply.getError();
      return new ForwardedReply(replyTo, e.error().errnum(), e.text());
    }

    /** The reply this stands for. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public StatusReply<Done> reply() {
      return errnum == 0 ? StatusReply.ack()
          : StatusReply.error(KvsError.ofErrnum(errnum).failure(message));
    }
  }

  /** Publish a {@link KvsEvent.Ping} with {@code nonce} on {@code namespace}'s topic. */
  public record PublishPing(String namespace, long nonce) implements Command, KvsSerializable {}

  /**
   * The current root of {@code namespace} as rank 0 has it (a follower asks rank 0 rather than
   * answering from its cache).
   */
  public record GetFreshRoot(String namespace, Caller caller,
      ActorRef<StatusReply<RootSnapshot>> replyTo) implements Command, KvsSerializable {}

  /** A follower rank's greeting: {@code replyTo} learns the root rank's epoch and services. */
  public record Hello(ActorRef<RootHello> replyTo) implements Command, KvsSerializable {}

  /**
   * The root rank's answer to {@link Hello}. {@code largeCommits} takes commits too big for an
   * ordinary transport frame: messages to it travel on Artery's large-message stream
   * ({@code akka.remote.artery.large-message-destinations} names {@link #LARGE_COMMITS}).
   */
  public record RootHello(long epoch, ActorRef<io.kvs.content.ContentService.Command> content,
      ActorRef<Command> largeCommits) implements KvsSerializable {}

  /** The name of the root rank's child that takes large relayed commits. */
  public static final String LARGE_COMMITS = "large-commits";

  /** The receptionist key under which the root rank's KVS actor is found, registered once. */
  public static final akka.actor.typed.receptionist.ServiceKey<Command> ROOT_KEY =
      akka.actor.typed.receptionist.ServiceKey.create(Command.class, "kvs-root");

  /** The answer to {@link ListNamespaces}. */
  public record NamespaceList(List<NamespaceInfo> namespaces) implements KvsSerializable {}

  /** One namespace in a list. */
  public record NamespaceInfo(String namespace, long owner, int flags) implements KvsSerializable {}

  private record Subscribed(Done done) implements Command {}

  private record AdaptedRootQuery(RootQuery query) implements Command {}

  private final KvsSettings settings;
  private final ConfigReloader reloader;
  private final RootServices services;
  private final ActorRef<Object> subscriber;
  private final StashBuffer<Command> stash;
  private final NamespaceDirectory directory = new NamespaceDirectory();
  private final OpCounter opcount = new OpCounter();
  private final BlobRef emptyDir;
  private final ActorRef<io.kvs.content.ContentService.Command> content;
  private final ActorRef<Command> largeCommits;
  private long txnCounter;

  /** A root rank whose configuration reloads re-read the one it started with. */
  public static Behavior<Command> create(KvsSettings settings, io.kvs.content.ContentStore store,
      ActorRef<EventPublisher.Command> publisher, ActorRef<Object> subscriber) {
    return Behaviors.setup(ctx -> create(settings, store, publisher, subscriber,
        ConfigReloader.fixed(ctx.getSystem().settings().config(),
            new io.kvs.Tunables(settings.tunables()))));
  }

  /** A root rank whose {@code kvs.config-reload} goes through {@code reloader}. */
  public static Behavior<Command> create(KvsSettings settings, io.kvs.content.ContentStore store,
      ActorRef<EventPublisher.Command> publisher, ActorRef<Object> subscriber,
      ConfigReloader reloader) {
    return create(settings, store, publisher, subscriber, reloader,
        io.kvs.content.LiveRoots.untracked());
  }

  /** As above, recording every namespace's root in {@code liveRoots} for a content collector. */
  public static Behavior<Command> create(KvsSettings settings, io.kvs.content.ContentStore store,
      ActorRef<EventPublisher.Command> publisher, ActorRef<Object> subscriber,
      ConfigReloader reloader, io.kvs.content.LiveRoots liveRoots) {
    return Behaviors.setup(ctx -> Behaviors.withStash(1_000_000,
        stash -> new KvsRank(ctx, stash, settings, store, publisher, subscriber, reloader,
            liveRoots)));
  }

  private KvsRank(ActorContext<Command> ctx, StashBuffer<Command> stash, KvsSettings settings,
      io.kvs.content.ContentStore store, ActorRef<EventPublisher.Command> publisher,
      ActorRef<Object> subscriber, ConfigReloader reloader, io.kvs.content.LiveRoots liveRoots) {
    super(ctx);
    this.settings = settings;
    this.reloader = reloader;
    this.stash = stash;
    this.subscriber = subscriber;
    this.services = new RootServices(store, new io.kvs.txn.TxnApplier(settings.hash(),
        settings.blobSizeLimit()), publisher, ctx.messageAdapter(RootQuery.class,
        AdaptedRootQuery::new), reloader.tunables(), settings.askTimeout(),
        System.currentTimeMillis(), liveRoots);
    this.emptyDir = store.store(io.kvs.treeobj.Bytes.wrap(
        io.kvs.treeobj.TreeObjCodec.encode(TreeObj.Dir.EMPTY)));
    spawnRoot(NamespaceNames.PRIMARY, settings.instanceOwner(), 0, emptyDir);
    this.content = ctx.spawn(io.kvs.content.ContentService.create(store), "content");
    ActorRef<Command> self = ctx.getSelf();
    this.largeCommits = ctx.spawn(Behaviors.receive(Command.class)
        .onMessage(Commit.class, c -> {
          self.tell(c); // arrived on the large-message stream; handled like any commit
          return Behaviors.same();
        })
        .build(), LARGE_COMMITS);
    ctx.getSystem().receptionist().tell(
        akka.actor.typed.receptionist.Receptionist.register(ROOT_KEY, ctx.getSelf()));
    ctx.getLog().info("kvs: rank {} of {} started, epoch {}, hash {}, root subscription {}",
        settings.rank(), settings.size(), services.epoch(), settings.hash().prefix(),
        settings.rootSubscription());
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(CreateNamespace.class, this::onCreate)
        .onMessage(RemoveNamespace.class, this::onRemove)
        .onMessage(ForwardedBatch.class, this::onForwardedBatch)
        .onMessage(ListNamespaces.class, this::onList)
        .onMessage(Commit.class, this::onCommit)
        .onMessage(Lookup.class, this::onLookup)
        .onMessage(GetRoot.class, g -> route(g.namespace(), g.replyTo(),
            root -> new NamespaceRoot.GetRoot(g.caller(), g.replyTo())))
        .onMessage(AdaptedRootQuery.class, a -> route(a.query().namespace(), a.query().replyTo(),
            root -> new NamespaceRoot.GetRoot(a.query().caller(), a.query().replyTo())))
        .onMessage(WaitVersion.class, w -> route(w.namespace(), w.replyTo(),
            root -> new NamespaceRoot.WaitVersion(w.rootseq(), w.caller(), w.replyTo())))
        .onMessage(GetFreshRoot.class, g -> route(g.namespace(), g.replyTo(),
            root -> new NamespaceRoot.GetRoot(g.caller(), g.replyTo())))
        .onMessage(PublishPing.class, p -> {
          services.publisher().tell(new EventPublisher.Publish(
              new KvsEvent.Ping(p.namespace(), services.epoch(), p.nonce())));
          return this;
        })
        .onMessage(GetStats.class, this::onGetStats)
        .onMessage(SetRootPause.class, p -> route(p.namespace(), p.replyTo(),
            root -> new NamespaceRoot.SetRootPause(p.pause(), p.caller(), p.replyTo())))
        .onMessage(ReloadConfig.class, r -> {
          r.replyTo().tell(reloader.request(r.caller(), getContext().getLog()));
          return this;
        })
        .onMessage(Disconnected.class, d -> {
          directory.dropWaits(d.waits());
          return this;
        })
        .onMessage(Hello.class, h -> {
          h.replyTo().tell(new RootHello(services.epoch(), content, largeCommits));
          return this;
        })
        .build();
  }

  private Behavior<Command> onCreate(CreateNamespace c) {
    StatusReply<Done> reply = create(c);
    if (reply == null) {
      return awaitSubscription(c);
    }
    c.replyTo().tell(reply);
    return this;
  }

  /** Creates; the answer, or null when it must wait for a subscription (comparison mode). */
  private StatusReply<Done> create(CreateNamespace c) {
    io.kvs.KvsException problem = CreateRules.check(c, directory::contains, services.store());
    if (problem != null) {
      return StatusReply.error(problem);
    }
    long owner = CreateRules.effectiveOwner(c.owner(), settings.instanceOwner());
    BlobRef rootref = c.rootref() != null ? c.rootref() : emptyDir;
    spawnRoot(c.namespace(), owner, c.flags(), rootref);
    services.publisher().tell(new EventPublisher.Publish(new KvsEvent.NamespaceCreated(
        c.namespace(), services.epoch(), 0, rootref, owner)));
    return perNamespace() ? null : StatusReply.ack();
  }

  private boolean perNamespace() {
    return settings.rootSubscription() == KvsSettings.RootSubscription.PER_NAMESPACE;
  }

  /** A follower's creates and removes, answered in one message (one-by-one in comparison mode). */
  private Behavior<Command> onForwardedBatch(ForwardedBatch b) {
    if (perNamespace()) {
      for (Forwarded f : b.requests()) {
        getContext().getSelf().tell(f.request());
      }
      return this;
    }
    List<ForwardedReply> replies = new java.util.ArrayList<>(b.requests().size());
    for (Forwarded f : b.requests()) {
      replies.add(ForwardedReply.of(f.replyTo(),
          f.create() != null ? create(f.create()) : remove(f.remove())));
    }
    b.replyTo().tell(new ForwardedReplies(replies));
    return this;
  }

  private void spawnRoot(String name, long owner, int flags, BlobRef rootref) {
    ActorRef<NamespaceRoot.Command> ref = getContext().spawn(
        NamespaceRoot.create(name, owner, flags, rootref, services), directory.actorName(name));
    directory.add(name, ref, owner, flags);
  }

  /** The pre-fix create: nothing else is handled until the subscription is acknowledged. */
  private Behavior<Command> awaitSubscription(CreateNamespace c) {
    subscriber.tell(new EventSubscriber.Acquire(c.namespace(),
        getContext().messageAdapter(Done.class, Subscribed::new)));
    return Behaviors.receive(Command.class)
        .onMessage(Subscribed.class, s -> {
          c.replyTo().tell(StatusReply.ack());
          return stash.unstashAll(this);
        })
        .onAnyMessage(m -> {
          stash.stash(m);
          return Behaviors.same();
        })
        .build();
  }

  private Behavior<Command> onRemove(RemoveNamespace r) {
    r.replyTo().tell(remove(r));
    return this;
  }

  private StatusReply<Done> remove(RemoveNamespace r) {
    if (!r.caller().isOwner()) {
      return StatusReply.error(KvsError.PERMISSION.failure(
          "kvs: permission denied: only the instance owner may remove namespaces"));
    }
    if (NamespaceNames.isPrimary(r.namespace())) {
      return StatusReply.error(KvsError.NOT_SUPPORTED.failure(
          "kvs: the primary namespace cannot be removed"));
    }
    NamespaceDirectory.Entry e = directory.remove(r.namespace());
    if (e != null) {
      e.ref().tell(NamespaceRoot.Remove.INSTANCE);
      if (perNamespace()) {
        subscriber.tell(new EventSubscriber.Release(r.namespace()));
      }
    }
    return StatusReply.ack();
  }

  private Behavior<Command> onList(ListNamespaces l) {
    if (!l.caller().isOwner()) {
      l.replyTo().tell(StatusReply.error(KvsError.PERMISSION.failure(
          "kvs: permission denied: only the instance owner may list namespaces")));
    } else {
      l.replyTo().tell(StatusReply.success(new NamespaceList(directory.list())));
    }
    return this;
  }

  private Behavior<Command> onCommit(Commit c) {
    io.kvs.KvsException bad = RequestChecks.commit(c, reloader.tunables().maxTxnOps());
    if (bad != null) {
      c.replyTo().tell(StatusReply.error(bad));
      return this;
    }
    opcount.add(c.ops().size());
    String txnName = "txn." + settings.rank() + "." + (++txnCounter);
    return route(c.namespace(), c.replyTo(),
        root -> new NamespaceRoot.Commit(txnName, c.flags(), c.ops(), c.caller(), c.replyTo()));
  }

  private Behavior<Command> onLookup(Lookup l) {
    io.kvs.KvsException bad = RequestChecks.lookup(l);
    if (bad != null) {
      l.replyTo().tell(StatusReply.error(bad));
      return this;
    }
    if (l.rootdir() == null) {
      return route(l.namespace(), l.replyTo(),
          root -> new NamespaceRoot.Lookup(l.key(), l.flags(), l.caller(), l.replyTo()));
    }
    TreeObj.DirRef dirref = (TreeObj.DirRef) l.rootdir();
    LookupStep step = io.kvs.lookup.Lookup.run(dirref.ref(), null, l.key(), l.flags(),
        services.store(), ns -> new RootResolution.Unresolved());
    if (!LookupRequest.answer(step, l.replyTo())) {
      getContext().spawnAnonymous(LookupRequest.create(new LookupRequest.Spec(dirref.ref(), null,
          l.key(), l.flags(), l.caller(), l.replyTo()), services.lookupServices()));
    }
    return this;
  }

  private Behavior<Command> onGetStats(GetStats g) {
    List<ActorRef<NamespaceRoot.Command>> asked;
    if (g.namespace() == null) {
      asked = directory.refs();
    } else {
      NamespaceDirectory.Entry e = directory.get(g.namespace());
      if (e == null) {
        g.replyTo().tell(StatusReply.error(notFound(g.namespace())));
        return this;
      }
      asked = List.of(e.ref());
    }
    KvsStats base = new KvsStats(settings.rank(), services.store().blobCount(),
        services.store().totalBytes(), directory.size(), getContext().getChildren().size(),
        List.of(), opcount.snapshot(), 0, 0, 0, 0, 0, 0, 0);
    getContext().spawnAnonymous(StatsCollector.create(base, asked, services.publisher(),
        subscriber, settings.askTimeout(), g.replyTo()));
    return this;
  }

  private <T> Behavior<Command> route(String namespace, ActorRef<StatusReply<T>> replyTo,
      java.util.function.Function<ActorRef<NamespaceRoot.Command>, NamespaceRoot.Command> msg) {
    NamespaceDirectory.Entry e = namespace == null ? null : directory.get(namespace);
    if (e == null) {
      replyTo.tell(StatusReply.error(notFound(namespace)));
    } else {
      e.ref().tell(msg.apply(e.ref()));
    }
    return this;
  }

  private static io.kvs.KvsException notFound(String namespace) {
    return RequestChecks.unknownNamespace(namespace);
  }
}
