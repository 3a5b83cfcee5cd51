package io.kvs;

import akka.actor.typed.ActorRef;
import akka.pattern.StatusReply;
import io.kvs.KvsError;
import io.kvs.KvsException;
import java.util.concurrent.TimeoutException;

/** Small helpers for asks whose answers are {@link StatusReply}s (of the root rank, mostly). */
public final class Asks {
  private Asks() {}

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
