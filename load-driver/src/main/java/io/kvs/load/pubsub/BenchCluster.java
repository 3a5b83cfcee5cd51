package io.kvs.load.pubsub;

import akka.actor.ActorSystem;
import akka.cluster.Cluster;
import akka.cluster.Member;
import akka.cluster.MemberStatus;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;

/** Configuration, start-up and shutdown of the in-JVM benchmark cluster (127.0.0.1 only). */
final class BenchCluster {
  private BenchCluster() {}

  /** One configuration for every node; the ports are chosen by the OS (port 0). */
  static Config config(Map<String, String> opt) {
    String s = String.join("\n",
        "akka.loglevel = WARNING",
        "akka.stdout-loglevel = WARNING",
        "akka.log-dead-letters = off",
        "akka.log-dead-letters-during-shutdown = off",
        "akka.actor.provider = cluster",
        "akka.actor.allow-java-serialization = off",
        "akka.actor.warn-about-java-serializer-usage = on",
        "akka.actor.serialization-bindings { \"io.kvs.KvsSerializable\" = jackson-json }",
        "akka.remote.artery.transport = tcp",
        "akka.remote.artery.canonical.hostname = \"127.0.0.1\"",
        "akka.remote.artery.canonical.port = 0",
        "akka.remote.artery.advanced.instruments = [\"io.kvs.load.pubsub.TrafficCounter\"]",
        "akka.remote.artery.advanced.outbound-message-queue-size = " + opt.getOrDefault("queue", "3072"),
        "akka.cluster.jmx.multi-mbeans-in-same-jvm = on",
        "akka.cluster.log-info = off",
        "akka.cluster.gossip-interval = 200ms",
        "akka.cluster.pub-sub.gossip-interval = " + opt.getOrDefault("pubsubGossip", "1s"),
        "akka.cluster.typed.receptionist.distributed-data.gossip-interval = "
            + opt.getOrDefault("recepGossip", "2s"),
        "akka.cluster.typed.receptionist.distributed-data.notify-subscribers-interval = "
            + opt.getOrDefault("recepNotify", "500ms"),
        "akka.coordinated-shutdown.exit-jvm = off");
    return ConfigFactory.parseString(s).withFallback(ConfigFactory.load());
  }

  /** Starts sys.length systems named "kvs", joins them to the first, waits until all are Up. */
  static void start(ActorSystem[] sys, Config cfg) throws InterruptedException {
    for (int i = 0; i < sys.length; i++) sys[i] = ActorSystem.create("kvs", cfg);
    for (ActorSystem s : sys) Cluster.get(s).join(Cluster.get(sys[0]).selfAddress());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      boolean ok = true;
      for (ActorSystem s : sys) {
        long up = StreamSupport.stream(Cluster.get(s).state().getMembers().spliterator(), false)
            .map(Member::status).filter(st -> st == MemberStatus.up()).count();
        ok &= up == sys.length;
      }
      if (ok) return;
      Thread.sleep(20);
    }
    throw new IllegalStateException("cluster did not form in 60 s");
  }

  static void logLevel(ch.qos.logback.classic.Level level) {
    var root = org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    if (root instanceof ch.qos.logback.classic.Logger l) l.setLevel(level);
  }

  static void shutdown(ActorSystem[] sys) {
    logLevel(ch.qos.logback.classic.Level.OFF); // "connection aborted" noise while all stop at once
    System.out.flush();
    for (ActorSystem s : sys) if (s != null) s.terminate();
    for (ActorSystem s : sys) {
      if (s == null) continue;
      try {
        s.getWhenTerminated().toCompletableFuture().get(15, TimeUnit.SECONDS);
      } catch (Exception e) {
        System.out.println("RESULT warn: system did not terminate in 15 s");
      }
    }
  }
}
