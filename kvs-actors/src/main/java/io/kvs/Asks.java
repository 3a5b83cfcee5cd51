package io.kvs;

import akka.actor.typed.ActorRef;
import akka.actor.typed.RecipientRef;
import akka.actor.typed.Scheduler;
import akka.actor.typed.javadsl.ActorContext;
import akka.dispatch.ExecutionContexts$;
import akka.pattern.StatusReply;
import akka.util.Timeout;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;
import scala.reflect.ClassTag$;
import scala.util.Try;

/**
 * Asks without a thread hop, and small helpers for asks whose answers are {@link StatusReply}s
 * (of the root rank, mostly).
 *
 * <p>Akka's Java ask ({@code ActorContext.ask}, {@code AskPattern.ask}) hands its answer over
 * as a {@code CompletionStage} converted from a Scala future, whose {@code whenComplete} runs
 * asynchronously on the common pool: one more thread wake-up per ask (a park and unpark on
 * this VM, ~5% of the CPU of a jobs run). The asks here take the answer on the thread that
 * gives it, as Akka's Scala API does.
 */
public final class Asks {
  private Asks() {}

  /**
   * As {@code ctx.ask(resClass, target, timeout, createRequest, applyToResponse)}:
   * {@code applyToResponse} runs inside the actor, on the reply or the failure (a
   * {@link TimeoutException} after {@code timeout}).
   */
  public static <T, Req, Res> void ask(ActorContext<T> ctx, Class<Res> resClass,
      RecipientRef<Req> target, Duration timeout, Function<ActorRef<Res>, Req> createRequest,
      BiFunction<Res, Throwable, T> applyToResponse) {
    ctx.asScala().<Req, Res>ask(target, createRequest::apply,
        (Try<Res> t) -> t.isSuccess() ? applyToResponse.apply(t.get(), null)
            : applyToResponse.apply(null, t.failed().get()),
        Timeout.create(timeout), ClassTag$.MODULE$.apply(resClass));
  }

  /**
   * Sends {@code createRequest}'s message to {@code target} and calls {@code then} with the
   * reply or the failure, on the thread that replies (or the scheduler's, on timeout): it
   * must not touch actor state.
   */
  public static <Req, Res> void ask(RecipientRef<Req> target, Duration timeout,
      Scheduler scheduler, Function<ActorRef<Res>, Req> createRequest,
      BiConsumer<Res, Throwable> then) {
    new akka.actor.typed.scaladsl.AskPattern.Askable<>(target)
        .<Res>ask(createRequest::apply, Timeout.create(timeout), scheduler)
        .onComplete((Try<Res> t) -> {
          if (t.isSuccess()) {
            then.accept(t.get(), null);
          } else {
            then.accept(null, t.failed().get());
          }
          return null;
        }, ExecutionContexts$.MODULE$.parasitic());
  }

  /** The reply-to of an ask typed with the raw {@code StatusReply} class. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public static <T> ActorRef<StatusReply<T>> cast(ActorRef<StatusReply> ref) {
    return (ActorRef) ref;
  }

  @SuppressWarnings("unchecked")
  public static <T> StatusReply<T> cast(StatusReply<?> reply) {
    return (StatusReply<T>) reply;
  }

  /**
   * Null if the ask succeeded, else the error to report: the root rank's own error, ETIMEDOUT
   * when it did not answer in time, ENOSYS when it could not be reached.
   */
  public static KvsException error(StatusReply<?> reply, Throwable failure, String doing) {
    if (reply != null && reply.isSuccess()) {
      return null;
    }
    if (reply != null) {
      Throwable e = reply.getError();
      return e instanceof KvsException k ? k : KvsError.PROTOCOL.failure("kvs: " + e.getMessage());
    }
    if (failure instanceof TimeoutException) {
      return KvsError.TIMED_OUT.failure("kvs: timed out " + doing);
    }
    return KvsError.NOT_IMPLEMENTED.failure("kvs: rank 0 unreachable " + doing + ": "
        + (failure == null ? "no answer" : failure.getMessage()));
  }
}
