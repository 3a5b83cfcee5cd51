package io.kvs.load.pubsub;

import akka.actor.AbstractActor;
import akka.actor.AllDeadLetters;
import akka.actor.Props;
import io.kvs.load.pubsub.Msgs.Event;
import io.kvs.load.pubsub.Msgs.EventBatch;
import io.kvs.load.pubsub.Msgs.Ping;
import io.kvs.load.pubsub.Msgs.Probe;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/** Subscriber and dead-letter counting actors; their counters are read by the harness (same JVM). */
final class Sinks {
  private Sinks() {}

  /** What one subscriber actor has seen. */
  static final class Stats {
    final AtomicLongArray firstArrival; // nanoTime of the first probe per shard, 0 = none yet
    final AtomicLongArray firstSend; // sendNanos of that probe
    final AtomicIntegerArray firstRound; // round of that probe
    final AtomicIntegerArray probes;
    final AtomicIntegerArray earlyProbes;
    final LongAdder events = new LongAdder();
    final LongAdder messages = new LongAdder();
    volatile long lastEventNanos;
    final BlockingQueue<Long> pingLatencies = new LinkedBlockingQueue<>();

    Stats(int k) {
      firstArrival = new AtomicLongArray(k);
      firstSend = new AtomicLongArray(k);
      firstRound = new AtomicIntegerArray(k);
      probes = new AtomicIntegerArray(k);
      earlyProbes = new AtomicIntegerArray(k);
    }

    void resetEvents() {
      events.reset();
      messages.reset();
      lastEventNanos = 0;
    }
  }

  static Props sink(Stats stats) {
    return Props.create(Sink.class, () -> new Sink(stats));
  }

  static final class Sink extends AbstractActor {
    private final Stats s;

    Sink(Stats s) {
      this.s = s;
    }

    @Override
    public Receive createReceive() {
      return receiveBuilder()
          .match(Probe.class, p -> {
            if (s.firstArrival.get(p.shard()) == 0) {
              s.firstSend.set(p.shard(), p.sendNanos());
              s.firstRound.set(p.shard(), p.round());
              s.firstArrival.set(p.shard(), System.nanoTime());
            }
            s.probes.incrementAndGet(p.shard());
            if (p.early()) s.earlyProbes.incrementAndGet(p.shard());
          })
          .match(Event.class, e -> {
            s.events.increment();
            s.messages.increment();
            s.lastEventNanos = System.nanoTime();
          })
          .match(EventBatch.class, b -> {
            s.events.add(b.events().size());
            s.messages.increment();
            s.lastEventNanos = System.nanoTime();
          })
          .match(Ping.class, p -> s.pingLatencies.offer(System.nanoTime() - p.sendNanos()))
          .matchAny(x -> {}) // SubscribeAck
          .build();
    }
  }

  /** Counts everything published on the event stream as AllDeadLetters, by kind and payload class. */
  static final class DeadLetterCounter extends AbstractActor {
    static final Map<String, Map<String, LongAdder>> COUNTS = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> mine;

    DeadLetterCounter(String node) {
      mine = COUNTS.computeIfAbsent(node, n -> new ConcurrentHashMap<>());
    }

    static Props props(String node) {
      return Props.create(DeadLetterCounter.class, () -> new DeadLetterCounter(node));
    }

    @Override
    public void preStart() {
      getContext().getSystem().eventStream().subscribe(getSelf(), AllDeadLetters.class);
    }

    @Override
    public Receive createReceive() {
      return receiveBuilder()
          .match(AllDeadLetters.class, d -> {
            String key = d.getClass().getSimpleName() + ":" + TrafficCounter.classify(d.message());
            mine.computeIfAbsent(key, x -> new LongAdder()).increment();
          })
          .build();
    }

    static Map<String, Long> snapshot(String node) {
      Map<String, Long> out = new TreeMap<>();
      COUNTS.getOrDefault(node, Map.of()).forEach((k, v) -> out.put(k, v.sum()));
      return out;
    }

    static void reset() {
      COUNTS.values().forEach(m -> m.values().forEach(LongAdder::reset));
    }
  }
}
