package io.kvs.load.cluster;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.Props;
import akka.actor.typed.javadsl.Behaviors;
import akka.pattern.StatusReply;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

/**
 * Sends {@code count} requests to an actor, at most {@code window} unanswered, from an actor
 * spawned in the target's own actor system (tell + reply, no ask, no future per request).
 */
public final class ActorPipeline {
  private ActorPipeline() {}

  /** Runs the pipeline and waits for it (at most {@code timeoutSeconds}). */
  public static <C, T> ClientPipeline.Result run(ActorSystem<?> system, ActorRef<C> target,
      int count, int window, long timeoutSeconds,
      BiFunction<Integer, ActorRef<StatusReply<T>>, C> request) throws Exception {
    CompletableFuture<ClientPipeline.Result> done = new CompletableFuture<>();
    system.systemActorOf(create(target, count, window, request, done),
        "pipeline-" + System.nanoTime(), Props.empty());
    return done.get(timeoutSeconds, TimeUnit.SECONDS);
  }

  static <C, T> Behavior<StatusReply<T>> create(ActorRef<C> target, int count, int window,
      BiFunction<Integer, ActorRef<StatusReply<T>>, C> request,
      CompletableFuture<ClientPipeline.Result> done) {
    return Behaviors.setup(ctx -> {
      long start = System.nanoTime();
      int[] sent = {0};
      int[] received = {0};
      long[] errors = {0};
      String[] firstError = {null};
      if (count == 0) {
        done.complete(new ClientPipeline.Result(0, 0, null));
        return Behaviors.stopped();
      }
      while (sent[0] < Math.min(window, count)) {
        target.tell(request.apply(sent[0]++, ctx.getSelf()));
      }
      return Behaviors.receiveMessage(reply -> {
        received[0]++;
        if (reply.isError()) {
          errors[0]++;
          if (firstError[0] == null) {
            firstError[0] = reply.getError().getMessage();
          }
        }
        if (sent[0] < count) {
          target.tell(request.apply(sent[0]++, ctx.getSelf()));
        }
        if (received[0] == count) {
          done.complete(new ClientPipeline.Result(System.nanoTime() - start, errors[0],
              firstError[0]));
          return Behaviors.stopped();
        }
        return Behaviors.same();
      });
    });
  }
}
