package io.kvs.node;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AskPattern;
import akka.actor.typed.javadsl.Behaviors;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Join;
import com.typesafe.config.Config;
import io.kvs.Tunables;
import io.kvs.connector.Connector;
import io.kvs.connector.ConnectorSettings;
import io.kvs.content.BlobCache;
import io.kvs.content.BlobFetcher;
import io.kvs.content.ContentGc;
import io.kvs.content.ContentGcSettings;
import io.kvs.content.LiveRoots;
import io.kvs.content.MemoryContentStore;
import io.kvs.events.EventPublisher;
import io.kvs.events.EventRedelivery;
import io.kvs.events.EventSubscriber;
import io.kvs.events.EventTopics;
import io.kvs.follower.FollowerRank;
import io.kvs.rank.ConfigReloader;
import io.kvs.rank.KvsRank;
import io.kvs.rank.KvsSettings;
import io.kvs.watch.WatchProtocol;
import io.kvs.watch.WatchService;
import io.kvs.watch.WatchServices;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * One rank: the guardian of a rank's actor system. It spawns the event subscriber, the event
 * publisher, the rank's KVS actor ({@link KvsRank} on rank 0, {@link FollowerRank} on the
 * others) and the client {@link Connector}, and hands out the KVS actor on {@link GetRank}. With no seed nodes configured, rank 0
 * forms a cluster of its own; followers join through the configured seed nodes.
 */
public final class KvsNode {

  /** The guardian's protocol. */
  public interface Command {}

  /** Ask for the rank's KVS actor. */
  public record GetRank(ActorRef<ActorRef<KvsRank.Command>> replyTo) implements Command {}

  /** Ask for the rank's watch service. */
  public record GetWatch(ActorRef<ActorRef<WatchProtocol.Command>> replyTo) implements Command {}

  private KvsNode() {}

  /** The guardian behaviour of a rank with these settings; a reload re-reads the same ones. */
  public static Behavior<Command> create(KvsSettings settings) {
    return Behaviors.setup(ctx -> {
      Config running = ctx.getSystem().settings().config();
      return create(settings, () -> running);
    });
  }

  /**
   * The guardian behaviour of a rank with these settings; {@code kvs.config-reload} reads the
   * full configuration again from {@code source}.
   */
  public static Behavior<Command> create(KvsSettings settings, Supplier<Config> source) {
    return Behaviors.setup(ctx -> {
      ConfigReloader reloader = new ConfigReloader(source, ctx.getSystem().settings().config(),
          new Tunables(settings.tunables()));
      Cluster cluster = Cluster.get(ctx.getSystem());
      if (settings.isRoot()
          && ctx.getSystem().settings().config().getStringList("akka.cluster.seed-nodes").isEmpty()) {
        cluster.manager().tell(Join.create(cluster.selfMember().address()));
      }
      EventTopics topics = new EventTopics(settings.eventShards(),
          settings.rootSubscription() == KvsSettings.RootSubscription.PER_NAMESPACE);
      BlobCache cache = settings.isRoot() ? null : new BlobCache(settings.followerCacheBytes());
      ActorRef<Object> subscriber = ctx.spawn(EventSubscriber.create(topics,
          settings.isRoot() && !topics.perNamespace(), cache), "events-in");
      ActorRef<EventPublisher.Command> publisher =
          ctx.spawn(EventPublisher.create(topics, settings.eventMaxBatch(),
              settings.eventBusyFlushDelay()), "events-out");
      ctx.spawn(EventRedelivery.create(settings.eventRedeliveryDelay(), settings.eventMaxBatch(),
          settings.eventRedeliveryLimit()), "events-redelivery");
      ActorRef<KvsRank.Command> rank;
      WatchServices watch;
      if (settings.isRoot()) {
        MemoryContentStore store =
            new MemoryContentStore(settings.hash(), settings.blobSizeLimit());
        ContentGcSettings gcSettings = ContentGcSettings.fromConfig(ctx.getSystem().settings()
            .config());
        LiveRoots liveRoots = LiveRoots.untracked();
        if (gcSettings.enabled()) {
          liveRoots = new LiveRoots(gcSettings.grace());
          ContentGc gc = ContentGc.start(store, liveRoots, gcSettings);
          ctx.getSystem().getWhenTerminated().thenRun(gc::close);
        }
        rank = ctx.spawn(KvsRank.create(settings, store, publisher, subscriber, reloader,
            liveRoots), "kvs");
        watch = new WatchServices(true, topics, rank, store, null, settings.askTimeout(),
            reloader.tunables());
      } else {
        ActorRef<BlobFetcher.Command> fetcher =
            ctx.spawn(BlobFetcher.create(cache, settings.askTimeout()), "fetcher");
        rank = ctx.spawn(FollowerRank.create(settings, cache, fetcher, publisher, subscriber,
            reloader),
            "kvs");
        watch = new WatchServices(false, topics, rank, cache, fetcher, settings.askTimeout(),
            reloader.tunables());
      }
      ActorRef<WatchProtocol.Command> watchService =
          ctx.spawn(WatchService.create(watch, subscriber), "kvs-watch");
      ConnectorSettings connector =
          ConnectorSettings.fromConfig(ctx.getSystem().settings().config(), settings.rank());
      if (connector.enabled()) {
        ctx.spawn(Connector.create(rank, watchService, settings, connector), "connector");
      }
      return Behaviors.receive(Command.class)
          .onMessage(GetRank.class, g -> {
            g.replyTo().tell(rank);
            return Behaviors.same();
          })
          .onMessage(GetWatch.class, g -> {
            g.replyTo().tell(watchService);
            return Behaviors.same();
          })
          .build();
    });
  }

  /** Starts a rank in this JVM from a full configuration (one with a {@code kvs} section). */
  public static ActorSystem<Command> start(String systemName, Config config) {
    return start(systemName, config, () -> config);
  }

  /**
   * Starts a rank in this JVM from a full configuration; {@code kvs.config-reload} reads it
   * again from {@code source}.
   */
  public static ActorSystem<Command> start(String systemName, Config config,
      Supplier<Config> source) {
    return ActorSystem.create(create(KvsSettings.fromConfig(config), source), systemName, config);
  }

  /** The watch service of a rank started with {@link #start}. */
  public static CompletionStage<ActorRef<WatchProtocol.Command>> watch(
      ActorSystem<Command> system, Duration timeout) {
    return AskPattern.ask(system, GetWatch::new, timeout, system.scheduler());
  }

  /** The KVS actor of a rank started with {@link #start}. */
  public static CompletionStage<ActorRef<KvsRank.Command>> rank(ActorSystem<Command> system,
      Duration timeout) {
    return AskPattern.ask(system, GetRank::new, timeout, system.scheduler());
  }
}
