package io.kvs.node;

import static org.assertj.core.api.Assertions.assertThat;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

class SharedExecutorTest {
  private static final Config SHARED = ConfigFactory.parseString(
      "akka.actor.default-dispatcher.executor = \"io.kvs.node.SharedExecutor\"\n"
          + "akka.actor.internal-dispatcher.executor = \"io.kvs.node.SharedExecutor\"");

  /** Answers each ask with the name of the thread that ran it. */
  private static Behavior<ActorRef<String>> threadName() {
    return Behaviors.receiveMessage(replyTo -> {
      replyTo.tell(Thread.currentThread().getName());
      return Behaviors.same();
    });
  }

  private static String ask(ActorTestKit kit, ActorRef<ActorRef<String>> actor) {
    TestProbe<String> probe = kit.createTestProbe();
    actor.tell(probe.getRef());
    return probe.receiveMessage();
  }

  @Test
  void actorSystemsRunOnOnePoolThatOutlivesEachOfThem() {
    ActorTestKit a = ActorTestKit.create("shared-a", SHARED);
    ActorTestKit b = ActorTestKit.create("shared-b", SHARED);
    try {
      ActorRef<ActorRef<String>> inA = a.spawn(threadName());
      ActorRef<ActorRef<String>> inB = b.spawn(threadName());
      assertThat(ask(a, inA)).startsWith("kvs-shared-");
      assertThat(ask(b, inB)).startsWith("kvs-shared-");
      a.shutdownTestKit();
      assertThat(ask(b, inB)).startsWith("kvs-shared-");
      ActorTestKit c = ActorTestKit.create("shared-c", SHARED);
      try {
        assertThat(ask(c, c.spawn(threadName()))).startsWith("kvs-shared-");
      } finally {
        c.shutdownTestKit();
      }
    } finally {
      b.shutdownTestKit();
    }
  }
}
