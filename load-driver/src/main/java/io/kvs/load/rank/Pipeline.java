package io.kvs.load.rank;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import akka.pattern.StatusReply;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;

/**
 * Sends {@code count} requests to an actor keeping at most {@code window} unanswered, and
 * completes with the elapsed nanoseconds and the number of error replies. Requests are built
 * by {@code request(i, replyTo)}; answers are {@link StatusReply}s.
 */
final class Pipeline {
  /** The outcome of a run. */
  record Result(long nanos, long errors, String firstError) {}

  private Pipeline() {}

  static <C, T> Behavior<StatusReply<T>> create(ActorRef<C> target, int count, int window,
      BiFunction<Integer, ActorRef<StatusReply<T>>, C> request, CompletableFuture<Result> done) {
    return Behaviors.setup(ctx -> {
      long start = System.nanoTime();
      int[] sent = {0};
      int[] received = {0};
      long[] errors = {0};
      String[] firstError = {null};
      if (count == 0) {
        done.complete(new Result(0, 0, null));
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
          done.complete(new Result(System.nanoTime() - start, errors[0], firstError[0]));
          return Behaviors.stopped();
        }
        return Behaviors.same();
      });
    });
  }
}
