package io.kvs;

import static org.assertj.core.api.Assertions.assertThat;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class AsksBehaviorTest {
  private static final ActorTestKit KIT = ActorTestKit.create();

  /** A question and where its answer goes. */
  record Question(String text, ActorRef<String> replyTo) {}

  @AfterAll
  static void stop() {
    KIT.shutdownTestKit();
  }

  /** Asks {@code target} once with Asks.ask and reports what its adapter made of the answer. */
  private static Behavior<String> asker(ActorRef<Question> target, Duration timeout,
      ActorRef<String> report) {
    return Behaviors.setup(ctx -> {
      Asks.ask(ctx, String.class, target, timeout, r -> new Question("ping", r),
          (answer, failure) -> answer != null ? "answer " + answer
              : "failure " + failure.getClass().getSimpleName());
      return Behaviors.receiveMessage(m -> {
        report.tell(m);
        return Behaviors.same();
      });
    });
  }

  @Test
  void anActorsAskDeliversTheAdaptedAnswerAsAMessage() {
    TestProbe<String> report = KIT.createTestProbe();
    ActorRef<Question> echo = KIT.spawn(Behaviors.receiveMessage(q -> {
      q.replyTo().tell(q.text() + "-pong");
      return Behaviors.same();
    }));
    KIT.spawn(asker(echo, Duration.ofSeconds(3), report.getRef()));
    report.expectMessage("answer ping-pong");
  }

  @Test
  void anUnansweredAskOfAnActorEndsInATimeout() {
    TestProbe<String> report = KIT.createTestProbe();
    TestProbe<Question> silent = KIT.createTestProbe();
    KIT.spawn(asker(silent.getRef(), Duration.ofMillis(200), report.getRef()));
    silent.expectMessageClass(Question.class);
    report.expectMessage(Duration.ofSeconds(3), "failure TimeoutException");
  }

  /** Not on the common pool: on the replier's thread, or on the asker's if already answered. */
  @Test
  void anAskFromOutsideAnActorIsAnsweredOnTheReplyingThread() throws Exception {
    CompletableFuture<String> thread = new CompletableFuture<>();
    CompletableFuture<String> got = new CompletableFuture<>();
    ActorRef<Question> echo = KIT.spawn(Behaviors.receiveMessage(q -> {
      thread.complete(Thread.currentThread().getName());
      q.replyTo().tell(q.text());
      return Behaviors.same();
    }));
    Asks.<Question, String>ask(echo, Duration.ofSeconds(3), KIT.scheduler(),
        r -> new Question("hello", r), (answer, failure) -> {
          got.complete(answer + " on " + Thread.currentThread().getName());
        });
    String replier = thread.get(3, TimeUnit.SECONDS);
    assertThat(got.get(3, TimeUnit.SECONDS))
        .isIn("hello on " + replier, "hello on " + Thread.currentThread().getName());
  }

  @Test
  void anUnansweredAskFromOutsideAnActorFailsWithATimeout() throws Exception {
    TestProbe<Question> silent = KIT.createTestProbe();
    CompletableFuture<Throwable> failed = new CompletableFuture<>();
    Asks.<Question, String>ask(silent.getRef(), Duration.ofMillis(200), KIT.scheduler(),
        r -> new Question("hello", r), (answer, failure) -> failed.complete(failure));
    assertThat(failed.get(3, TimeUnit.SECONDS)).isInstanceOf(TimeoutException.class);
  }
}
