package io.kvs.load.pubsub;

import akka.actor.ActorRef;
import akka.actor.ExtendedActorSystem;
import akka.remote.artery.RemoteInstrument;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Artery remote instrument that counts, per actor system, the messages and bytes that
 * actually go on the wire, by message class. Configured through
 * {@code akka.remote.artery.advanced.instruments}; writes no metadata.
 */
public final class TrafficCounter extends RemoteInstrument {
  private static final Map<String, Map<String, LongAdder[]>> SENT = new ConcurrentHashMap<>();
  private final ExtendedActorSystem system;
  private Map<String, LongAdder[]> mine; // resolved on first use: the bound address is known by then

  public TrafficCounter(ExtendedActorSystem system) {
    this.system = system;
  }

  private Map<String, LongAdder[]> mine() {
    if (mine == null) {
      mine = SENT.computeIfAbsent(system.provider().getDefaultAddress().toString(), n -> new ConcurrentHashMap<>());
    }
    return mine;
  }

  @Override
  public byte identifier() {
    return 17;
  }

  @Override
  public void remoteWriteMetadata(ActorRef recipient, Object message, ActorRef sender, ByteBuffer buffer) {}

  @Override
  public void remoteMessageSent(ActorRef recipient, Object message, ActorRef sender, int size, long time) {
    LongAdder[] a = mine().computeIfAbsent(classify(message), k -> new LongAdder[] {new LongAdder(), new LongAdder()});
    a[0].increment();
    a[1].add(size);
  }

  @Override
  public void remoteReadMetadata(ActorRef recipient, Object message, ActorRef sender, ByteBuffer buffer) {}

  @Override
  public void remoteMessageReceived(ActorRef recipient, Object message, ActorRef sender, int size, long time) {}

  static String classify(Object m) {
    String n = m.getClass().getName();
    n = n.substring(n.lastIndexOf('.') + 1);
    if (m instanceof akka.actor.ActorSelectionMessage sel) {
      return "Sel(" + classify(sel.msg()) + ")";
    }
    if (n.equals("TopicImpl$MessagePublished")) {
      return "MessagePublished";
    }
    return n;
  }

  /** Snapshot for one system (by its address): class -> {messages, bytes}. */
  static Map<String, long[]> snapshot(String system) {
    Map<String, long[]> out = new TreeMap<>();
    SENT.getOrDefault(system, Map.of()).forEach((k, v) -> out.put(k, new long[] {v[0].sum(), v[1].sum()}));
    return out;
  }

  /** after - before, only non-zero entries. */
  static Map<String, long[]> diff(Map<String, long[]> before, Map<String, long[]> after) {
    Map<String, long[]> out = new TreeMap<>();
    after.forEach((k, v) -> {
      long[] b = before.getOrDefault(k, new long[2]);
      if (v[0] - b[0] != 0) out.put(k, new long[] {v[0] - b[0], v[1] - b[1]});
    });
    return out;
  }

  static String format(Map<String, long[]> d) {
    StringBuilder sb = new StringBuilder();
    long msgs = 0, bytes = 0;
    for (var e : d.entrySet()) {
      msgs += e.getValue()[0];
      bytes += e.getValue()[1];
      sb.append(' ').append(e.getKey()).append('=').append(e.getValue()[0]).append('/').append(e.getValue()[1]).append('B');
    }
    return "total=" + msgs + "/" + bytes + "B" + sb;
  }
}
