package io.kvs.connector;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Join;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.kvs.content.MemoryContentStore;
import io.kvs.events.EventPublisher;
import io.kvs.events.EventSubscriber;
import io.kvs.events.EventTopics;
import io.kvs.rank.KvsRank;
import io.kvs.rank.KvsSettings;
import io.kvs.watch.WatchProtocol;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * A root rank in a test kit plus its connector on a socket in a fresh temporary directory. The
 * instance owner is the uid running the tests, so plain connections have the owner role.
 */
final class ConnectorFixture implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(5);
  private static final AtomicInteger NAMES = new AtomicInteger();

  final ActorTestKit kit;
  final KvsSettings settings;
  final ActorRef<KvsRank.Command> rank;
  final Path dir;
  final ConnectorSettings connectorSettings;
  final ActorRef<Connector.Command> connector;
  /** What {@code kvs.config-reload} reads: the configuration the rank started with, or a test's. */
  final java.util.concurrent.atomic.AtomicReference<Config> configSource;

  ConnectorFixture() throws IOException {
    this(c -> c);
  }

  ConnectorFixture(UnaryOperator<ConnectorSettings> tune) throws IOException {
    this(tune, kit -> null);
  }

  /** With the watch service that {@code watch} spawns in the fixture's test kit (or null). */
  ConnectorFixture(UnaryOperator<ConnectorSettings> tune,
      Function<ActorTestKit, ActorRef<WatchProtocol.Command>> watch) throws IOException {
    Config config = ConfigFactory.parseString("kvs.instance-owner = -1\n")
        .withFallback(ConfigFactory.load("embedded")).resolve();
    kit = ActorTestKit.create("connector-test", config);
    Cluster cluster = Cluster.get(kit.system());
    cluster.manager().tell(Join.create(cluster.selfMember().address()));
    settings = KvsSettings.fromConfig(config);
    EventTopics topics = new EventTopics(settings.eventShards(), false);
    MemoryContentStore store = new MemoryContentStore(settings.hash(), settings.blobSizeLimit());
    ActorRef<Object> subscriber = kit.spawn(EventSubscriber.create(topics, true), "events-in");
    ActorRef<EventPublisher.Command> publisher =
        kit.spawn(EventPublisher.create(topics, settings.eventMaxBatch()), "events-out");
    configSource = new java.util.concurrent.atomic.AtomicReference<>(config);
    rank = kit.spawn(KvsRank.create(settings, store, publisher, subscriber,
        new io.kvs.rank.ConfigReloader(configSource::get, config,
            new io.kvs.Tunables(settings.tunables()))), "kvs");
    dir = Files.createTempDirectory("kvs-conn-test");
    Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions
        .fromString("rwxr-xr-x"));
    connectorSettings = tune.apply(ConnectorSettings.unixOnly(dir.resolve("rank-0/local.sock")));
    connector = kit.spawn(Connector.create(rank, watch.apply(kit), settings, connectorSettings),
        "connector");
    awaitSocket();
  }

  private void awaitSocket() {
    status(); // the connector binds in its setup: answered means bound
  }

  Path socket() {
    return connectorSettings.socketPath();
  }

  Connector.Status status() {
    TestProbe<Connector.Status> p = kit.createTestProbe();
    connector.tell(new Connector.GetStatus(p.getRef()));
    return p.receiveMessage(WAIT);
  }

  WireClient client() throws IOException {
    return WireClient.unix(socket());
  }

  static String uniqueName(String prefix) {
    return prefix + "-" + NAMES.incrementAndGet();
  }

  @Override
  public void close() throws IOException {
    kit.shutdownTestKit();
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
