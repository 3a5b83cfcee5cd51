package io.kvs.watch;

import akka.actor.typed.ActorRef;
import io.kvs.Caller;
import io.kvs.KvsError;
import io.kvs.treeobj.TreeObj;

/**
 * The protocol of a rank's watch service ({@code kvs-watch.lookup}, {@code kvs-watch.cancel},
 * KVS-SPEC §3.3). A watch is named by its {@code replyTo} and an {@code id} chosen by the
 * client, unique among the client's live watches; it streams {@link Response}s carrying that id
 * to {@code replyTo} until one {@link Response.End}. One {@code replyTo} may carry many watches
 * (a connection's session carries all of its streams). A {@code replyTo} that terminates (its
 * client disconnected) loses all its watches at once, without an answer.
 */
public final class WatchProtocol {
  private WatchProtocol() {}

  /** Requests to the watch service. */
  public interface Command {}

  /**
   * Watch (or stream) {@code key} in {@code namespace} with lookup flags (WATCH, WAITCREATE,
   * WATCH_UNIQ, WATCH_FULL, WATCH_APPEND, WATCH_INITIAL_SENTINEL, STREAM, READDIR, READLINK,
   * TREEOBJ). A second live watch with the same {@code replyTo} and {@code id} is refused.
   */
  public record Watch(String namespace, String key, int flags, Caller caller,
      ActorRef<Response> replyTo, long id) implements Command {

    /** The watch with id 0: for a {@code replyTo} that carries one watch. */
    public Watch(String namespace, String key, int flags, Caller caller,
        ActorRef<Response> replyTo) {
      this(namespace, key, flags, caller, replyTo, 0);
    }
  }

  /** End the watch ({@code replyTo}, {@code id}): it gets {@code End(NO_DATA)}. */
  public record Cancel(ActorRef<Response> replyTo, long id) implements Command {

    /** Cancel the watch with id 0. */
    public Cancel(ActorRef<Response> replyTo) {
      this(replyTo, 0);
    }
  }

  /** Forget the watch ({@code replyTo}, {@code id}) without answering: its client dropped it. */
  public record Drop(ActorRef<Response> replyTo, long id) implements Command {}

  /** What a watch sends; {@code id} names the watch among those of its {@code replyTo}. */
  public sealed interface Response permits Response.Value, Response.Sentinel, Response.End {
    long id();

    /** One value: {@code {"val": <treeobj>}} on the wire. */
    record Value(long id, TreeObj val) implements Response {}

    /** The initial sentinel (WATCH_INITIAL_SENTINEL): an empty payload on the wire. */
    record Sentinel(long id) implements Response {}

    /** The end of the stream: ENODATA after a cancel or a finished stream, else the error. */
    record End(long id, KvsError error, String message) implements Response {}
  }
}
