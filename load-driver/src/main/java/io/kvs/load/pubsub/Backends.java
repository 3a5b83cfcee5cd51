package io.kvs.load.pubsub;

import akka.actor.ActorRef;
import akka.actor.ActorSystem;
import akka.actor.typed.javadsl.Adapter;
import akka.actor.typed.pubsub.Topic;
import akka.cluster.pubsub.DistributedPubSub;
import akka.cluster.pubsub.DistributedPubSubMediator;
import io.kvs.load.pubsub.Msgs.NsMsg;

/** The two pub/sub implementations under test, behind one small interface. */
final class Backends {
  private Backends() {}

  static String topicName(int shard) {
    return "kvs.ns." + shard;
  }

  interface Backend {
    String name();

    /** Make node able to publish to every shard (typed: spawn its K topic actors). */
    void preparePublisher(int node, int k);

    /** Subscribe the (classic) sink actor on node to the shard's topic. */
    void subscribe(int node, int shard, ActorRef sink);

    void publish(int node, int shard, NsMsg msg);
  }

  static Backend create(String impl, ActorSystem[] systems, int k) {
    return switch (impl) {
      case "typed" -> new TypedBackend(systems, k);
      case "classic" -> new ClassicBackend(systems);
      default -> throw new IllegalArgumentException("impl must be typed or classic: " + impl);
    };
  }

  /** akka.actor.typed.pubsub.Topic: one topic actor per (node, shard), found via the receptionist. */
  static final class TypedBackend implements Backend {
    private final ActorSystem[] systems;
    private final akka.actor.typed.ActorRef<Topic.Command<NsMsg>>[][] topics;

    @SuppressWarnings("unchecked")
    TypedBackend(ActorSystem[] systems, int k) {
      this.systems = systems;
      this.topics = new akka.actor.typed.ActorRef[systems.length][k];
    }

    @Override
    public String name() {
      return "typed";
    }

    private akka.actor.typed.ActorRef<Topic.Command<NsMsg>> topic(int node, int shard) {
      var t = topics[node][shard];
      if (t == null) {
        t = Adapter.spawn(systems[node], Topic.create(NsMsg.class, topicName(shard)), "topic-" + shard);
        topics[node][shard] = t;
      }
      return t;
    }

    @Override
    public void preparePublisher(int node, int k) {
      for (int s = 0; s < k; s++) topic(node, s);
    }

    @Override
    public void subscribe(int node, int shard, ActorRef sink) {
      topic(node, shard).tell(Topic.subscribe(Adapter.<NsMsg>toTyped(sink)));
    }

    @Override
    public void publish(int node, int shard, NsMsg msg) {
      topics[node][shard].tell(Topic.publish(msg));
    }
  }

  /** akka.cluster.pubsub.DistributedPubSubMediator (akka-cluster-tools). */
  static final class ClassicBackend implements Backend {
    private final ActorRef[] mediators;

    ClassicBackend(ActorSystem[] systems) {
      mediators = new ActorRef[systems.length];
      for (int i = 0; i < systems.length; i++) mediators[i] = DistributedPubSub.get(systems[i]).mediator();
    }

    @Override
    public String name() {
      return "classic";
    }

    @Override
    public void preparePublisher(int node, int k) {
      // nothing: the mediator publishes to any topic name
    }

    @Override
    public void subscribe(int node, int shard, ActorRef sink) {
      // sender = sink, so the SubscribeAck goes to the sink (not to dead letters)
      mediators[node].tell(new DistributedPubSubMediator.Subscribe(topicName(shard), sink), sink);
    }

    @Override
    public void publish(int node, int shard, NsMsg msg) {
      mediators[node].tell(new DistributedPubSubMediator.Publish(topicName(shard), msg), ActorRef.noSender());
    }
  }
}
